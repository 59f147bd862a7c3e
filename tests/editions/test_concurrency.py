"""Two makers making pieces of one edition at the same instant (real threads, both databases): each gets its
own number, never the same one, and never more pieces than the run's size."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict
from comeback.editions import services
from comeback.editions.models import Edition, EditionItem
from comeback.recovery.services import Operator
from tests.concurrency import race
from tests.factories import SellerFactory, StaffFactory, UserFactory

from .factories import collection, edition, op, upcycled


def _codes(results) -> list:
    out = []
    for r in results:
        if isinstance(r, Conflict):
            out.append(r.code)
        elif isinstance(r, Exception):
            raise r
        else:
            out.append(r.number)
    return out


@pytest.mark.django_db(transaction=True)
def test_given_two_makers_racing_for_pieces_of_one_edition_then_each_gets_its_own_number():
    seller = SellerFactory(user=UserFactory(email="race-maker@example.test"))
    staff = StaffFactory(email="race-ops@example.test")
    coll = collection()
    belt = edition(seller, coll, size=5)
    a, b = upcycled(seller, coll, 2)
    results = race(
        [
            lambda: services.make_item(op=op(seller), edition_id=belt.pk, donors=[a]),
            lambda: services.make_item(op=Operator.staff(staff), edition_id=belt.pk, donors=[b]),
        ]
    )
    assert sorted(_codes(results)) == [1, 2]
    assert sorted(EditionItem.objects.values_list("number", flat=True)) == [1, 2]
    assert Edition.objects.get(pk=belt.pk).made == 2


@pytest.mark.django_db(transaction=True)
def test_given_the_last_piece_raced_for_then_one_maker_gets_it_and_the_other_is_told_the_run_is_complete():
    seller = SellerFactory(user=UserFactory(email="race-maker2@example.test"))
    coll = collection()
    belt = edition(seller, coll, size=1)
    a, b = upcycled(seller, coll, 2)
    results = race(
        [
            lambda: services.make_item(op=op(seller), edition_id=belt.pk, donors=[a]),
            lambda: services.make_item(op=op(seller), edition_id=belt.pk, donors=[b]),
        ]
    )
    assert sorted(_codes(results), key=str) == [1, "edition_complete"]
    assert EditionItem.objects.count() == 1 and Edition.objects.get(pk=belt.pk).made == 1
