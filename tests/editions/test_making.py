"""Making an upcycled limited edition: a run of N numbered pieces, each an offer of one unit with a passport
naming its donors; each donor's passport says what it became (docs/fashion.md "Upcycled editions")."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict, Invalid, NotFound
from comeback.editions import services
from comeback.offers.models import Offer
from comeback.passports.models import Passport, PassportEvent
from comeback.passports.selectors import verify

from .factories import collection, edition, op, upcycled


def test_given_upcycled_units_when_the_maker_makes_a_piece_then_it_is_numbered_listed_and_passported(
    refurbisher,
):
    coll = collection()
    belt = edition(refurbisher, coll, size=50)
    donors = upcycled(refurbisher, coll, 2)

    item = services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=donors)

    assert (item.number, item.label) == (1, "1/50")
    offer = Offer.objects.get(pk=item.offer_id)
    assert (offer.quantity, offer.status, offer.grade, offer.price_amount) == (
        1,
        "active",
        "new_with_tags",
        8900,
    )
    assert offer.variant.label == "1/50" and offer.variant.product == belt.product
    made = PassportEvent.objects.get(passport=item.passport, kind="made_from")
    assert made.data["public"]["edition"] == "Flip Buckle Belt 1/50"
    assert [d["passport"] for d in made.data["public"]["donors"]] == [
        d.passport.path for d in item.donors.all()
    ]
    for donor in item.donors.all():
        passport = Passport.objects.get(pk=donor.passport_id)
        last = passport.events.order_by("-seq").first()
        assert (last.kind, last.data["public"]["into"], passport.status) == (
            "upcycled_into",
            item.passport.path,
            "end_of_life",
        )
        assert verify(passport).ok
    assert verify(item.passport).ok


def test_given_a_made_piece_when_the_next_is_made_then_it_takes_the_next_number_until_the_run_is_complete(
    refurbisher,
):
    coll = collection()
    belt = edition(refurbisher, coll, size=2)
    a, b, c = upcycled(refurbisher, coll, 3)
    numbers = [services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=[r]).number for r in (a, b)]
    with pytest.raises(Conflict) as refused:
        services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=[c])
    assert numbers == [1, 2] and refused.value.code == "edition_complete"


def test_given_a_unit_already_in_a_piece_when_used_again_then_it_is_refused_by_field(refurbisher):
    coll = collection()
    belt = edition(refurbisher, coll)
    (ref,) = upcycled(refurbisher, coll)
    services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=[ref])
    with pytest.raises(Invalid) as refused:
        services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=[ref])
    assert refused.value.errors[0]["field"] == "donors.0"
    assert refused.value.errors[0]["code"] == "donor_not_available"


def test_given_another_shops_edition_or_units_when_a_seller_uses_them_then_it_is_refused(refurbisher, rival):
    coll = collection()
    belt = edition(refurbisher, coll)
    theirs = upcycled(refurbisher, coll)
    with pytest.raises(NotFound):
        services.make_item(op=op(rival), edition_id=belt.pk, donors=theirs)
    own = edition(rival, coll, name="Rival belt")
    with pytest.raises(Invalid) as refused:
        services.make_item(op=op(rival), edition_id=own.pk, donors=theirs)
    assert refused.value.errors[0]["code"] == "donor_not_available"


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"size": 0}, "size", "size_range"),
        ({"price": 0}, "price", "price_positive"),
        ({"category": "smartphones"}, "category", "unknown_category"),
        ({"market": "XX"}, "market", "market_not_allowed"),
        ({"name": "  "}, "name", "name_required"),
        ({"collection_id": 999999}, "collection_id", "unknown_collection"),
    ],
)
def test_given_a_bad_edition_when_created_then_refused_naming_the_field(refurbisher, overrides, field, code):
    with pytest.raises(Invalid) as refused:
        edition(refurbisher, **overrides)
    assert {(e["field"], e["code"]) for e in refused.value.errors} >= {(field, code)}
