"""Passports fed by buying through the outbox, and a unit's lineage across lives (ESPR Art. 11(d))."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest

from comeback.core import outbox
from comeback.core.models import OutboxEvent
from comeback.core.problems import Conflict, Invalid
from comeback.devices import services as devices
from comeback.orders.services import fulfilment, returns
from comeback.passports import handlers, selectors, services
from comeback.passports.handlers import passport_for_line
from comeback.passports.kinds import Actor
from comeback.passports.models import Passport, PassportEvent
from tests.factories import OfferFactory, SellerFactory, StaffFactory, UserFactory
from tests.orders.helpers import T0, VALID_IMEI, place_order, walk


@contextmanager
def after_commit(capture):
    """Run the block, then deliver the outbox as a commit would. Tests never commit, and a second captured
    block in one test may not schedule another drain (core.outbox schedules one per transaction)."""
    with capture(execute=True):
        yield
    outbox.drain()


def _kinds(p) -> list[str]:
    return list(PassportEvent.objects.filter(passport=p).order_by("seq").values_list("kind", flat=True))


def test_given_a_seller_ships_a_unit_when_the_outbox_is_delivered_then_the_unit_has_a_passport(
    shipped_line, seller
):
    p = passport_for_line(shipped_line.pk)
    assert p.source == "order_line" and p.source_ref == str(shipped_line.pk) and p.issuer == seller
    assert p.imei == VALID_IMEI and p.serial != VALID_IMEI
    assert _kinds(p) == ["opened", "graded", "sold"]
    doc = selectors.document(p, "public")
    assert doc["grading"]["grade"] == shipped_line.grade and doc["sale"]["market"] == "FR"
    assert selectors.verify(p).ok


def test_given_the_shipped_event_replayed_when_handled_again_then_nothing_is_recorded_twice(shipped_line):
    event = OutboxEvent.objects.filter(topic="order.line.shipped").latest("id")
    handlers.on_line_event(event.pk, event.payload)
    handlers.on_line_event(event.pk, event.payload)
    assert Passport.objects.count() == 1
    assert _kinds(passport_for_line(shipped_line.pk)) == ["opened", "graded", "sold"]


def test_given_the_unit_delivered_then_ownership_and_the_warranty_start(
    shipped_line, django_capture_on_commit_callbacks
):
    with after_commit(django_capture_on_commit_callbacks):
        walk(shipped_line, "delivered")
    p = passport_for_line(shipped_line.pk)
    doc = selectors.document(p, "public", at=T0)
    assert _kinds(p)[-1] == "delivered"
    assert doc["ownership"]["owners"] == 1
    assert doc["warranty"] == {
        "months": 12,
        "starts": "2027-03-03",
        "until": "2028-03-03",
        "legal_guarantee_months": 24,
        "status": "active",
    }
    assert selectors.warranty_until(date(2027, 1, 31), 1) == date(2027, 2, 28)


def test_given_the_unit_returned_when_received_then_it_is_back_with_the_seller(
    shipped_line, buyer, seller, django_capture_on_commit_callbacks
):
    with after_commit(django_capture_on_commit_callbacks):
        walk(shipped_line, "delivered")
        ret = returns.request_return(buyer=buyer, order_id=shipped_line.order_id, reason="changed_mind")[0]
        returns.receive_return(seller=seller, return_id=ret.pk)
    p = passport_for_line(shipped_line.pk)
    assert _kinds(p)[-1] == "returned"
    assert not selectors.with_owner(p)
    assert selectors.document(p, "restricted")["ownership"]["returns"] == 1


def test_given_handlers_registered_then_they_listen_to_the_buying_topics():
    for topic in handlers.TOPICS:
        assert handlers.on_line_event in outbox._handlers[topic]


def test_given_a_stock_passport_when_the_same_unit_sells_then_its_life_goes_on(
    seller, offer, buyer, django_capture_on_commit_callbacks
):
    stock = services.open_stock_passport(seller=seller, variant=offer.variant, imei=VALID_IMEI, grade="good")
    with after_commit(django_capture_on_commit_callbacks):
        line = walk(place_order(buyer, offer).lines.get(), "shipped")
    assert passport_for_line(line.pk) == stock
    assert Passport.objects.count() == 1
    assert _kinds(stock)[-2:] == ["graded", "sold"]


def test_given_a_unit_sold_twice_by_two_refurbishers_then_the_second_life_links_to_the_first(
    shipped_line, buyer, django_capture_on_commit_callbacks
):
    """The unit was delivered (life 1), came back through another refurbisher (a hand-over staff recorded, which
    the chain shows) and ships again: life 2."""
    with after_commit(django_capture_on_commit_callbacks):
        walk(shipped_line, "delivered")
    life1 = passport_for_line(shipped_line.pk)
    second_seller = SellerFactory(user=UserFactory())
    second_offer = OfferFactory(seller=second_seller, variant=shipped_line.offer.variant, quantity=2)
    other_buyer = UserFactory()
    with after_commit(django_capture_on_commit_callbacks):
        devices.hand_over(
            identifier=shipped_line.imei,
            to_seller=second_seller,
            by=StaffFactory(),
            reason="bought from its owner",
        )
    assert "ownership_changed" in _kinds(life1)
    with after_commit(django_capture_on_commit_callbacks):
        line2 = walk(place_order(other_buyer, second_offer).lines.get(), "shipped", imei=shipped_line.imei)
    life2 = passport_for_line(line2.pk)
    life1.refresh_from_db()
    assert life2 != life1 and life2.previous == life1 and life2.life == 2
    assert life1.status == "superseded" and _kinds(life1)[-1] == "new_life"
    doc = selectors.document(life2, "public")
    assert [x["life"] for x in doc["lineage"]] == [1, 2]
    assert doc["previous"]["id"] == life1.serial
    assert selectors.document(life1, "public")["next"]["id"] == life2.serial
    assert selectors.verify(life1).ok and selectors.verify(life2).ok


def test_given_an_earlier_life_when_opening_lives_then_one_successor_only_and_same_model(
    stock_passport, seller, jacket
):
    life2 = services.open_passport(
        variant=stock_passport.variant,
        source="trade_in",
        previous=stock_passport,
        issuer=seller,
        actor=Actor.of_seller(seller),
    )
    assert life2.life == 2
    stock_passport.refresh_from_db()
    with pytest.raises(Conflict) as caught:
        services.open_passport(variant=stock_passport.variant, source="trade_in", previous=stock_passport)
    assert caught.value.code == "invalid_transition"
    with pytest.raises(Invalid) as caught:
        services.open_passport(variant=jacket, source="trade_in", previous=life2)
    assert caught.value.code == "lineage_model_mismatch"
    with pytest.raises(Conflict) as caught:
        services.record_event(
            passport=stock_passport,
            kind="battery_measured",
            actor=Actor.of_seller(seller),
            data={"battery_health": 90},
        )
    assert caught.value.code == "passport_closed"


def test_given_the_refurbisher_api_when_opening_a_next_life_then_lineage_is_recorded(
    api, stock_passport, seller
):
    body = {"variant_id": stock_passport.variant_id, "previous": stock_passport.serial, "grade": "excellent"}
    created = api.as_(seller.user, ["seller"]).post("/api/v1/seller/passports", body).expect(201)
    assert created["life"] == 2 and created["previous"]["id"] == stock_passport.serial
    assert [x["life"] for x in created["lineage"]] == [1, 2]


def test_given_a_seller_ships_without_imei_then_the_makers_serial_matches_units(
    seller, offer, buyer, django_capture_on_commit_callbacks
):
    stock = services.open_stock_passport(seller=seller, variant=offer.variant, maker_serial="C02XK0ABJGH5")
    with after_commit(django_capture_on_commit_callbacks):
        line = place_order(buyer, offer).lines.get()
        fulfilment.accept_line(seller=seller, line_id=line.pk)
        fulfilment.ship_line(
            seller=seller, line_id=line.pk, tracking_number="TRACK12345", carrier="DPD", serial="C02XK0ABJGH5"
        )
    assert passport_for_line(line.pk) == stock
