"""Opening passports: for a unit, for stock, or for a new life linked to (and closing) the earlier one."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Forbidden, Invalid

from .. import kinds
from ..kinds import Actor
from ..models import (
    Passport,
    PassportEvent,
    PassportStatus,
    Source,
)
from .appending import _append, record_event
from .identifiers import _ALPHABET, SERIAL_LENGTH, _check_serial, new_serial, unit_gtin
from .process import _move

OPENED_DETAILS = {"care_instructions", "repair_instructions"}  # what an opener may add to the `opened` event


def _product_snapshot(product, variant) -> tuple[dict, dict | None]:
    snapshot = {
        "name": product.name,
        "brand": product.brand.name,
        "category": product.category.slug,
        "category_name": product.category.name,
        "kind": product.category.kind,
        "slug": product.slug,
    }
    if product.release_date:
        snapshot["release_date"] = product.release_date.isoformat()
    var = None
    if variant is not None:
        var = {
            "label": variant.label,
            "sku": variant.sku,
            "attributes": {k: v for k, v in (variant.attributes or {}).items() if not isinstance(v, float)},
        }
    return snapshot, var


def _materials(product) -> list[dict]:
    out = []
    for row in product.materials or []:
        if isinstance(row, dict) and row.get("material"):
            item = {"material": str(row["material"])}
            if isinstance(row.get("percent"), int | float):
                item["percent"] = int(round(row["percent"]))
            out.append(item)
    return out


def open_passport(
    *,
    variant=None,
    product=None,
    serial: str | None = None,
    source: str,
    source_ref: str = "",
    previous: Passport | None = None,
    issuer=None,
    imei: str = "",
    maker_serial: str = "",
    details: dict | None = None,
    actor: Actor | None = None,
    at: datetime | None = None,
) -> Passport:
    """Open the passport of one physical unit; idempotent on (source, source_ref).

    `previous` starts a new life of the same unit (ESPR Art. 11(d)): the earlier passport must be active;
    it gets a `new_life` event pointing here and becomes `superseded`. `details` adds public fields of the
    `opened` event (care_instructions, repair_instructions). `issuer` is the refurbisher (a Seller).
    """
    if source not in Source.values:
        raise Invalid.field("source", "invalid_source", _("Unknown passport source “%s”.") % source)
    if source_ref:
        existing = Passport.objects.filter(source=source, source_ref=source_ref).first()
        if existing is not None:
            return existing
    if variant is not None:
        product = variant.product
    if product is None:
        raise Invalid.field("variant_id", "product_required", _("Name the unit's product variant."))
    extra = sorted(set(details or {}) - OPENED_DETAILS)
    if extra:
        raise Invalid.field(
            f"data.{extra[0]}", "unknown_field", _("“%s” cannot be set when opening a passport.") % extra[0]
        )
    imei = (imei or "").strip()
    maker_serial = (maker_serial or "").strip()
    at = at or clock.now()
    actor = actor or Actor.system()
    serial = _check_serial(serial, imei=imei) if serial else None
    if previous is not None and previous.product_id != product.pk:
        raise Invalid.field(
            "previous",
            "lineage_model_mismatch",
            _("A new life is the same physical unit: the earlier passport is for another model."),
        )
    gtin = unit_gtin(product=product, variant=variant, at=at)
    snapshot, var = _product_snapshot(product, variant)
    try:
        with transaction.atomic():
            if previous is not None:
                previous = Passport.objects.get(pk=previous.pk)
                _move(previous, PassportStatus.SUPERSEDED, actor=Actor.system())
            passport = _create(
                product=product,
                variant=variant,
                serial=serial,
                gtin=gtin,
                source=source,
                source_ref=source_ref,
                previous=previous,
                issuer=issuer,
                imei=imei,
                maker_serial=maker_serial,
                at=at,
            )
            data = {
                "product": snapshot,
                "variant": var,
                "gtin": gtin,
                "materials": _materials(product),
                "origin": product.origin or None,
                "weight_grams": product.weight_grams,
                "source": source,
                "life": passport.life,
                "previous": previous.path if previous else None,
                "issuer": issuer.display_name if issuer else None,
                "imei": imei or None,
                "maker_serial": maker_serial or None,
                "source_ref": source_ref or None,
                "issuer_legal": _legal(issuer),
                **(details or {}),
            }
            _append(
                passport,
                kinds.get("opened"),
                kinds.clean(kinds.get("opened"), data),
                actor=actor,
                at=at,
                key="",
            )
            if previous is not None:
                _append(
                    previous,
                    kinds.get("new_life"),
                    kinds.clean(kinds.get("new_life"), {"next": passport.path, "life": passport.life}),
                    actor=Actor.system(),
                    at=at,
                    key=f"passport:{passport.pk}:new_life",
                )
    except IntegrityError:
        if source_ref:  # a racing opener of the same source won
            found = Passport.objects.filter(source=source, source_ref=source_ref).first()
            if found is not None:
                return found
        raise
    return passport


def _legal(issuer) -> dict | None:
    if issuer is None:
        return None
    return {
        "legal_name": issuer.legal_name,
        "registration": issuer.company_registration or "",
        "vat_number": issuer.vat_number or "",
        "country": issuer.country,
    }


def derived_serial(source: str, source_ref: str) -> str:
    """A serial fixed by the passport's source (keyed by SECRET_KEY, so still unguessable): whoever opens the
    passport of an order line first — the outbox handler or the demo — gives it the same identifier."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"passport:{source}:{source_ref}".encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(SERIAL_LENGTH))


def _create(*, product, variant, serial, gtin, source, source_ref, previous, issuer, imei, maker_serial, at):
    candidate = serial or (derived_serial(source, source_ref) if source_ref else None)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Passport.objects.create(
                    serial=candidate or new_serial(),
                    gtin=gtin,
                    product=product,
                    variant=variant,
                    source=source,
                    source_ref=source_ref,
                    previous=previous,
                    life=previous.life + 1 if previous else 1,
                    issuer=issuer,
                    imei=imei,
                    maker_serial=maker_serial,
                    created_at=at,
                )
        except IntegrityError:
            if serial and Passport.objects.filter(serial=serial).exists():
                raise Conflict(_("A passport with serial %s exists.") % serial, code="serial_taken") from None
            if source_ref and Passport.objects.filter(source=source, source_ref=source_ref).exists():
                raise  # a racing opener of the same source: the caller returns its passport
            if previous is not None and Passport.objects.filter(previous=previous).exists():
                raise  # a racing new life of the same unit: refused by the caller
            candidate = None  # a serial collided: draw a random one
    raise Conflict(_("Could not allocate a free serial."), code="serial_taken")  # pragma: no cover


def may_link(*, previous: Passport, seller) -> None:
    """A refurbisher may start a new life only of a unit it issued or handled (recorded an event on)."""
    handled = (
        previous.issuer_id == seller.pk
        or PassportEvent.objects.filter(passport=previous, actor_seller=seller).exists()
    )
    if not handled:
        raise Forbidden(
            _("Only the refurbisher that issued or handled a unit may open its next life."),
            code="not_your_passport",
        )


def open_stock_passport(
    *,
    seller,
    variant=None,
    variant_id: int | None = None,
    imei: str = "",
    maker_serial: str = "",
    grade: str = "",
    battery_health: int | None = None,
    previous: str = "",
    care_instructions: list | None = None,
    repair_instructions: str = "",
    idempotency_key: str = "",
    at: datetime | None = None,
) -> Passport:
    """A refurbisher registers a unit of its stock (seller API and portal): opens the passport, optionally
    as the next life of an earlier one, and records its grading. Idempotent on the Idempotency-Key."""
    from comeback.catalog.models import Variant
    from comeback.sellers.models import SELLING_STATUSES

    if seller.status not in SELLING_STATUSES:
        raise Forbidden(_("Only an active refurbisher registers units."), code="seller_not_active")
    if variant is None:
        variant = (
            Variant.objects.select_related("product__brand", "product__category")
            .filter(pk=variant_id)
            .first()
        )
        if variant is None:
            raise Invalid.field("variant_id", "unknown_variant", _("No product variant %s.") % variant_id)
    if imei:
        from stdnum import imei as imei_number
        from stdnum.exceptions import ValidationError as StdnumError

        try:
            imei = imei_number.validate(imei)
            if len(imei) != 15:
                raise StdnumError()
        except StdnumError:
            raise Invalid.field(
                "imei", "invalid_imei", _("This IMEI is not valid: 15 digits with a correct check digit.")
            ) from None
    earlier = None
    if previous:
        earlier = Passport.objects.filter(serial=previous.strip().upper()).first()
        if earlier is None:
            raise Invalid.field("previous", "unknown_passport", _("No passport %s.") % previous)
        may_link(previous=earlier, seller=seller)
    details = {
        "care_instructions": care_instructions or None,
        "repair_instructions": repair_instructions or None,
    }
    source_ref = f"seller:{seller.pk}:{idempotency_key}" if idempotency_key else ""
    with transaction.atomic():
        passport = open_passport(
            variant=variant,
            source=Source.STOCK,
            source_ref=source_ref,
            issuer=seller,
            imei=imei,
            maker_serial=maker_serial,
            previous=earlier,
            details={k: v for k, v in details.items() if v},
            actor=Actor.of_seller(seller),
            at=at,
        )
        if grade and passport.head_seq == 1:
            record_event(
                passport=passport,
                kind="graded",
                actor=Actor.of_seller(seller),
                at=at,
                data={"grade": grade, "battery_health": battery_health},
            )
        elif battery_health is not None and passport.head_seq == 1:
            record_event(
                passport=passport,
                kind="battery_measured",
                actor=Actor.of_seller(seller),
                at=at,
                data={"battery_health": battery_health},
            )
    return passport
