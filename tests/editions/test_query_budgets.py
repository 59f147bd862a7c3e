"""Query budgets of the editions list: the public collections, each with its editions, their pieces and each
piece's donor passports, cost the same few queries for 2 collections or 8."""

from __future__ import annotations

import pytest

from comeback.editions import services
from comeback.recovery.models import Collection

from ..budgets import assert_flat
from .factories import collection, edition, op, phone, upcycled

pytestmark = pytest.mark.django_db


def test_given_more_collections_with_pieces_when_anyone_lists_them_then_the_queries_do_not_grow(
    api, refurbisher
):
    model = phone()  # one model for every donor, so no GTIN is drawn twice

    def add(n):
        for _ in range(n):
            coll = collection(f"Collection {Collection.objects.count()}")
            piece = edition(refurbisher, coll, name=f"{coll.name} belt", size=10)
            (donor,) = upcycled(refurbisher, coll, product=model)
            services.make_item(op=op(refurbisher), edition_id=piece.pk, donors=[donor])

    assert_flat(api, "/api/v1/collections", add, budget=8)
