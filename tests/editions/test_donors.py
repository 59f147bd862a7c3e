"""Which units a piece may be made from: units upcycled into the edition's collection, and what is left of a
unit whose parts were harvested (a harvested part has no passport of its own; its donor's passport names
it). A unit whose passport is closed for good is refused with 409 `donor_passport_closed`."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from comeback.core.problems import Conflict
from comeback.editions.models import Edition
from comeback.passports import services as passports
from comeback.passports.kinds import Actor
from comeback.passports.models import Passport
from comeback.passports.selectors import verify
from comeback.recovery import handlers as recovery_passports
from comeback.recovery import services as recovery
from tests.recovery.factories import collected

from .factories import collection, edition, op, phone, upcycled


def harvested(seller) -> str:
    """A unit of `seller` routed to harvest, its battery taken into parts stock: its trade-in ref."""
    t = collected(seller, "harvest", product=phone("Flip One"))
    recovery.harvest(op=op(seller), ref=t.ref, part_types=["battery"])
    outbox.drain()
    return t.ref


def test_given_a_harvested_unit_when_a_piece_is_made_from_it_over_the_api_then_its_passport_says_so(
    api, refurbisher
):
    # given a unit whose battery was harvested (its passport closed as harvested)
    belt = edition(refurbisher, collection())
    ref = harvested(refurbisher)

    # when the shop makes a piece from what is left of it
    piece = (
        api.as_(refurbisher.user)
        .post(f"/api/v1/recovery/editions/{belt.pk}/items", {"donors": [ref]})
        .expect(201)
    )

    # then the piece is made and the donor's passport ends with what it became, its chain whole
    assert piece["label"] == "1/50"
    donor = Passport.objects.get(serial=piece["donors"][0]["passport_id"])
    kinds = list(donor.events.order_by("seq").values_list("kind", flat=True))
    assert kinds[-2:] == ["harvested", "upcycled_into"] and donor.status == "end_of_life"
    assert verify(donor).ok


def test_given_a_harvested_unit_already_in_a_piece_when_used_again_then_it_is_refused(api, refurbisher):
    belt = edition(refurbisher, collection())
    ref = harvested(refurbisher)
    client = api.as_(refurbisher.user)
    client.post(f"/api/v1/recovery/editions/{belt.pk}/items", {"donors": [ref]}).expect(201)

    problem = client.post(f"/api/v1/recovery/editions/{belt.pk}/items", {"donors": [ref]}).expect(422)

    assert (problem["errors"][0]["field"], problem["errors"][0]["code"]) == (
        "donors.0",
        "donor_not_available",
    )


def test_given_an_upcycled_unit_whose_passport_closed_when_a_piece_is_made_then_409_and_nothing_made(
    api, refurbisher
):
    # given an upcycled unit whose life ended otherwise (recycled) before the maker used it
    coll = collection()
    belt = edition(refurbisher, coll)
    (ref,) = upcycled(refurbisher, coll)
    recovery_passports.sync(recovery.device_for(op=op(refurbisher), ref=ref).pk)
    donor = recovery_passports.passport_of(recovery.device_for(op=op(refurbisher), ref=ref).tradein)
    passports.record_event(passport=donor, kind="recycled", actor=Actor.staff(), data={"weight_grams": 180})

    # when the shop makes a piece from it
    problem = (
        api.as_(refurbisher.user)
        .post(f"/api/v1/recovery/editions/{belt.pk}/items", {"donors": [ref]})
        .expect(409)
    )

    # then it is refused with a stable code, and no number is used
    assert problem["code"] == "donor_passport_closed"
    assert Edition.objects.get(pk=belt.pk).made == 0


def test_given_a_harvested_passport_when_upcycled_into_twice_then_the_second_is_refused(refurbisher):
    ref = harvested(refurbisher)
    donor = recovery_passports.passport_of(recovery.device_for(op=op(refurbisher), ref=ref).tradein)
    data = {"into": "/01/0/21/X", "edition": "Flip Buckle Belt 1/50"}
    passports.record_event(passport=donor, kind="upcycled_into", actor=Actor.staff(), data=data)

    with pytest.raises(Conflict) as refused:
        passports.record_event(passport=donor, kind="upcycled_into", actor=Actor.staff(), data=data)

    assert refused.value.code == "passport_closed"
