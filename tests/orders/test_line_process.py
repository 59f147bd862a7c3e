"""The line process (docs/design.md §2 Orders): every transition in the table is allowed for its actors and
refused for everyone else; the services refuse invalid moves with 409 `invalid_transition`, and a lost
race with 409 `line_state_changed`."""

from __future__ import annotations

import itertools

import pytest

from comeback.core.problems import Conflict
from comeback.orders import processes
from comeback.orders.models import LineStatus, OrderLine, ReturnStatus
from comeback.orders.processes import LINE_TRANSITIONS, RETURN_TRANSITIONS, Actor

from .helpers import VALID_IMEI, walk

ACTORS = [Actor.SELLER, Actor.BUYER, Actor.CARRIER, Actor.CLOCK, Actor.STAFF, Actor.PAYMENT]
EXPECTED = {
    ("reserved", "paid"): {"payment"},
    ("reserved", "released"): {"payment", "clock"},
    ("paid", "accepted"): {"seller", "staff"},
    ("paid", "cancelled"): {"seller", "buyer", "staff"},
    ("accepted", "shipped"): {"seller"},
    ("accepted", "cancelled"): {"seller", "buyer", "staff"},
    ("shipped", "delivered"): {"carrier", "buyer", "clock", "staff"},
    ("delivered", "completed"): {"clock", "staff"},
    ("delivered", "refunded"): {"seller", "staff"},
    ("completed", "refunded"): {"seller", "staff"},
}


def test_given_the_published_table_then_the_code_table_matches_it_exactly():
    assert {k: {a.label for a in ACTORS if a & v} for k, v in LINE_TRANSITIONS.items()} == EXPECTED


def test_given_every_status_pair_and_actor_then_a_move_is_allowed_exactly_when_the_table_says_so():
    wrong = [
        (frm, to, actor.label)
        for frm, to, actor in itertools.product(LineStatus.values, LineStatus.values, ACTORS)
        if processes.allowed(frm, to, actor) != (actor.label in EXPECTED.get((frm, to), set()))
    ]
    assert wrong == []


def test_given_terminal_statuses_then_nothing_leaves_them():
    for terminal in (LineStatus.CANCELLED, LineStatus.REFUNDED, LineStatus.RELEASED):
        assert not [k for k in LINE_TRANSITIONS if k[0] == terminal]


def test_given_the_return_table_then_only_seller_or_staff_move_returns():
    assert RETURN_TRANSITIONS[(ReturnStatus.REQUESTED, ReturnStatus.RECEIVED)] == Actor.SELLER | Actor.STAFF
    assert RETURN_TRANSITIONS[(ReturnStatus.RECEIVED, ReturnStatus.REFUNDED)] == Actor.SELLER | Actor.STAFF
    assert not processes.allowed(ReturnStatus.REQUESTED, ReturnStatus.REFUNDED, Actor.SELLER)


def test_given_a_stale_copy_of_a_line_when_moving_it_then_the_guarded_update_refuses(paid_line, frozen):
    stale = OrderLine.objects.get(pk=paid_line.pk)
    processes.move_line(paid_line, LineStatus.ACCEPTED, actor=Actor.SELLER, at=paid_line.paid_at)

    with pytest.raises(Conflict) as refused:
        processes.move_line(stale, LineStatus.CANCELLED, actor=Actor.SELLER, at=paid_line.paid_at)

    assert refused.value.code == "line_state_changed"
    assert OrderLine.objects.get(pk=paid_line.pk).status == LineStatus.ACCEPTED


# Each refused move through the API, by the actor who would try it --------------------------------
def seller_post(api, line, action, body=None):
    return api.as_(line.seller.user).post(f"/api/v1/seller/orders/lines/{line.pk}/{action}", body)


SHIP = {"tracking_number": "TRACK12345", "carrier": "Colissimo", "imei": VALID_IMEI}


def test_given_a_paid_line_when_the_seller_ships_before_accepting_then_409_invalid_transition(api, paid_line):
    problem = seller_post(api, paid_line, "ship", SHIP).expect(409)
    assert problem["code"] == "invalid_transition"
    assert problem["status"] == 409


def test_given_an_accepted_line_when_the_seller_accepts_again_then_409(api, paid_line):
    walk(paid_line, "accepted")
    assert seller_post(api, paid_line, "accept").expect(409)["code"] == "invalid_transition"


def test_given_a_shipped_line_when_anyone_cancels_then_409(api, paid_line):
    walk(paid_line, "shipped")
    assert (
        seller_post(api, paid_line, "cancel", {"reason": "oops"}).expect(409)["code"] == "invalid_transition"
    )
    buyer_api = api.as_(paid_line.order.buyer)
    assert (
        buyer_api.post(f"/api/v1/orders/lines/{paid_line.pk}/cancel").expect(409)["code"]
        == "invalid_transition"
    )
    assert (
        buyer_api.post(f"/api/v1/orders/{paid_line.order_id}/cancel").expect(409)["code"]
        == "invalid_transition"
    )


def test_given_a_paid_line_when_the_buyer_confirms_delivery_then_409(api, paid_line):
    problem = (
        api.as_(paid_line.order.buyer).post(f"/api/v1/orders/lines/{paid_line.pk}/delivered").expect(409)
    )
    assert problem["code"] == "invalid_transition"


def test_given_a_delivered_line_when_the_buyer_confirms_again_then_409(api, paid_line):
    walk(paid_line, "delivered")
    problem = (
        api.as_(paid_line.order.buyer).post(f"/api/v1/orders/lines/{paid_line.pk}/delivered").expect(409)
    )
    assert problem["code"] == "invalid_transition"


def test_given_a_shipped_line_when_the_seller_ships_again_then_the_identifiers_do_not_change(api, paid_line):
    walk(paid_line, "shipped")
    problem = seller_post(api, paid_line, "ship", {**SHIP, "tracking_number": "OTHER99999"}).expect(409)
    assert problem["code"] == "invalid_transition"
    paid_line.refresh_from_db()
    assert (paid_line.tracking_number, paid_line.imei) == ("TRACK12345", VALID_IMEI)


def test_given_a_line_the_happy_path_records_each_step(api, paid_line):
    buyer_api = api.as_(paid_line.order.buyer)
    assert seller_post(api, paid_line, "accept").expect(200)["status"] == "accepted"
    shipped = seller_post(api, paid_line, "ship", SHIP).expect(200)
    assert (shipped["status"], shipped["imei"], shipped["tracking_number"]) == (
        "shipped",
        VALID_IMEI,
        "TRACK12345",
    )
    delivered = buyer_api.post(f"/api/v1/orders/lines/{paid_line.pk}/delivered").expect(200)
    assert delivered["status"] == "delivered"
    order = buyer_api.get(f"/api/v1/orders/{paid_line.order_id}").expect(200)
    line = order["fulfilments"][0]["lines"][0]
    assert all(line[k] for k in ("paid_at", "accepted_at", "shipped_at", "delivered_at"))
