"""Identifiers: a passport's serial, and GS1 GTINs allocated for models and units."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from stdnum import luhn

from comeback.catalog import services as catalog_services
from comeback.core import clock, ids
from comeback.core.problems import Conflict, Invalid

from .. import gs1
from ..models import (
    GtinCounter,
    ModelIdentifier,
)

SERIAL_RE = re.compile(r"^[0-9A-Z]{6,20}$")
SERIAL_LENGTH = 12  # Crockford base32: 60 bits, short enough for a small QR code
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_serial() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(SERIAL_LENGTH))


def _check_serial(serial: str, *, imei: str) -> str:
    serial = (serial or "").strip().upper()
    if not SERIAL_RE.match(serial):
        raise Invalid.field(
            "serial", "invalid_serial", _("A passport serial is 6 to 20 letters A–Z or digits.")
        )
    # docs/design.md §2: the serial is ours, never the IMEI (an IMEI is personal data at the restricted level).
    if serial == imei or (len(serial) == 15 and serial.isdigit() and luhn.is_valid(serial)):
        raise Invalid.field("serial", "serial_looks_like_imei", _("A passport serial must not be an IMEI."))
    return serial


def _catalogue_gtin(*values: str | None) -> str | None:
    for value in values:
        if value:
            try:
                return ids.normalise_gtin(value)
            except ValueError:
                continue
    return None


def model_gtin(*, product, at: datetime | None = None) -> str:
    """The GTIN-14 a product model resolves by: its catalogue GTIN, else one allocated once from
    COMEBACK_GS1_COMPANY_PREFIX (item references counted by a guarded UPDATE on one row)."""
    found = ModelIdentifier.objects.filter(product=product).values_list("gtin", flat=True).first()
    if found:
        return found
    at = at or clock.now()
    gtin = _catalogue_gtin(product.gtin)
    allocated = gtin is None
    with transaction.atomic():
        if allocated:
            gtin = _allocate(settings.COMEBACK_GS1_COMPANY_PREFIX)
        try:
            with transaction.atomic():
                ModelIdentifier.objects.create(product=product, gtin=gtin, allocated=allocated, created_at=at)
        except IntegrityError:  # a racing first passport of the same model won
            return ModelIdentifier.objects.get(product=product).gtin
    return gtin


def unit_gtin(*, product, variant=None, at: datetime | None = None) -> str:
    """The GTIN a unit is identified by (GS1: one GTIN per trade item, so per variant): the variant's own;
    else the model's, where its brand uses one GTIN for every variant; else one allocated from
    COMEBACK_GS1_COMPANY_PREFIX for the variant and kept on it (the catalogue writes it). Without a variant,
    the model's (model_gtin)."""
    if variant is None:
        return model_gtin(product=product, at=at)
    found = _catalogue_gtin(variant.gtin, product.gtin)
    if found:
        return found
    with transaction.atomic():
        gtin = _allocate(settings.COMEBACK_GS1_COMPANY_PREFIX)
        gtin = catalog_services.assign_variant_gtin(variant=variant, gtin=gtin)
    variant.gtin = gtin
    return gtin


def _allocate(prefix: str) -> str:
    """The next item reference after the highest one allocated. The counter row's UPDATE is the lock that
    queues concurrent allocations (a guarded write, not check-then-act). References of models whose every
    passport was deleted (only the demo reset deletes passports) are given again, so the demo's GTINs are
    stable; a GTIN printed on a unit always has its passport, which protects its model."""
    from comeback.catalog.models import ProductModel, Variant

    capacity = gs1.prefix_capacity(prefix)
    GtinCounter.objects.get_or_create(prefix=prefix)
    GtinCounter.objects.filter(prefix=prefix).update(next_reference=F("next_reference") + 1)
    under = "0" + prefix
    allocated = [
        *ModelIdentifier.objects.filter(allocated=True, gtin__startswith=under).values_list(
            "gtin", flat=True
        ),
        *Variant.objects.filter(gtin__startswith=under).values_list("gtin", flat=True),
    ]
    reference = max((ids.gtin_reference(g, prefix) or 0 for g in allocated), default=0) + 1
    while reference < capacity:
        gtin = gs1.allocate(prefix, reference)
        forms = [gtin, gtin[1:], gtin.lstrip("0")]
        if not (
            ProductModel.objects.filter(gtin__in=forms).exists()
            or Variant.objects.filter(gtin__in=forms).exists()
            or ModelIdentifier.objects.filter(gtin=gtin).exists()
        ):
            return gtin
        reference += 1
    raise Conflict(
        _("The GS1 company prefix %s has no item references left.") % prefix, code="gtin_prefix_exhausted"
    )
