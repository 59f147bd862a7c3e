"""Each route carried out end to end (docs/design.md §2 "Where collected devices go"): the device reaches its
fate, the passport tells it, and parts move in and out of stock through the repair app."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from comeback.core.problems import Conflict, Forbidden, Invalid
from comeback.offers.models import Offer
from comeback.passports.models import Passport, PassportEvent
from comeback.recovery import services
from comeback.recovery.models import CollectedDevice, PartFitted, Step
from comeback.repair.models import Part, Stock
from comeback.tradein.models import DeviceRoute
from tests.tradein.factories import phone, tradein

from .factories import collected, collection, op, recycler


def passport(t) -> Passport:
    return Passport.objects.get(source="trade_in", source_ref=t.ref)


def kinds(t) -> list[str]:
    return list(
        PassportEvent.objects.filter(passport=passport(t)).order_by("seq").values_list("kind", flat=True)
    )


def public(t, kind: str) -> dict:
    return PassportEvent.objects.filter(passport=passport(t), kind=kind).latest("seq").data["public"]


def test_given_a_device_to_resell_when_listed_then_it_is_an_offer_and_its_passport_says_graded_and_listed(
    refurbisher,
):
    t = collected(refurbisher, "resell")
    device = services.list_for_sale(
        op=op(refurbisher),
        ref=t.ref,
        terms=services.ListingTerms(price=42000, grade="excellent", battery_health=91),
    )
    outbox.drain()
    assert device.status == "listed" and device.done_at is not None
    offer = Offer.objects.get(pk=device.offer_id)
    assert (offer.seller, offer.quantity, offer.grade, offer.price_amount, offer.battery_health_min) == (
        refurbisher,
        1,
        "excellent",
        42000,
        80,
    )
    assert kinds(t)[-3:] == ["battery_measured", "graded", "listed"]
    assert public(t, "listed") == {
        "grade": "excellent",
        "market": "FR",
        "warranty_months": 12,
        "battery_health_min": 80,
        "offer_id": offer.pk,
    }


def test_given_a_live_offer_for_the_slot_when_a_second_device_is_listed_then_it_adds_one_unit(refurbisher):
    product = phone()
    first, second = (
        collected(refurbisher, "resell", product=product),
        collected(refurbisher, "resell", product=product),
    )
    terms = services.ListingTerms(price=42000, grade="good", battery_health=88)
    a = services.list_for_sale(op=op(refurbisher), ref=first.ref, terms=terms)
    b = services.list_for_sale(op=op(refurbisher), ref=second.ref, terms=terms)
    assert a.offer_id == b.offer_id and Offer.objects.get(pk=a.offer_id).quantity == 2


def test_given_a_live_offer_promising_more_battery_when_a_weaker_device_joins_it_then_it_is_refused(
    refurbisher,
):
    product = phone()
    first, second = (
        collected(refurbisher, "resell", product=product),
        collected(refurbisher, "resell", product=product),
    )
    services.list_for_sale(
        op=op(refurbisher),
        ref=first.ref,
        terms=services.ListingTerms(price=42000, grade="good", battery_health=95, battery_health_min=90),
    )
    with pytest.raises(Conflict) as refused:
        services.list_for_sale(
            op=op(refurbisher),
            ref=second.ref,
            terms=services.ListingTerms(price=42000, grade="good", battery_health=84),
        )
    assert refused.value.code == "listing_promises_more"
    assert CollectedDevice.objects.get(tradein=second).status == "awaiting"


def test_given_a_device_to_resell_when_graded_premium_with_a_weak_battery_then_refused(refurbisher):
    t = collected(refurbisher, "resell")
    with pytest.raises(Invalid) as refused:
        services.list_for_sale(
            op=op(refurbisher),
            ref=t.ref,
            terms=services.ListingTerms(price=42000, grade="premium", battery_health=85),
        )
    assert refused.value.code == "premium_battery_floor"
    with pytest.raises(Invalid) as refused:
        services.list_for_sale(
            op=op(refurbisher),
            ref=t.ref,
            terms=services.ListingTerms(price=42000, grade="good", battery_health=85, battery_health_min=90),
        )
    assert refused.value.code == "guarantee_above_measured"


def test_given_a_donor_harvested_then_its_parts_are_in_stock_linked_to_it_and_its_passport_is_closed(
    refurbisher,
):
    t = collected(refurbisher, "harvest")
    device = services.harvest(
        op=op(refurbisher),
        ref=t.ref,
        part_types=["screen", "battery", "screen"],
        notes="Board dead; display and battery fine",
    )
    outbox.drain()
    donor = passport(t)
    parts = Part.objects.filter(donor_passport=donor)
    assert device.status == "harvested" and sorted(parts.values_list("part_type", flat=True)) == [
        "battery",
        "screen",
    ]
    assert {s.location.seller for s in Stock.objects.filter(part__in=parts)} == {refurbisher}
    assert device.parts_harvested.count() == 2
    assert kinds(t)[-1] == "harvested" and donor.status == "end_of_life"
    assert len(public(t, "harvested")["parts"]) == 2


def test_given_a_donor_with_no_usable_part_or_an_unknown_one_then_harvest_is_refused(refurbisher):
    t = collected(refurbisher, "harvest")
    for part_types, code in (([], "parts_required"), (["flux_capacitor"], "unknown_part_type")):
        with pytest.raises(Invalid) as refused:
            services.harvest(op=op(refurbisher), ref=t.ref, part_types=part_types)
        assert refused.value.code == code


def test_given_a_device_to_refurbish_when_a_harvested_part_is_fitted_then_stock_drops_and_the_donor_is_traced(
    refurbisher,
):
    product = phone()
    donor_tradein = collected(refurbisher, "harvest", product=product)
    services.harvest(op=op(refurbisher), ref=donor_tradein.ref, part_types=["screen"])
    screen = Part.objects.get(donor_passport=passport(donor_tradein))
    t = collected(refurbisher, "refurbish", product=product)

    services.start_refurbishing(op=op(refurbisher), ref=t.ref, technician="Inès")
    fitted = services.fit_part(op=op(refurbisher), ref=t.ref, part_id=screen.pk)
    assert Stock.objects.get(part=screen).quantity == 0
    assert (fitted.source, fitted.donor) == ("harvested", passport(donor_tradein).serial)
    with pytest.raises(Conflict) as empty:
        services.fit_part(op=op(refurbisher), ref=t.ref, part_id=screen.pk)
    assert empty.value.code == "part_out_of_stock" and PartFitted.objects.count() == 1

    device = services.finish_refurbishing(
        op=op(refurbisher),
        ref=t.ref,
        result=services.Refurbishment(
            grade="excellent", battery_health=93, operations=["Screen replaced", "Deep clean"]
        ),
    )
    assert device.status == "ready"
    device = services.list_for_sale(op=op(refurbisher), ref=t.ref, terms=services.ListingTerms(price=39900))
    outbox.drain()
    assert device.status == "listed" and Offer.objects.get(pk=device.offer_id).grade == "excellent"
    assert kinds(t)[-5:] == ["part_replaced", "refurbished", "battery_measured", "graded", "listed"]
    assert public(t, "part_replaced") == {
        "part": screen.name,
        "part_source": "harvested",
        "donor": passport(donor_tradein).serial,
    }
    assert public(t, "refurbished")["operations"] == ["Screen replaced", "Deep clean"]


def test_given_a_refurbishing_job_when_finished_without_operations_then_refused(refurbisher):
    t = collected(refurbisher, "refurbish")
    services.start_refurbishing(op=op(refurbisher), ref=t.ref)
    with pytest.raises(Invalid) as refused:
        services.finish_refurbishing(
            op=op(refurbisher), ref=t.ref, result=services.Refurbishment(grade="good", battery_health=90)
        )
    assert refused.value.code == "operations_required"


def test_given_a_device_to_upcycle_when_allocated_to_a_collection_then_its_passport_says_upcycled(
    refurbisher,
):
    t = collected(refurbisher, "upcycle")
    belts = collection()
    device = services.upcycle(
        op=op(refurbisher), ref=t.ref, collection_id=belts.pk, note="Hinge kept, screen lit"
    )
    outbox.drain()
    assert device.status == "upcycled" and device.collection == belts
    assert kinds(t)[-1] == "upcycled" and public(t, "upcycled")["collection"] == str(belts)
    # Allocated, not yet made into a piece: the unit is whole in the maker's workshop, its passport open
    # until an edition item is made from it (`upcycled_into`, tests/editions).
    assert passport(t).status == "active"


def test_given_a_device_to_recycle_when_handed_over_and_certified_then_recycled_with_weight(
    refurbisher, staff_user
):
    t = collected(refurbisher, "recycle")
    envie = recycler()
    device = services.hand_to_recycler(op=op(refurbisher), ref=t.ref, recycler_id=envie.pk)
    assert (
        device.status == "at_recycler"
        and device.weight_grams == DeviceRoute.objects.get(tradein=t).weight_grams
    )
    device = services.confirm_recycled(
        op=services.Operator.staff(staff_user), ref=t.ref, certificate_ref="CT-2026-0412"
    )
    outbox.drain()
    assert device.status == "recycled"
    event = PassportEvent.objects.get(passport=passport(t), kind="recycled")
    assert (event.actor_role, event.actor_name) == ("recycler", envie.name)
    assert event.data["public"] == {"recycler": envie.name, "weight_grams": 170}
    assert event.data["restricted"]["certificate_ref"] == "CT-2026-0412"


def test_given_a_recycling_without_a_certificate_or_weight_then_refused(refurbisher):
    t = collected(refurbisher, "recycle")
    with pytest.raises(Invalid) as refused:
        services.hand_to_recycler(op=op(refurbisher), ref=t.ref, recycler_id=recycler().pk, weight_grams=0)
    assert refused.value.code == "weight_required"
    services.hand_to_recycler(op=op(refurbisher), ref=t.ref, recycler_id=recycler("Paprec").pk)
    with pytest.raises(Invalid) as refused:
        services.confirm_recycled(op=op(refurbisher), ref=t.ref, certificate_ref="  ")
    assert refused.value.code == "certificate_required"


def test_given_a_refurbishing_that_fails_when_rerouted_to_harvest_then_the_trade_in_route_follows(
    refurbisher,
):
    t = collected(refurbisher, "refurbish")
    services.start_refurbishing(op=op(refurbisher), ref=t.ref)
    device = services.reroute(op=op(refurbisher), ref=t.ref, route="harvest", reason="Logic board failed")
    assert (device.route, device.status) == ("harvest", "awaiting")
    route = DeviceRoute.objects.get(tradein=t)
    assert (route.route, route.overridden) == ("harvest", True)
    assert Step.objects.filter(device=device, kind="rerouted").exists()
    assert services.harvest(op=op(refurbisher), ref=t.ref, part_types=["battery"]).status == "harvested"


def test_given_a_route_overridden_on_the_trade_in_screen_then_a_waiting_device_follows_it(refurbisher):
    from comeback.tradein.services import access, routing

    t = collected(refurbisher, "refurbish")
    services.start_refurbishing(op=op(refurbisher), ref=t.ref)
    routing.override(
        op=access.Operator.refurbisher(refurbisher), ref=t.ref, route="upcycle", reason="Shell is pretty"
    )
    outbox.drain()
    device = CollectedDevice.objects.get(tradein=t)
    assert (device.route, device.status) == ("upcycle", "awaiting")


def test_given_a_trade_in_not_yet_paid_then_its_device_waits(refurbisher):
    from tests.tradein.factories import BuybackOfferFactory

    offer = BuybackOfferFactory(seller=refurbisher, product=phone(), storage_gb=128, tier="flawless")
    t = tradein("validated", offer=offer)
    with pytest.raises(Conflict) as refused:
        services.start_refurbishing(op=op(refurbisher), ref=t.ref)
    assert refused.value.code == "tradein_not_paid"


def test_given_staff_when_creating_a_recycler_or_collection_then_validated_and_unique(
    staff_user, refurbisher
):
    staff = services.Operator.staff(staff_user)
    made = services.create_recycler(op=staff, name="ERI", certification="r2", country="us")
    assert made.country == "US"
    with pytest.raises(Conflict):
        services.create_recycler(op=staff, name="ERI", certification="r2", country="US")
    with pytest.raises(Invalid) as refused:
        services.create_recycler(op=staff, name="X", certification="iso-9001", country="FRA")
    assert {e["field"] for e in refused.value.errors} == {"certification", "country"}
    with pytest.raises(Forbidden):
        services.create_collection(op=op(refurbisher), name="Belts", maker="Atelier")
    assert services.create_collection(op=staff, name="Belts", maker="Atelier").slug == "belts-atelier"
