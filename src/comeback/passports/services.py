"""Writing passports: THE API other apps call (docs/passports.md "Writing to passports").

- `open_passport(...)` opens a passport for a physical unit (or returns the one already opened for the
  same source), allocating its identifier and, for a new life, linking and closing the earlier one.
- `record_event(...)` appends one event to a passport's chain and re-signs its head.

Both are keyword-only and own their transaction; callers pass an `Actor` (kinds.Actor). Appending moves
the passport's head with a guarded UPDATE (`WHERE head_seq = n`), so two racing writers cannot both
take the same place in the chain: the loser re-reads the head and tries again.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import luhn

from comeback.catalog import services as catalog_services
from comeback.core import clock, ids
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound

from . import chain, gs1, kinds, selectors
from .kinds import Actor, Role
from .models import (
    GrantRole,
    GtinCounter,
    Level,
    ModelIdentifier,
    Passport,
    PassportAccessGrant,
    PassportEvent,
    PassportStatus,
    Source,
)

__all__ = [
    "Actor",
    "open_passport",
    "record_event",
    "model_gtin",
    "unit_gtin",
    "grant_access",
    "revoke_grant",
]

SERIAL_RE = re.compile(r"^[0-9A-Z]{6,20}$")
SERIAL_LENGTH = 12  # Crockford base32: 60 bits, short enough for a small QR code
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
APPEND_ATTEMPTS = 8
FUTURE_SLACK = timedelta(minutes=5)  # clocks of the devices recording events drift a little
OPENED_DETAILS = {"care_instructions", "repair_instructions"}  # what an opener may add to the `opened` event

# The passport's own process (transition table: who may move it).
S = PassportStatus
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.ACTIVE, S.SUPERSEDED): frozenset({Role.SYSTEM}),  # a new life opened (open_passport with previous=)
    (S.ACTIVE, S.END_OF_LIFE): frozenset({Role.SYSTEM, Role.SELLER, Role.RECYCLER, Role.STAFF}),  # harvested…
}


def _move(passport: Passport, to: str, *, actor: Actor) -> None:
    allowed = TRANSITIONS.get((passport.status, to))
    if allowed is None or actor.role not in allowed:
        raise Conflict(
            _("This passport cannot go from %(a)s to %(b)s.") % {"a": passport.status, "b": to},
            code="invalid_transition",
        )
    moved = Passport.objects.filter(pk=passport.pk, status=passport.status).update(status=to)
    if not moved:
        raise Conflict(_("The passport changed meanwhile; try again."), code="passport_state_changed")
    passport.status = to


# Identifiers ------------------------------------------------------------------------------------------
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


# Opening ---------------------------------------------------------------------------------------------
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


# Appending --------------------------------------------------------------------------------------------
# Which units a role holds: `fn(*, passport, actor) -> bool`, registered by the app that knows (repair
# registers the repairer's jobs in RepairConfig.ready()). A role with a registered check writes only to
# the units it holds; a repairer without one holds nothing.
_holders: dict[str, Callable[..., bool]] = {}


def register_holder(role: str, fn: Callable[..., bool]) -> None:
    _holders[role] = fn


def may_write(*, passport: Passport, actor: Actor, kind: kinds.Kind) -> None:
    """Who may record what (kinds.KINDS writers), and on which passport: a refurbisher on the units it
    issued or has handled (recorded an event on), a repairer on the units it holds a repair job for,
    recyclers on any unit, staff on all."""
    if actor.role not in kind.writers:
        raise Forbidden(
            _("A %(role)s may not record “%(kind)s” events.") % {"role": actor.role, "kind": kind.name},
            code="event_kind_forbidden",
        )
    if actor.role == Role.SELLER:
        seller = actor.seller
        handled = seller is not None and (
            passport.issuer_id == seller.pk
            or PassportEvent.objects.filter(passport=passport, actor_seller=seller).exists()
        )
        if not handled:
            raise Forbidden(
                _("Only the refurbisher that issued or handled this unit may write to its passport."),
                code="not_your_passport",
            )
    if actor.role == Role.REPAIRER:
        holds = _holders.get(Role.REPAIRER)
        if holds is None or not holds(passport=passport, actor=actor):
            raise Forbidden(
                _("A repairer writes only to the passports of units it holds a repair booking or job for."),
                code="not_your_passport",
            )


def collected_unit(
    *,
    key: str,
    product,
    imei: str,
    maker_serial: str,
    source: str,
    source_ref: str,
    issuer,
    at: datetime,
    data: dict,
) -> Passport:
    """The passport of a unit collected from its owner (trade-in, recovery), once: the passport its
    `traded_in` event (idempotency `key`) went to; else the unit's active passport, continued (it was sold
    on Comeback before); else a new one. Records the `traded_in` event under `key`. Idempotent."""
    event = PassportEvent.objects.select_related("passport").filter(key=key).first()
    if event is not None:
        return event.passport
    passport = selectors.active_unit(product=product, imei=imei, maker_serial=maker_serial) or open_passport(
        product=product,
        source=source,
        source_ref=source_ref,
        issuer=issuer,
        imei=imei,
        maker_serial=maker_serial,
        at=at,
    )
    record_event(passport=passport, kind="traded_in", actor=Actor.system(), at=at, key=key, data=data)
    return passport


def traded_in_passport(*, key: str) -> Passport | None:
    """The passport a collected unit's `traded_in` event (idempotency `key`) went to, if recorded yet."""
    event = PassportEvent.objects.select_related("passport", "passport__product").filter(key=key).first()
    return event.passport if event else None


def record_event(
    *,
    passport: Passport,
    kind: str,
    data: dict | None,
    actor: Actor,
    at: datetime | None = None,
    key: str = "",
) -> PassportEvent:
    """Append one event (kinds.KINDS names every kind and field). Idempotent on `key` when given.

    An event whose kind ends the unit's life (harvested, upcycled, recycled) also closes the passport.
    """
    spec = kinds.get(kind)
    if key:
        existing = PassportEvent.objects.filter(key=key).first()
        if existing is not None:
            return existing
    may_write(passport=passport, actor=actor, kind=spec)
    levels = kinds.clean(spec, data)
    now = clock.now()
    at = at or now
    if timezone.is_naive(at):
        at = at.replace(tzinfo=UTC)
    if at > now + FUTURE_SLACK:
        raise Invalid.field("at", "at_in_future", _("An event cannot be recorded in the future."))
    try:
        with transaction.atomic():
            current = Passport.objects.get(pk=passport.pk)
            if current.status != PassportStatus.ACTIVE:
                raise Conflict(
                    _("This passport is closed (%s): open a new life instead.")
                    % current.get_status_display(),
                    code="passport_closed",
                )
            event = _append(current, spec, levels, actor=actor, at=at, key=key)
            if spec.ends_life:
                _move(current, PassportStatus.END_OF_LIFE, actor=actor)
    except IntegrityError:
        if key:
            existing = PassportEvent.objects.filter(key=key).first()
            if existing is not None:
                return existing
        raise
    for name in ("head_seq", "head_hash", "head_signed_at", "head_signature", "head_key_id", "status"):
        setattr(passport, name, getattr(current, name))
    return event


def _append(
    passport: Passport, spec: kinds.Kind, levels: dict[str, dict], *, actor: Actor, at: datetime, key: str
) -> PassportEvent:
    at = at.replace(microsecond=0)
    salts = {level: chain.new_salt() for level in chain.SEALED_LEVELS}
    sealed = {level: chain.commitment(salts[level], levels[level]) for level in chain.SEALED_LEVELS}
    actor_json = {"role": str(actor.role), "name": actor.name or ""}
    for _attempt in range(APPEND_ATTEMPTS):
        seq, prev = passport.head_seq + 1, passport.head_hash
        body = chain.event_body(
            passport_id=passport.path,
            seq=seq,
            kind=spec.name,
            at=chain.timestamp(at),
            actor=actor_json,
            data=levels[Level.PUBLIC],
            sealed=sealed,
            prev=prev,
        )
        digest = chain.event_hash(body)
        signed_at = clock.now().replace(microsecond=0)
        statement = chain.head_statement(
            passport_id=passport.path, seq=seq, head_hash=digest, signed_at=chain.timestamp(signed_at)
        )
        head = {
            "head_seq": seq,
            "head_hash": digest,
            "head_signed_at": signed_at,
            "head_signature": chain.sign(statement),
            "head_key_id": chain.key_id(),
        }
        moved = Passport.objects.filter(pk=passport.pk, head_seq=seq - 1, head_hash=prev).update(**head)
        if moved:
            for name, value in head.items():
                setattr(passport, name, value)
            return PassportEvent.objects.create(
                passport=passport,
                seq=seq,
                kind=spec.name,
                at=at,
                recorded_at=clock.now(),
                actor_role=actor.role,
                actor_name=actor.name or "",
                actor_seller=actor.seller,
                data=levels,
                salts=salts,
                prev_hash=prev,
                hash=digest,
                key=key,
            )
        passport.refresh_from_db(fields=["head_seq", "head_hash", "status"])
    raise Conflict(_("The passport is being written by someone else; try again."), code="passport_head_moved")


def resign(passport: Passport) -> None:
    """Sign the current head again (after a key rotation): the chain itself is unchanged."""
    signed_at = clock.now().replace(microsecond=0)
    statement = chain.head_statement(
        passport_id=passport.path,
        seq=passport.head_seq,
        head_hash=passport.head_hash,
        signed_at=chain.timestamp(signed_at),
    )
    Passport.objects.filter(pk=passport.pk, head_seq=passport.head_seq, head_hash=passport.head_hash).update(
        head_signed_at=signed_at, head_signature=chain.sign(statement), head_key_id=chain.key_id()
    )


# Access grants ----------------------------------------------------------------------------------------
def grant_access(
    *, user, role: str, organisation: str, granted_by=None, at: datetime | None = None
) -> PassportAccessGrant:
    """Give a user a passport role (repairer, recycler, authority). Idempotent per active (user, role)."""
    if role not in GrantRole.values:
        raise Invalid.field(
            "role", "invalid_role", _("Role must be one of: %s.") % ", ".join(GrantRole.values)
        )
    organisation = (organisation or "").strip()
    if not organisation or len(organisation) > 120:
        raise Invalid.field(
            "organisation",
            "organisation_required",
            _("Name the organisation (at most 120 characters): it signs the events."),
        )
    existing = PassportAccessGrant.objects.filter(user=user, role=role, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return PassportAccessGrant.objects.create(
                user=user,
                role=role,
                organisation=organisation,
                granted_by=granted_by,
                created_at=at or clock.now(),
            )
    except IntegrityError:
        return PassportAccessGrant.objects.get(user=user, role=role, revoked_at__isnull=True)


def revoke_grant(*, grant_id: int, at: datetime | None = None) -> None:
    moved = PassportAccessGrant.objects.filter(pk=grant_id, revoked_at__isnull=True).update(
        revoked_at=at or clock.now()
    )
    if not moved:
        raise NotFound(_("No active passport grant %s.") % grant_id, code="grant_not_found")
