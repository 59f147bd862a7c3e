"""Every validated device gets a route (routes.py's rule), which the refurbisher may override with a reason.
Nothing is silently discarded: recycling names the certified recycler and records the weight."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Invalid
from comeback.offers.selectors import visible_offers

from .. import garments, processes, routes
from ..models import DeviceRoute, HeldOutcome, Route, TradeIn
from . import access
from .access import Operator

# The routes a reseller may choose: a garment is mended, never refurbished or harvested for parts.
DEVICE_ROUTES = [Route.RESELL, Route.REFURBISH, Route.HARVEST, Route.UPCYCLE, Route.RECYCLE]
GARMENT_ROUTES = [Route.RESELL, Route.REPAIR, Route.UPCYCLE, Route.RECYCLE]


def resale_value(tradein: TradeIn, at: datetime) -> int | None:
    """The cheapest live sales offer for the model in the trade-in's market, any grade (minor units)."""
    return (
        visible_offers(tradein.market_id, at=at)
        .filter(
            variant__product_id=tradein.product_id,
            currency=tradein.currency,
        )
        .aggregate(m=Min("price_amount"))["m"]
    )


def inputs(tradein: TradeIn, at: datetime) -> routes.Inputs:
    found = tradein.inspected_answers or tradein.quote.answers
    return routes.Inputs(
        powers_on=bool(found.get("powers_on")),
        functional=bool(found.get("functional")),
        screen=found.get("screen"),
        body=found.get("body") or "dents",
        price_paid=tradein.final_amount or tradein.quoted_amount,
        resale_value=resale_value(tradein, at),
        end_of_placement=tradein.product.end_of_placement,
        today=clock.local_date(at, tradein.market.timezone),
    )


def decide(tradein: TradeIn, *, at: datetime) -> DeviceRoute:
    """The rule's route, recorded at validation (inside its transaction)."""
    if tradein.questionnaire == "garment":
        decision = routes.Decision(*garments.route_for(tradein.inspected_answers or tradein.quote.answers))
    else:
        decision = routes.decide(inputs(tradein, at))
    # The model's weight until the device is weighed (0 when unknown: the refurbisher records it).
    weight = (tradein.product.weight_grams or 0) if decision.route == Route.RECYCLE else None
    route, _created = DeviceRoute.objects.update_or_create(
        tradein=tradein,
        defaults={
            "route": decision.route,
            "rule_route": decision.route,
            "rule_reason": decision.reason,
            "overridden": False,
            "weight_grams": weight,
            "decided_at": at,
        },
    )
    processes.record(
        tradein,
        "routed",
        actor=processes.Actor.PLATFORM,
        at=at,
        detail={"route": route.route, "rule": decision.reason},
    )
    processes.emit(
        tradein, "tradein.routed", route=route.route, rule_route=route.rule_route, overridden=False
    )
    return route


def override(
    *,
    op: Operator,
    ref: str,
    route: str,
    reason: str,
    recycler: str = "",
    weight_grams: int | None = None,
    at: datetime | None = None,
) -> DeviceRoute:
    """Override the rule's route with a reason. Recycling names the recycler and the weight (a garment is
    recycled textile-to-textile; the recycler's certificate is recorded when it is handed over, recovery)."""
    at = at or clock.now()
    tradein = access.for_operator(op=op, ref=ref, at=at, acting=True)
    current = DeviceRoute.objects.filter(tradein=tradein).first()
    if current is None:
        raise Conflict(
            _("A device gets its route once validated."), code="not_routed_yet", current_status=tradein.status
        )
    if current.route == Route.HELD:
        raise Conflict(
            _("A device on a block list is held until staff decide; its route cannot be changed."),
            code="route_held",
        )
    errors = []
    garment = tradein.questionnaire == "garment"
    allowed = GARMENT_ROUTES if garment else DEVICE_ROUTES
    if route not in allowed:
        errors.append(
            {
                "field": "route",
                "code": "invalid_route",
                "message": _("Route must be one of %s.") % ", ".join(allowed),
            }
        )
    if not (reason or "").strip():
        errors.append(
            {"field": "reason", "code": "reason_required", "message": _("Say why you override the rule.")}
        )
    if route == Route.RECYCLE:
        weight_grams = weight_grams if weight_grams is not None else tradein.product.weight_grams
        if not (recycler or "").strip():
            errors.append(
                {
                    "field": "recycler",
                    "code": "recycler_required",
                    "message": _("Name the certified recycler."),
                }
            )
        if isinstance(weight_grams, bool) or not isinstance(weight_grams, int) or weight_grams <= 0:
            errors.append(
                {
                    "field": "weight_grams",
                    "code": "weight_required",
                    "message": _("Record the device's weight in grams."),
                }
            )
    Invalid.raise_any(errors)
    with transaction.atomic():
        DeviceRoute.objects.filter(pk=current.pk).update(
            route=route,
            overridden=route != current.rule_route,
            override_reason=reason.strip()[:300],
            recycler=(recycler or "").strip()[:120] if route == Route.RECYCLE else "",
            weight_grams=weight_grams if route == Route.RECYCLE else current.weight_grams,
            decided_at=at,
            decided_by=op.user if getattr(op.user, "pk", None) else None,
        )
        processes.record(
            tradein,
            "routed",
            actor=op.actor,
            at=at,
            by=op.user,
            detail={"route": route, "rule_route": current.rule_route, "reason": reason.strip()[:300]},
        )
        processes.emit(
            tradein,
            "tradein.routed",
            route=route,
            rule_route=current.rule_route,
            overridden=route != current.rule_route,
        )
    current.refresh_from_db()
    return current


def decide_held(*, ref: str, outcome: str, note: str, by, at: datetime | None = None) -> DeviceRoute:
    """Staff decide where a held device goes (its owner, the police, or back to the customer once the block is
    lifted), with their record. Once only: a second decision is 409 `held_already_decided`."""
    at = at or clock.now()
    current = DeviceRoute.objects.select_related("tradein").filter(tradein__ref=ref).first()
    if current is None or current.route != Route.HELD:
        raise Conflict(_("This trade-in's device is not held."), code="not_held")
    errors = []
    if outcome not in HeldOutcome.values:
        errors.append(
            {
                "field": "outcome",
                "code": "invalid_outcome",
                "message": _("Outcome must be one of %s.") % ", ".join(HeldOutcome.values),
            }
        )
    note = (note or "").strip()
    if not note:
        errors.append(
            {
                "field": "note",
                "code": "note_required",
                "message": _("Record what was done and on what basis."),
            }
        )
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    with transaction.atomic():
        moved = DeviceRoute.objects.filter(pk=current.pk, route=Route.HELD, held_outcome="").update(
            held_outcome=outcome, held_note=note[:2000], held_decided_at=at, held_decided_by=by
        )
        if not moved:
            raise Conflict(_("Staff already decided where this device goes."), code="held_already_decided")
        processes.record(
            current.tradein,
            "held_decided",
            actor=processes.Actor.STAFF,
            at=at,
            by=by,
            detail={"outcome": outcome},
        )
    current.refresh_from_db()
    return current
