"""A trade-in on a block list is held (docs/trust.md "Stolen and blocked units"): never paid, resold or recycled,
kept for its owner or the police until staff decide, with a record."""

from __future__ import annotations

import pytest

from comeback.core import clock
from comeback.core.problems import Conflict
from comeback.devices.models import DeviceAlert, UnitRecord
from comeback.tradein.models import BlockedDevice, DeviceRoute
from comeback.tradein.models import TradeInStatus as S
from comeback.tradein.services import access, inspection, routing
from tests.tradein.factories import VALID_IMEI, tradein


def held_tradein():
    t = tradein("shipped")
    BlockedDevice.objects.create(identifier=VALID_IMEI, reason="reported stolen", added_at=clock.now())
    return inspection.receive(op=access.Operator.refurbisher(t.seller), ref=t.ref)


def test_given_a_blocked_device_received_then_its_route_is_held_and_staff_are_alerted(db):
    t = held_tradein()
    route = DeviceRoute.objects.get(tradein=t)
    assert t.status == S.BLOCKED and (route.route, route.rule_route) == ("held", "held")
    alert = DeviceAlert.objects.get()
    assert (alert.kind, alert.context, alert.ref) == ("blocked", "trade-in", f"tradein:{t.ref}")
    assert not UnitRecord.objects.exists()  # a held unit is nobody's stock


def test_given_a_held_device_when_the_refurbisher_overrides_its_route_then_409(db):
    t = held_tradein()
    with pytest.raises(Conflict) as refused:
        routing.override(op=access.Operator.refurbisher(t.seller), ref=t.ref, route="harvest", reason="parts")
    assert refused.value.code == "route_held"


def test_given_a_held_device_when_staff_decide_then_recorded_once_and_others_may_not(api, db, staff):
    t = held_tradein()
    path = f"/api/v1/staff/tradeins/{t.ref}/held-decision"
    body = {"outcome": "hand_to_police", "note": "Police report 2027/123, collected by officer"}
    api.as_(t.seller.user).post(path, body).expect(403)
    assert (
        api.as_(staff).post(path, {"outcome": "sell", "note": "x"}).expect(422)["errors"][0]["field"]
        == "outcome"
    )
    decided = api.as_(staff).post(path, body).expect(200)
    assert decided["held_outcome"] == "hand_to_police" and decided["route"] == "held"
    assert decided["ref"] == t.ref and decided["held_decided_at"].startswith("20")
    assert api.as_(staff).post(path, body).expect(409)["code"] == "held_already_decided"


def test_given_a_device_that_is_not_held_when_staff_decide_then_409_not_held(api, db, staff):
    t = tradein("validated")
    problem = (
        api.as_(staff)
        .post(f"/api/v1/staff/tradeins/{t.ref}/held-decision", {"outcome": "return_to_owner", "note": "x"})
        .expect(409)
    )
    assert problem["code"] == "not_held"


def test_given_staff_when_opening_the_held_devices_page_then_they_decide_there_and_sellers_may_not(
    client, db, staff
):
    t = held_tradein()
    client.force_login(t.seller.user)
    assert client.get("/staff/trade-in/held/").status_code == 403
    assert client.post("/staff/trade-in/held/", {"ref": t.ref}).status_code == 403
    client.force_login(staff)
    assert t.ref in client.get("/staff/trade-in/held/").content.decode()
    client.post(
        "/staff/trade-in/held/", {"ref": t.ref, "outcome": "return_to_owner", "note": "owner's invoice seen"}
    )
    assert DeviceRoute.objects.get(tradein=t).held_outcome == "return_to_owner"
