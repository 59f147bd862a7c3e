"""Where collected devices go (docs/design.md §2): the published route rule, recorded at validation, overridable by
the refurbisher with a reason; recycling records the recycler and the weight."""

from __future__ import annotations

from datetime import date

import pytest

from comeback.core.models import OutboxEvent
from comeback.core.problems import Conflict, Invalid
from comeback.tradein import routes
from comeback.tradein.models import DeviceRoute, Route
from comeback.tradein.services import access, routing
from tests.factories import OfferFactory, VariantFactory

from .factories import ANSWERS, BuybackOfferFactory, tradein

TODAY = date(2026, 6, 1)


def inputs(**kw):
    base = dict(
        powers_on=True,
        functional=True,
        screen="flawless",
        body="flawless",
        price_paid=10000,
        resale_value=40000,
        end_of_placement=date(2024, 1, 1),
        today=TODAY,
    )
    base.update(kw)
    return routes.Inputs(**base)


@pytest.mark.parametrize(
    ("overrides", "route"),
    [
        ({}, Route.RESELL),
        ({"screen": None}, Route.RESELL),
        ({"body": "scratches"}, Route.REFURBISH),
        ({"functional": False}, Route.REFURBISH),  # 35% repair + 100 paid < 400 resale
        ({"functional": False, "price_paid": 30000}, Route.HARVEST),
        ({"functional": False, "resale_value": None}, Route.HARVEST),
        ({"powers_on": False, "end_of_placement": date(2015, 1, 1)}, Route.UPCYCLE),
        ({"powers_on": False, "end_of_placement": date(2015, 1, 1), "body": "dents"}, Route.RECYCLE),
        ({"powers_on": False, "end_of_placement": None}, Route.HARVEST),
    ],
)
def test_given_an_inspection_and_its_economics_when_routing_then_the_published_rule_decides(overrides, route):
    assert routes.decide(inputs(**overrides)).route == route


def test_given_a_validated_device_when_validated_then_its_route_is_recorded_and_emitted(db):
    t = tradein("validated")
    route = DeviceRoute.objects.get(tradein=t)
    assert (route.route, route.rule_route, route.overridden) == (Route.RESELL, Route.RESELL, False)
    topics = list(OutboxEvent.objects.filter(payload__tradein_id=t.pk).values_list("topic", flat=True))
    assert {"tradein.received", "tradein.validated", "tradein.routed"} <= set(topics)


def test_given_a_broken_device_worth_repairing_when_validated_then_it_is_refurbished(db):
    offer = BuybackOfferFactory(tier="broken", price_amount=2000)
    OfferFactory(
        variant=VariantFactory(product=offer.product, attributes={"storage_gb": 512}, label="512"),
        price_amount=40000,
    )
    t = tradein("validated", offer=offer, answers={**ANSWERS, "functional": False})
    assert DeviceRoute.objects.get(tradein=t).route == Route.REFURBISH


def test_given_a_route_when_the_refurbisher_overrides_it_then_both_choices_and_the_reason_are_kept(db):
    t = tradein("validated")
    op = access.Operator.refurbisher(t.seller)
    with pytest.raises(Invalid) as missing:
        routing.override(op=op, ref=t.ref, route="recycle", reason="", recycler="")
    assert {e["field"] for e in missing.value.errors} == {"reason", "recycler"}
    route = routing.override(
        op=op, ref=t.ref, route="recycle", reason="water damage found", recycler="Ecologic"
    )
    assert (route.route, route.rule_route, route.overridden, route.weight_grams) == (
        "recycle",
        "resell",
        True,
        170,
    )
    assert (route.recycler, route.override_reason) == ("Ecologic", "water damage found")


def test_given_a_device_not_validated_when_overriding_its_route_then_409(db):
    t = tradein("received")
    with pytest.raises(Conflict) as refused:
        routing.override(op=access.Operator.refurbisher(t.seller), ref=t.ref, route="harvest", reason="x")
    assert refused.value.code == "not_routed_yet"
