"""Closed sets of the repair network: part types and sources, location kinds, services (and which part
each fits, which are for garments)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartType(models.TextChoices):
    """What a part is, across categories (phones, laptops, watches, apparel): never only "phone"."""

    BATTERY = "battery", _("Battery")
    SCREEN = "screen", _("Screen assembly")
    BACK_GLASS = "back_glass", _("Back glass")
    CAMERA = "camera", _("Camera")
    CHARGING_PORT = "charging_port", _("Charging port")
    SPEAKER = "speaker", _("Speaker")
    MICROPHONE = "microphone", _("Microphone")
    BUTTONS = "buttons", _("Buttons")
    KEYBOARD = "keyboard", _("Keyboard")
    TRACKPAD = "trackpad", _("Trackpad")
    HINGE = "hinge", _("Hinge")
    CHARGER = "charger", _("Charger")
    STRAP = "strap", _("Strap")
    ZIP = "zip", _("Zip")
    OTHER = "other", _("Other")


class PartSource(models.TextChoices):
    OEM = "oem", _("Original (OEM)")
    COMPATIBLE = "compatible", _("Compatible")
    HARVESTED = "harvested", _("Harvested from a donor unit")


class LocationKind(models.TextChoices):
    PARTNER_STORE = "partner_store", _("Partner store")
    POPUP = "popup", _("Pop-up repair shop")
    INDEPENDENT = "independent", _("Independent repairer")
    WORKSHOP = "workshop", _("Refurbisher's workshop")
    COBBLER = "cobbler", _("Cobbler")
    TAILOR = "tailor", _("Tailor and clothing repair")


class ServiceKind(models.TextChoices):
    BATTERY = "battery_replacement", _("Battery replacement")
    SCREEN = "screen_replacement", _("Screen replacement")
    CHARGING_PORT = "charging_port_repair", _("Charging port repair")
    BACK_GLASS = "back_glass_replacement", _("Back glass replacement")
    CAMERA = "camera_replacement", _("Camera replacement")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    # Garments and shoes (docs/fashion.md "Garment repair").
    GARMENT_ZIP = "garment_zip", _("Zip replacement (garment)")
    GARMENT_HOLE = "garment_hole", _("Hole or tear mended")
    GARMENT_SEAM = "garment_seam", _("Undone seam resewn")
    GARMENT_LINING = "garment_lining", _("Lining repaired")
    HEM = "hem", _("Hem taken up or let down")
    RESIZING = "resizing", _("Resizing (taken in or let out)")
    SHOE_RESOLING = "shoe_resoling", _("Re-soling (rubber sole)")
    SHOE_RESOLING_LEATHER = "shoe_resoling_leather", _("Re-soling (leather sole)")
    SHOE_HEEL_TIP = "shoe_heel_tip", _("Heel tips replaced")
    SHOE_ZIP = "shoe_zip", _("Zip replacement (shoe or boot)")
    SHOE_SEAM = "shoe_seam", _("Shoe seam resewn or glued")


# Services on garments and shoes (a tailor's, a cobbler's): booked for apparel models.
GARMENT_SERVICES = frozenset(
    {
        ServiceKind.GARMENT_ZIP,
        ServiceKind.GARMENT_HOLE,
        ServiceKind.GARMENT_SEAM,
        ServiceKind.GARMENT_LINING,
        ServiceKind.HEM,
        ServiceKind.RESIZING,
        ServiceKind.SHOE_RESOLING,
        ServiceKind.SHOE_RESOLING_LEATHER,
        ServiceKind.SHOE_HEEL_TIP,
        ServiceKind.SHOE_ZIP,
        ServiceKind.SHOE_SEAM,
    }
)

# The part a service normally fits (None: a diagnostic uses none).
SERVICE_PART = {
    ServiceKind.BATTERY: PartType.BATTERY,
    ServiceKind.SCREEN: PartType.SCREEN,
    ServiceKind.CHARGING_PORT: PartType.CHARGING_PORT,
    ServiceKind.BACK_GLASS: PartType.BACK_GLASS,
    ServiceKind.CAMERA: PartType.CAMERA,
    ServiceKind.DIAGNOSTIC: None,
    ServiceKind.GARMENT_ZIP: PartType.ZIP,
    ServiceKind.SHOE_ZIP: PartType.ZIP,
}
