"""Partner channels: membership, the partner API token, store drop-offs and the counter trade-in.

A brand programme attributes the quotes started on its landing page; a retail network's stores take
drop-offs of online trade-ins and run trade-ins at the counter: the same questionnaire (answered by staff
after inspecting the device on the spot), identity and bank account, a data wipe, and an immediate payout.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound

from .. import processes, selectors
from ..models import Partner, PartnerMember, PartnerToken, Quote, Store, TradeIn, TradeInPayout
from ..models import TradeInStatus as S
from ..processes import Actor
from . import access, inspection, orders, payouts, quotes
from .access import Operator

TOKEN_PREFIX = "cbp_"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedPartnerToken:
    token: PartnerToken
    secret: str  # shown once, never stored


def add_member(
    *, user, partner: Partner, store: Store | None = None, at: datetime | None = None
) -> PartnerMember:
    if store is not None and store.partner_id != partner.pk:
        raise Invalid.field("store", "store_not_of_partner", _("This store belongs to another partner."))
    member, _created = PartnerMember.objects.update_or_create(
        user=user, partner=partner, defaults={"store": store, "created_at": at or clock.now()}
    )
    return member


def issue_token(
    *, partner: Partner, store: Store | None = None, name: str = "api", by=None
) -> IssuedPartnerToken:
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = PartnerToken.objects.create(
            partner=partner,
            store=store,
            name=(name or "api")[:100],
            prefix=prefix,
            key_hash=_hash(secret),
            created_by=by,
            created_at=clock.now(),
        )
    return IssuedPartnerToken(token=token, secret=secret)


def issue_token_for_member(*, member: PartnerMember, name: str = "api") -> IssuedPartnerToken:
    """A member's token sees what the member sees: headquarters every store, store staff their store."""
    return issue_token(partner=member.partner, store=member.store, name=name, by=member.user)


def authenticate_token(secret: str) -> PartnerToken | None:
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        PartnerToken.objects.select_related("partner", "store")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, partner__is_active=True)
        .first()
    )
    if token is None:
        return None
    at = clock.now()
    if token.last_used_at is None or (at - token.last_used_at).total_seconds() > 60:
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=at)
    return token


def revoke_token(*, member: PartnerMember, token_id: int) -> None:
    qs = PartnerToken.objects.filter(pk=token_id, partner=member.partner, revoked_at__isnull=True)
    if member.store_id is not None:
        qs = qs.filter(store=member.store)
    if not qs.update(revoked_at=clock.now()):
        raise NotFound(_("No active token with that id."), code="token_not_found")


def brand_of(*, partner: Partner, scope_store: Store | None) -> int:
    """The catalogue brand whose official model photos this partner's headquarters manage
    (catalog/gallery.py): only a brand programme linked to its brand, never a store's staff."""
    if partner.kind != "brand" or partner.brand_id is None:
        raise Forbidden(_("Only a brand programme manages its models' photos."), code="brand_partner_only")
    if scope_store is not None:
        raise Forbidden(
            _("Only the brand's headquarters manage its models' photos."), code="headquarters_only"
        )
    return partner.brand_id


def store_of(*, partner: Partner, scope_store: Store | None, store_id: int) -> Store:
    """One of the stores the caller may act for (404 for another partner's or another store's)."""
    store = selectors.visible_stores(partner, scope_store).filter(pk=store_id, is_active=True).first()
    if store is None:
        raise NotFound(_("No store of yours with this id."), code="store_not_found")
    return store


def drop_off(*, store: Store, ref: str, by=None, at: datetime | None = None) -> TradeIn:
    """An online trade-in handed over at a store counter: it counts as shipped, and the store (and its
    partner, when the trade-in came through no other programme) is credited with it."""
    at = at or clock.now()
    tradein = access.by_ref(ref=ref, at=at, acting=True)
    if tradein.channel != "online" or tradein.status != S.AWAITING_SHIPMENT:
        raise Conflict(
            _("Only an online trade-in waiting to be shipped can be dropped off."),
            code="not_awaiting_drop_off",
            current_status=tradein.status,
        )
    fields = {"tracking_number": f"store:{store.code}"}
    if tradein.partner_id in (None, store.partner_id):
        fields.update(store=store, partner=store.partner)
    with transaction.atomic():
        processes.move(
            tradein,
            S.SHIPPED,
            actor=Actor.STORE,
            at=at,
            by=by,
            detail={"store": store.code, "partner": store.partner.slug},
            **fields,
        )
    return tradein


# The counter --------------------------------------------------------------------------------------


def counter_quote(
    *, store: Store, product_id: int, storage_gb: int, answers: dict, by=None, at: datetime | None = None
) -> Quote:
    """Staff inspect the device on the spot and answer the questionnaire with what they see."""
    if not store.is_active:
        raise Forbidden(_("This store is closed for trade-in."), code="store_inactive")
    return quotes.request_quote(
        product_id=product_id,
        storage_gb=storage_gb,
        market=store.market_id,
        answers=answers,
        store=store,
        user=by,
        at=at,
    )


def counter_complete(
    *,
    store: Store,
    quote_ref: str,
    acceptance: orders.Acceptance,
    wipe: inspection.WipeDraft,
    lock_off: bool,
    by=None,
    at: datetime | None = None,
) -> tuple[TradeIn, TradeInPayout | None]:
    """The customer accepts at the counter: identity, device and bank account checked, the device received
    and validated by the store, activation lock and wipe recorded, and the customer paid immediately."""
    at = at or clock.now()
    if not lock_off:
        raise Invalid.field(
            "lock_off",
            "activation_lock_on",
            _("Remove the customer's accounts (activation lock) with them before paying."),
        )
    # At the counter the store holds the device from the quote on (the customer brought it): a wipe
    # certificate starting before that belongs to another device.
    quote = selectors.quote_by_ref(quote_ref)
    held_since = quote.created_at if quote else None
    wipe_errors = inspection._wipe_errors(wipe, at, received_at=held_since)
    if wipe_errors:
        raise Invalid(wipe_errors[0]["message"], code=wipe_errors[0]["code"], errors=wipe_errors)
    tradein = orders.accept_quote(ref=quote_ref, acceptance=acceptance, store=store, at=at)
    op = Operator.store_staff(store, user=by)
    inspection.receive(op=op, ref=tradein.ref, at=at)
    tradein.refresh_from_db()
    if tradein.status == S.BLOCKED:
        return tradein, None
    inspection.validate(op=op, ref=tradein.ref, at=at)
    inspection.confirm_lock_off(op=op, ref=tradein.ref, at=at)
    inspection.record_wipe(op=op, ref=tradein.ref, draft=wipe, at=at, held_since=held_since)
    payout = payouts.pay(ref=tradein.ref, at=at)
    tradein.refresh_from_db()
    return tradein, payout
