"""Backfill of the unit register (docs/trust.md §1 "Backfill"): identifiers shipped, returned or traded in
before the register existed get the row the live system would have written; idempotent; broken histories
alert staff."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from comeback.devices.models import DeviceAlert, Holder, UnitRecord
from comeback.orders.services import returns
from tests.orders.helpers import VALID_IMEI, place_order, unit_imei, walk
from tests.tradein.factories import BuybackOfferFactory, tradein

pytestmark = pytest.mark.django_db
TRADED = unit_imei(987654)


def rows() -> set[tuple]:
    return set(UnitRecord.objects.values_list("identifier", "holder", "seller_id", "via"))


def backfill(*args) -> str:
    out = StringIO()
    call_command("backfill_unit_register", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_given_units_recorded_before_the_register_when_backfilled_then_it_holds_what_the_live_system_would(
    buyer, other_buyer, offer, seller
):
    # given a unit sold, one sold and returned, and a trade-in received, as the live system records them
    walk(place_order(buyer, offer).lines.get(), "shipped", imei=VALID_IMEI)
    returned = walk(place_order(other_buyer, offer).lines.get(), "delivered", imei=unit_imei(123456))
    ret = returns.request_return(buyer=other_buyer, order_id=returned.order_id, reason="changed_mind")[0]
    returns.receive_return(seller=seller, return_id=ret.pk)
    tradein("received", offer=BuybackOfferFactory(), imei=TRADED)
    live = rows()
    assert len(live) == 3
    # ... and a register that never saw them
    UnitRecord.objects.all().delete()
    # when the backfill runs (a dry run first writes nothing)
    assert "would create 3" in backfill("--dry-run") and rows() == set()
    out = backfill()
    # then the register holds the same facts, and a second run changes nothing
    assert "created 3" in out and rows() == live
    assert "created 0, 3 already registered" in backfill() and rows() == live
    assert {h for _i, h, _s, _v in live} == {Holder.BUYER, Holder.SELLER}
    assert not DeviceAlert.objects.exists()


def test_given_a_traded_in_imei_later_shipped_by_another_seller_when_backfilled_then_staff_are_alerted(
    buyer, other_offer, other_seller
):
    # given a phone traded in to one refurbisher, then shipped by another seller before the register existed
    t = tradein("received", offer=BuybackOfferFactory(), imei=VALID_IMEI)
    UnitRecord.objects.all().delete()
    line = walk(place_order(buyer, other_offer).lines.get(), "shipped", imei=VALID_IMEI)
    UnitRecord.objects.all().delete()
    # when the backfill runs
    assert "1 histories alerted" in backfill()
    # then the latest holder is recorded, and staff see the broken history
    record = UnitRecord.objects.get(identifier=VALID_IMEI)
    assert (record.holder, record.seller_id, record.via) == (
        Holder.BUYER,
        other_seller.pk,
        f"order_line:{line.pk}",
    )
    alert = DeviceAlert.objects.get()
    assert (alert.kind, alert.context) == ("duplicate", "backfill")
    assert f"while seller {t.seller_id} held it" in alert.reason
    assert "0 histories alerted" in backfill()  # idempotent: no second alert


def test_given_a_row_the_live_system_wrote_when_backfilled_then_it_is_left_alone(buyer, offer, other_seller):
    walk(place_order(buyer, offer).lines.get(), "shipped", imei=VALID_IMEI)
    UnitRecord.objects.filter(identifier=VALID_IMEI).update(
        holder=Holder.SELLER, seller=other_seller, via="handover:9"
    )
    assert "1 already registered" in backfill()
    assert UnitRecord.objects.get(identifier=VALID_IMEI).via == "handover:9"
