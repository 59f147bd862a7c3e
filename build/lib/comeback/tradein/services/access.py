"""Who may see and act on a trade-in: its customer, its refurbisher, or the partner store that handles it.

Loaders answer 404 for anyone else's trade-in: a ref that is not yours is never revealed. They read only and
answer the trade-in as the clock implies (`processes.as_of`); a service about to act on it passes
`acting=True`, which first lets the clock catch up in the database (a missed deadline acts before the
action is judged). Reads never write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import NotFound

from .. import processes, selectors
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


def _fresh(ref: str, at: datetime | None, acting: bool) -> TradeIn | None:
    from .deadlines import catch_up

    tradein = selectors.tradein_by_ref(ref or "")
    if tradein is None:
        return None
    return catch_up(tradein, at=at) if acting else processes.as_of(tradein, at or clock.now())


def for_customer(*, user, ref: str, at: datetime | None = None, acting: bool = False) -> TradeIn:
    tradein = _fresh(ref, at, acting)
    if tradein is None or tradein.customer_id is None or tradein.customer_id != getattr(user, "pk", None):
        raise _not_found()
    return tradein


def for_operator(*, op: Operator, ref: str, at: datetime | None = None, acting: bool = False) -> TradeIn:
    tradein = _fresh(ref, at, acting)
    if tradein is None or not op.may_handle(tradein):
        raise _not_found()
    return tradein


def by_ref(*, ref: str, at: datetime | None = None, acting: bool = False) -> TradeIn:
    """Any trade-in by its (unguessable) ref: for a store receiving a drop-off the customer shows."""
    tradein = _fresh(ref, at, acting)
    if tradein is None:
        raise _not_found()
    return tradein
