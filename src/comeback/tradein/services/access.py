"""Who may see and act on a trade-in: its customer, its refurbisher, or the partner store that handles it.

Every loader first lets the clock catch up (a missed deadline acts when the trade-in is next touched), and
answers 404 for anyone else's trade-in: a ref that is not yours is never revealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core.problems import NotFound

from .. import selectors
from ..models import Partner, Store, TradeIn
from ..processes import Actor


@dataclass(frozen=True)
class Operator:
    """The party acting on a trade-in's device: a refurbisher (seller) or a partner's store staff."""

    actor: Actor
    user: object = None
    seller: object = None
    partner: Partner | None = None
    store: Store | None = None

    @classmethod
    def refurbisher(cls, seller, user=None) -> Operator:
        return cls(Actor.REFURBISHER, user=user or seller.user, seller=seller)

    @classmethod
    def store_staff(cls, store: Store, user=None) -> Operator:
        return cls(Actor.STORE, user=user, partner=store.partner, store=store)

    def may_handle(self, tradein: TradeIn) -> bool:
        if self.actor == Actor.REFURBISHER:
            return tradein.seller_id == self.seller.pk
        if self.actor == Actor.STORE:
            return tradein.store_id is not None and tradein.store_id == self.store.pk
        return False


def _not_found() -> NotFound:
    return NotFound(_("No trade-in of yours with this reference."), code="tradein_not_found")


def _fresh(ref: str, at: datetime | None) -> TradeIn | None:
    from .deadlines import catch_up

    tradein = selectors.tradein_by_ref(ref or "")
    return catch_up(tradein, at=at) if tradein is not None else None


def for_customer(*, user, ref: str, at: datetime | None = None) -> TradeIn:
    tradein = _fresh(ref, at)
    if tradein is None or tradein.customer_id is None or tradein.customer_id != getattr(user, "pk", None):
        raise _not_found()
    return tradein


def for_operator(*, op: Operator, ref: str, at: datetime | None = None) -> TradeIn:
    tradein = _fresh(ref, at)
    if tradein is None or not op.may_handle(tradein):
        raise _not_found()
    return tradein


def by_ref(*, ref: str, at: datetime | None = None) -> TradeIn:
    """Any trade-in by its (unguessable) ref: for a store receiving a drop-off the customer shows."""
    tradein = _fresh(ref, at)
    if tradein is None:
        raise _not_found()
    return tradein
