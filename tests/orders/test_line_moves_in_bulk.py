"""Moving every line of an order at once (payment confirmation, release) answers like moving one line: a move
the table lacks is 409 `invalid_transition`, an actor it does not name 403 `actor_not_allowed` (core.process)."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict, Forbidden
from comeback.orders.models import LineStatus, OrderLine
from comeback.orders.processes import LINE, Actor

S = LineStatus


def test_given_a_move_the_table_lacks_when_lines_move_in_bulk_then_409_invalid_transition():
    # given / when a bulk move from paid back to reserved
    with pytest.raises(Conflict) as refused:
        LINE.move_all(OrderLine.objects.none(), S.PAID, S.RESERVED, actor=Actor.STAFF)
    # then it is refused as a wrong state, naming both statuses
    assert refused.value.code == "invalid_transition"
    assert (refused.value.extra["current_status"], refused.value.extra["target"]) == ("paid", "reserved")


def test_given_an_actor_the_table_does_not_name_when_lines_move_in_bulk_then_403_actor_not_allowed():
    # given / when a seller releases a reservation (only the payment or the clock may)
    with pytest.raises(Forbidden) as refused:
        LINE.move_all(OrderLine.objects.none(), S.RESERVED, S.RELEASED, actor=Actor.SELLER)
    # then it is refused as a wrong actor
    assert refused.value.code == "actor_not_allowed"
