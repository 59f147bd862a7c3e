"""Two actors on the same device at the same instant (real threads, both databases): the guarded update lets
exactly one step happen; the other gets a 409, and nothing is recorded twice."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict
from comeback.recovery import services
from comeback.recovery.models import CollectedDevice, Step
from comeback.repair.models import Part
from tests.concurrency import race
from tests.factories import SellerFactory, StaffFactory, UserFactory

from .factories import collected, collection, op, recycler


def outcomes(results) -> list[str]:
    out = []
    for r in results:
        if isinstance(r, Conflict):
            out.append(r.code)
        elif isinstance(r, Exception):
            raise r
        else:
            out.append("won")
    return sorted(out)


@pytest.mark.django_db(transaction=True)
def test_given_the_refurbisher_and_staff_racing_to_hand_a_device_to_recyclers_then_exactly_one_wins():
    seller = SellerFactory(user=UserFactory(email="race-refurb@example.test"))
    staff = StaffFactory(email="race-staff@example.test")
    t = collected(seller, "recycle")
    a, b = recycler("Envie 2E"), recycler("Paprec", "en50625")
    results = race(
        [
            lambda: services.hand_to_recycler(op=op(seller), ref=t.ref, recycler_id=a.pk),
            lambda: services.hand_to_recycler(op=services.Operator.staff(staff), ref=t.ref, recycler_id=b.pk),
        ]
    )
    assert outcomes(results)[-1] == "won" and outcomes(results)[0] in (
        "device_state_changed",
        "invalid_transition",
    )
    assert CollectedDevice.objects.get(tradein=t).status == "at_recycler"
    assert Step.objects.filter(kind="at_recycler").count() == 1


@pytest.mark.django_db(transaction=True)
def test_given_two_tabs_racing_to_upcycle_and_reroute_a_new_device_then_one_wins_and_one_device_exists():
    seller = SellerFactory(user=UserFactory(email="race-refurb2@example.test"))
    t = collected(seller, "upcycle")
    belts = collection()
    results = race(
        [
            lambda: services.upcycle(op=op(seller), ref=t.ref, collection_id=belts.pk),
            lambda: services.reroute(op=op(seller), ref=t.ref, route="harvest", reason="better as a donor"),
        ]
    )
    assert outcomes(results) in (
        ["device_state_changed", "won"],
        ["invalid_transition", "won"],
        ["tradein_state_changed", "won"],
    )
    device = CollectedDevice.objects.get(tradein=t)
    assert (device.route, device.status) in (("upcycle", "upcycled"), ("harvest", "awaiting"))
    assert CollectedDevice.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_given_two_refurbishing_jobs_racing_for_the_last_harvested_part_then_one_fits_it():
    seller = SellerFactory(user=UserFactory(email="race-refurb3@example.test"))
    donor = collected(seller, "harvest")
    services.harvest(op=op(seller), ref=donor.ref, part_types=["battery"])
    part = Part.objects.get(part_type="battery")
    jobs = [collected(seller, "refurbish", product=donor.product) for _ in range(2)]
    for t in jobs:
        services.start_refurbishing(op=op(seller), ref=t.ref)
    results = race([lambda t=t: services.fit_part(op=op(seller), ref=t.ref, part_id=part.pk) for t in jobs])
    assert outcomes(results) == ["part_out_of_stock", "won"]
    assert sum(CollectedDevice.objects.get(tradein=t).parts_fitted.count() for t in jobs) == 1
