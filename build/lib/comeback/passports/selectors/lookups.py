"""Finding passports: by serial, GS1 identifier or unit; their events, whether an owner holds one, its lineage."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from comeback.core.problems import NotFound

from ..models import ModelIdentifier, Passport, PassportEvent, PassportStatus

OWNER_IN = ("delivered", "ownership_changed")
BACK_WITH_PROFESSIONALS = ("returned", "traded_in")


def _qs():
    return Passport.objects.select_related(
        "product__brand", "product__category__parent", "variant", "issuer", "previous"
    )


def find(serial: str) -> Passport | None:
    return _qs().filter(serial=(serial or "").strip().upper()).first()


def passport(serial: str) -> Passport:
    found = find(serial)
    if found is None:
        raise NotFound(_("No passport %s.") % serial, code="passport_not_found")
    return found


def by_identifier(*, gtin: str, serial: str) -> Passport:
    found = _qs().filter(gtin=gtin, serial=serial).first()
    if found is None:
        raise NotFound(
            _("No unit (01)%(gtin)s(21)%(serial)s is known here.") % {"gtin": gtin, "serial": serial},
            code="passport_not_found",
        )
    return found


def model_for_gtin(gtin: str):
    """The product model a GTIN names: our identifier record, else a catalogue GTIN (model or variant)."""
    from comeback.catalog.models import ProductModel, Variant

    ident = (
        ModelIdentifier.objects.select_related("product__brand", "product__category")
        .filter(gtin=gtin)
        .first()
    )
    if ident is not None:
        return ident.product, None
    short = gtin.lstrip("0")
    forms = {gtin, gtin[1:], short, short.zfill(8), short.zfill(12), short.zfill(13)}
    product = ProductModel.objects.select_related("brand", "category").filter(gtin__in=forms).first()
    if product is not None:
        return product, None
    variant = (
        Variant.objects.select_related("product__brand", "product__category").filter(gtin__in=forms).first()
    )
    if variant is not None:
        return variant.product, variant
    raise NotFound(_("No product is known here under GTIN %s.") % gtin, code="gtin_not_found")


def events(p: Passport) -> list[PassportEvent]:
    return list(PassportEvent.objects.filter(passport=p).order_by("seq"))


def issued_by(seller, *, limit: int = 100, offset: int = 0) -> tuple[list[Passport], int]:
    qs = _qs().filter(issuer=seller)
    return list(qs[offset : offset + limit]), qs.count()


def active_unit(*, product, imei: str, maker_serial: str) -> Passport | None:
    """The active passport of the same physical unit (same model and IMEI, or maker's serial without IMEI)."""
    if imei:
        match = Q(imei=imei)
    elif maker_serial:
        match = Q(maker_serial=maker_serial)
    else:
        return None
    return _qs().filter(match, product=product, status=PassportStatus.ACTIVE).order_by("-life").first()


def listed_unit(*, product, offer_id: int) -> Passport | None:
    """A unit without IMEI or serial (a garment taken back and resold) is known by the offer it was listed on
    (its `listed` event names it): the active passport listed there and not sold since, oldest first."""
    listed = (
        PassportEvent.objects.select_related("passport")
        .filter(
            kind="listed",
            data__public__offer_id=offer_id,
            passport__product=product,
            passport__status=PassportStatus.ACTIVE,
        )
        .order_by("at", "pk")
    )
    for event in listed:
        if not PassportEvent.objects.filter(passport=event.passport, kind="sold", seq__gt=event.seq).exists():
            return event.passport
    return None


def with_owner(p: Passport) -> bool:
    """Whether the unit's last change of hands put it with an owner (rather than back with a professional)."""
    last = (
        PassportEvent.objects.filter(passport=p, kind__in=OWNER_IN + BACK_WITH_PROFESSIONALS)
        .order_by("-seq")
        .values_list("kind", flat=True)
        .first()
    )
    return last in OWNER_IN


def lineage(p: Passport) -> list[Passport]:
    """Every life of this physical unit, oldest first."""
    lives = [p]
    cursor = p
    while cursor.previous_id and len(lives) < 50:
        cursor = _qs().get(pk=cursor.previous_id)
        lives.insert(0, cursor)
    cursor = p
    while len(lives) < 50:
        nxt = _qs().filter(previous=cursor).first()
        if nxt is None:
            break
        lives.append(nxt)
        cursor = nxt
    return lives
