"""Authentication of high-value listings (docs/trust.md §5 "Authentication"): bags, sneakers, watches…

Above its category's threshold (`AuthenticationThreshold`, data: a category slug, a currency, a price) a new
listing is created `in_review`, invisible to buyers, with a pending `Authentication`. An authenticator (a user
in the `authenticators` group) adds evidence photos and decides once, with reasons: authenticated publishes
the listing with its badge; refused withdraws it, and the seller reads why (trust issues a statement of
reasons from `offer.authentication_decided`). Each unit sold from an authenticated listing has the
authentication recorded in its passport (passports' handler, when the unit's passport opens).
"""

from __future__ import annotations

from datetime import datetime

from django.db import router, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, images, outbox
from comeback.core.money import Money
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound
from comeback.core.rows import Columns, Read, read_together

from . import photos, slot_sql
from .models import (
    Authentication,
    AuthenticationPhoto,
    AuthenticationStatus,
    AuthenticationThreshold,
    Offer,
    OfferStatus,
)

AUTHENTICATORS = "authenticators"  # the group that makes a user an authenticator
MAX_EVIDENCE = 12
MIN_REASONS = 10
RESULTS = (AuthenticationStatus.AUTHENTICATED, AuthenticationStatus.REFUSED)


def is_authenticator(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.groups.filter(name=AUTHENTICATORS).exists()
    )


def require_authenticator(user) -> None:
    if not is_authenticator(user):
        raise Forbidden(_("Only an authenticator does this."), code="not_an_authenticator")


def category_slugs(category) -> list[str]:
    """The category's slug and its ancestors' (a threshold on a parent covers its children)."""
    slugs, seen = [], 0
    while category is not None and seen < 5:
        slugs.append(category.slug)
        category, seen = category.parent, seen + 1
    return slugs


def threshold_for(*, category, currency: str, price_amount: int) -> AuthenticationThreshold | None:
    """The threshold a listing at this price reaches, or None (the nearest category's threshold wins)."""
    slugs = category_slugs(category)
    rows = {
        t.category_slug: t
        for t in AuthenticationThreshold.objects.filter(category_slug__in=slugs, currency=currency)
    }
    for slug in slugs:
        row = rows.get(slug)
        if row is not None:
            return row if price_amount >= row.min_price_amount else None
    return None


def ensure_price_allowed(*, offer: Offer, price_amount: int) -> None:
    """A live listing never reaches its category's threshold without having been authenticated: the seller
    lists the item again, and that new listing waits for an authenticator."""
    threshold = threshold_for(
        category=offer.variant.product.category, currency=offer.currency, price_amount=price_amount
    )
    if threshold is None:
        return  # below every threshold (most prices): no authentication to look for
    if Authentication.objects.filter(offer=offer).exists():
        return  # authenticated, or waiting: the price may move
    raise Invalid.field(
        "price",
        "authentication_required",
        _(
            "From %(amount)s this category is sold only after authentication: withdraw this listing and "
            "list the item again at the new price to have it authenticated."
        )
        % {"amount": Money(threshold.min_price_amount, threshold.currency).format()},
    )


def request(*, offer: Offer, threshold: AuthenticationThreshold, at: datetime) -> Authentication:
    """Inside the publishing transaction: the listing waits for an authenticator."""
    row = Authentication.objects.create(
        offer=offer, threshold_amount=threshold.min_price_amount, requested_at=at
    )
    outbox.emit("offer.authentication_requested", offer_id=offer.pk, authentication_id=row.pk)
    return row


def get(authentication_id: int) -> Authentication:
    row = (
        Authentication.objects.select_related("offer__variant__product", "offer__seller")
        .filter(pk=authentication_id)
        .first()
        if 0 < authentication_id < 2**63
        else None
    )
    if row is None:
        raise NotFound(_("No authentication %s.") % authentication_id, code="authentication_not_found")
    return row


def queue(*, by):
    require_authenticator(by)
    return (
        Authentication.objects.filter(status=AuthenticationStatus.PENDING)
        .select_related("offer__variant__product", "offer__seller")
        .order_by("requested_at", "id")
    )


def add_evidence(
    *, authentication_id: int, files: list, by, at: datetime | None = None
) -> list[AuthenticationPhoto]:
    """Evidence photos, through core's image gate; only while the authentication is pending."""
    require_authenticator(by)
    at = at or clock.now()
    row = get(authentication_id)
    files = list(files or [])
    if not files:
        raise Invalid.field("photos", "photos_required", _("Choose at least one photo."))
    accepted = [images.accept(f, field=f"photos[{i}]") for i, f in enumerate(files)]
    stored = [(p, images.store_renditions(p)) for p in accepted]  # slow work before any lock
    with transaction.atomic():
        locked = Authentication.objects.select_for_update().get(pk=row.pk)
        if locked.status != AuthenticationStatus.PENDING:
            raise Conflict(_("This authentication is already decided."), code="authentication_decided")
        start = locked.photos.count()
        if start + len(stored) > MAX_EVIDENCE:
            raise Invalid.field(
                "photos", "too_many_photos", _("At most %(n)d evidence photos.") % {"n": MAX_EVIDENCE}
            )
        return AuthenticationPhoto.objects.bulk_create(
            AuthenticationPhoto(
                authentication=locked,
                position=start + i,
                width=p.width,
                height=p.height,
                sha256=p.sha256,
                files=files_,
                uploaded_at=at,
            )
            for i, (p, files_) in enumerate(stored)
        )


def decide(
    *, authentication_id: int, result: str, reasons: str, checked: list[str] | None = None, by, at=None
) -> Authentication:
    """The verdict, once, with reasons and at least one evidence photo. Guarded: of two authenticators
    deciding at once, one wins and the other gets 409 `authentication_decided`."""
    require_authenticator(by)
    at = at or clock.now()
    reasons = " ".join((reasons or "").split())
    checked = [str(c).strip()[:80] for c in (checked or []) if str(c).strip()][:20]
    problems = []
    if result not in RESULTS:
        problems.append(
            {
                "field": "result",
                "code": "invalid_result",
                "message": _("The result is authenticated or refused."),
            }
        )
    if len(reasons) < MIN_REASONS:
        problems.append(
            {
                "field": "reasons",
                "code": "reasons_required",
                "message": _("Give the reasons in at least %d characters.") % MIN_REASONS,
            }
        )
    Invalid.raise_any(problems)
    row = get(authentication_id)
    if not row.photos.exists():
        raise Invalid.field("photos", "evidence_required", _("Add at least one evidence photo first."))
    with transaction.atomic():
        moved = Authentication.objects.filter(pk=row.pk, status=AuthenticationStatus.PENDING).update(
            status=result, reasons=reasons[:4000], checked=checked, authenticator=by, decided_at=at
        )
        if not moved:
            raise Conflict(_("This authentication is already decided."), code="authentication_decided")
        to = OfferStatus.ACTIVE if result == AuthenticationStatus.AUTHENTICATED else OfferStatus.WITHDRAWN
        changes = {"status": to, "updated_at": at}
        if to == OfferStatus.ACTIVE:
            changes["published_at"] = at
        Offer.objects.filter(pk=row.offer_id, status=OfferStatus.IN_REVIEW).update(**changes)
        outbox.emit(
            "offer.authentication_decided",
            offer_id=row.offer_id,
            seller_id=row.offer.seller_id,
            authentication_id=row.pk,
            result=result,
        )
        if to == OfferStatus.ACTIVE:
            outbox.emit("offer.published", offer_id=row.offer_id, seller_id=row.offer.seller_id)
        outbox.emit("offer.updated", offer_id=row.offer_id, seller_id=row.offer.seller_id, fields=["status"])
    row.refresh_from_db()
    return row


# Evidence photos are seen by the people who judge the case ---------------------------------------------------
def may_see_evidence(user, row: Authentication) -> bool:
    """Staff; any authenticator while the case waits in the desk's shared queue; once decided, the
    authenticator who decided it. The seller reads the verdict and its reasons, not the evidence
    (docs/trust.md §5)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    if row.status != AuthenticationStatus.PENDING:
        return row.authenticator_id == user.pk
    return is_authenticator(user)


def evidence_shown(rows: list[AuthenticationPhoto]) -> list[photos.Shown]:
    """The case's evidence photos as pages show them, each width served by `authenticator:evidence_photo`."""
    return [
        photos.Shown(
            id=row.pk,
            position=row.position,
            alt=f"{_('Evidence')} {n}",
            width=row.width,
            height=row.height,
            sizes=photos.sizes_of(row, url_name="authenticator:evidence_photo"),
        )
        for n, row in enumerate(rows, start=1)
    ]


def evidence_file(*, photo_id: int, width: int, ext: str, user) -> tuple[str, str] | None:
    """(storage name, content type) of one rendition of an evidence photo `user` may see, else None: a photo
    one may not see is as absent as one that does not exist."""
    row = (
        AuthenticationPhoto.objects.select_related("authentication").filter(pk=photo_id).first()
        if 0 < photo_id < 2**63
        else None
    )
    if row is None or not may_see_evidence(user, row.authentication):
        return None
    name = row.files.get(f"{width}.{ext}")
    if name is None:
        return None
    return name, "image/webp" if ext == "webp" else "image/jpeg"


def badges(offers) -> dict[int, dict]:
    """The authenticated badge of each offer that has one, by offer id (one query for a page of offers)."""
    read = badges_read(offers)
    return badges_from(read, read_together([read])[0])


def badges_read(offers) -> Read | None:
    """The statement of `badges`, to send with others (core/rows.py `read_together`); None for no offers."""
    ids = [o.pk for o in offers]
    if not ids:
        return None
    # Read by hand: a product page asks on every request, and compiling the ORM's query cost most of it
    # (docs/performance.md "Render path: product page"); tests/offers/test_photo_badge_sql.py holds it equal.
    sql = _BADGES_SQL.replace("{ids}", ", ".join(["%s"] * len(ids)))
    return Read(router.db_for_read(Authentication), sql, [_AUTHENTICATED, *ids])


def badges_shown_read(shown_cte: str, params: list) -> Read:
    """`badges_read` for a product page's shown offers (offers/slot_sql.py `shown_variant_offers`)."""
    sql = f"{shown_cte} {_BADGES_SQL.replace('{ids}', slot_sql.SHOWN_IDS)}"
    return Read(router.db_for_read(Authentication), sql, [*params, _AUTHENTICATED])


def badges_from(read: Read | None, rows: list[tuple]) -> dict[int, dict]:
    built = [_BADGE.build(read.alias, row) for row in rows] if read is not None else []
    return {
        row.offer_id: {"authenticated_at": row.decided_at, "checked": list(row.checked or [])}
        for row in built
    }


_BADGE = Columns(Authentication, "a", {"offer_id", "decided_at", "checked"})
_BADGES_SQL = (
    f'SELECT {_BADGE.select()} FROM "{Authentication._meta.db_table}" a'
    ' WHERE a."status" = %s AND a."offer_id" IN ({ids}) ORDER BY a."requested_at", a."id"'
)
_AUTHENTICATED = AuthenticationStatus.AUTHENTICATED.value
