"""Every listing rule answers with its own code (docs/design.md §2 Grades, Warranty; §4 listing body)."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict, Forbidden, Invalid
from comeback.offers import services
from comeback.offers.models import Offer, OfferStatus
from comeback.offers.services import ListingDraft
from tests.factories import OfferFactory

from .conftest import listing_body

LISTINGS = "/api/v1/seller/listings"


def draft(variant, **overrides) -> ListingDraft:
    return ListingDraft(**listing_body(variant, **overrides))


def refusal(exc_info) -> tuple[str, list[str]]:
    problem = exc_info.value
    return problem.code, [e["field"] for e in problem.errors]


# Publishing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant_fixture", "overrides", "code", "field"),
    [
        ("phone_variant", {"currency": "USD"}, "currency_mismatch", "currency"),
        ("phone_variant", {"market": "GB", "currency": "EUR"}, "currency_mismatch", "currency"),
        ("phone_variant", {"battery_health_min": 79}, "battery_floor", "battery_health_min"),
        ("laptop_variant", {"battery_health_min": 84}, "battery_floor", "battery_health_min"),
        (
            "phone_variant",
            {"grade": "premium", "battery_health_min": 89},
            "premium_battery_floor",
            "battery_health_min",
        ),
        ("phone_variant", {"battery_health_min": None}, "battery_health_required", "battery_health_min"),
        ("phone_variant", {"battery_health_min": 101}, "battery_health_max", "battery_health_min"),
        ("jacket_variant", {"battery_health_min": 90}, "battery_not_applicable", "battery_health_min"),
        ("phone_variant", {"warranty_months": 11}, "warranty_minimum", "warranty_months"),
        ("phone_variant", {"warranty_months": 61}, "warranty_maximum", "warranty_months"),
        ("phone_variant", {"handling_days": 0}, "handling_days_range", "handling_days"),
        ("phone_variant", {"handling_days": 11}, "handling_days_range", "handling_days"),
        ("phone_variant", {"price": 0}, "price_positive", "price"),
        ("phone_variant", {"price": -100}, "price_positive", "price"),
        ("phone_variant", {"price": 10_000_001}, "price_too_high", "price"),
        ("phone_variant", {"quantity": -1}, "quantity_non_negative", "quantity"),
        ("phone_variant", {"quantity": 100_001}, "quantity_too_high", "quantity"),
        ("phone_variant", {"grade": "mint"}, "invalid_grade", "grade"),
        ("phone_variant", {"market": "XX"}, "unknown_market", "market"),
        ("phone_variant", {"variant_id": 987654}, "unknown_variant", "variant_id"),
    ],
)
def test_given_terms_breaking_a_rule_when_publishing_then_the_rule_is_named(
    request, seller, variant_fixture, overrides, code, field
):
    variant = request.getfixturevalue(variant_fixture)
    with pytest.raises(Invalid) as exc_info:
        services.publish_listing(seller=seller, draft=draft(variant, **overrides))
    assert refusal(exc_info) == (code, [field])
    assert exc_info.value.status == 422
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    ("variant_fixture", "overrides"),
    [
        ("phone_variant", {"battery_health_min": 80}),
        ("laptop_variant", {"battery_health_min": 85}),
        ("phone_variant", {"grade": "premium", "battery_health_min": 90}),
        ("jacket_variant", {"battery_health_min": None}),
        ("phone_variant", {"warranty_months": 12, "handling_days": 10}),
        (
            "phone_variant",
            {"market": "JP", "currency": "JPY", "price": 9_500_000},
        ),  # a laptop in yen is not a typo
        ("phone_variant", {"price": 1, "quantity": 0}),
    ],
)
def test_given_terms_on_the_boundary_when_publishing_then_it_is_accepted(
    request, seller, variant_fixture, overrides
):
    offer = services.publish_listing(
        seller=seller, draft=draft(request.getfixturevalue(variant_fixture), **overrides)
    )
    assert offer.status == OfferStatus.ACTIVE and offer.published_at is not None


def test_given_several_broken_rules_when_publishing_then_each_field_is_named(seller, phone_variant):
    with pytest.raises(Invalid) as exc_info:
        services.publish_listing(
            seller=seller,
            draft=draft(phone_variant, price=0, battery_health_min=50, warranty_months=3, handling_days=30),
        )
    assert set(refusal(exc_info)[1]) == {"price", "battery_health_min", "warranty_months", "handling_days"}


def test_given_a_market_the_shop_is_not_approved_for_when_publishing_then_market_not_allowed(
    seller, phone_variant
):
    seller.markets = ["FR"]
    seller.save()
    with pytest.raises(Invalid) as exc_info:
        services.publish_listing(seller=seller, draft=draft(phone_variant, market="DE"))
    assert refusal(exc_info) == ("market_not_allowed", ["market"])


def test_given_a_live_listing_in_the_slot_when_publishing_again_then_409_listing_exists(
    seller, phone_variant
):
    first = services.publish_listing(seller=seller, draft=draft(phone_variant))
    with pytest.raises(Conflict) as exc_info:
        services.publish_listing(seller=seller, draft=draft(phone_variant, price=30000))
    assert exc_info.value.code == "listing_exists" and exc_info.value.extra["offer_id"] == first.pk
    # Another grade is another slot; a withdrawn listing frees its slot.
    services.publish_listing(seller=seller, draft=draft(phone_variant, grade="fair"))
    services.update_listing(seller=seller, offer_id=first.pk, changes={"status": "withdrawn"})
    assert services.publish_listing(seller=seller, draft=draft(phone_variant)).pk != first.pk


def test_given_a_seller_not_allowed_to_sell_when_publishing_then_refused_by_its_process(
    seller, phone_variant
):
    seller.status = "suspended"
    seller.save()
    with pytest.raises(Forbidden) as exc_info:
        services.publish_listing(seller=seller, draft=draft(phone_variant))
    assert exc_info.value.code == "seller_suspended"


# Updating ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"price": 0}, "price_positive", "price"),
        ({"quantity": -2}, "quantity_non_negative", "quantity"),
        ({"battery_health_min": 70}, "battery_floor", "battery_health_min"),
        ({"battery_health_min": None}, "battery_health_required", "battery_health_min"),
        ({"warranty_months": 6}, "warranty_minimum", "warranty_months"),
        ({"handling_days": 12}, "handling_days_range", "handling_days"),
        ({"grade": "fair"}, "not_editable", "grade"),
        ({"market": "DE"}, "not_editable", "market"),
        ({"status": "sold"}, "invalid_status", "status"),
        ({"price": "12"}, "integer_required", "price"),
    ],
)
def test_given_a_change_breaking_a_rule_when_updating_then_the_rule_is_named(
    seller, phone_variant, changes, code, field
):
    offer = OfferFactory(seller=seller, variant=phone_variant)
    with pytest.raises(Invalid) as exc_info:
        services.update_listing(seller=seller, offer_id=offer.pk, changes=changes)
    assert refusal(exc_info) == (code, [field])
    offer.refresh_from_db()
    assert (offer.price_amount, offer.quantity, offer.battery_health_min) == (34900, 5, 85)


def test_given_a_premium_listing_when_its_battery_drops_below_90_then_premium_battery_floor(
    seller, phone_variant
):
    offer = OfferFactory(seller=seller, variant=phone_variant, grade="premium", battery_health_min=95)
    with pytest.raises(Invalid) as exc_info:
        services.update_listing(seller=seller, offer_id=offer.pk, changes={"battery_health_min": 85})
    assert refusal(exc_info) == ("premium_battery_floor", ["battery_health_min"])


@pytest.mark.parametrize(("start", "to"), [("active", "draft"), ("paused", "draft"), ("draft", "paused")])
def test_given_a_status_move_outside_the_table_when_updating_then_409_invalid_transition(seller, start, to):
    offer = OfferFactory(seller=seller, status=start)
    with pytest.raises(Conflict) as exc_info:
        services.update_listing(seller=seller, offer_id=offer.pk, changes={"status": to})
    assert exc_info.value.code == "invalid_transition"
    offer.refresh_from_db()
    assert offer.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("active", "paused"),
        ("paused", "active"),
        ("active", "withdrawn"),
        ("paused", "withdrawn"),
        ("draft", "active"),
        ("draft", "withdrawn"),
    ],
)
def test_given_a_status_move_in_the_table_when_updating_then_it_happens(seller, start, to):
    offer = OfferFactory(seller=seller, status=start)
    assert services.update_listing(seller=seller, offer_id=offer.pk, changes={"status": to}).status == to


def test_given_a_draft_when_activated_then_it_gets_its_publication_time(seller):
    offer = OfferFactory(seller=seller, status="draft", published_at=None)
    assert services.update_listing(
        seller=seller, offer_id=offer.pk, changes={"status": "active"}
    ).published_at


def test_given_a_withdrawn_listing_when_anything_changes_then_409_listing_withdrawn(seller):
    offer = OfferFactory(seller=seller, status=OfferStatus.WITHDRAWN)
    for changes in ({"price": 100}, {"status": "active"}, {}):
        with pytest.raises(Conflict) as exc_info:
            services.update_listing(seller=seller, offer_id=offer.pk, changes=changes)
        assert exc_info.value.code == "listing_withdrawn"


def test_given_a_stale_status_when_the_guarded_write_runs_then_409_listing_state_changed(seller, monkeypatch):
    offer = OfferFactory(seller=seller)
    real_own_offer = services.own_offer

    def stale_read(**kwargs):
        # Another request pauses the listing between our read and our write.
        found = real_own_offer(**kwargs)
        Offer.objects.filter(pk=found.pk).update(status=OfferStatus.PAUSED)
        return found

    monkeypatch.setattr(services, "own_offer", stale_read)
    with pytest.raises(Conflict) as exc_info:
        services.update_listing(seller=seller, offer_id=offer.pk, changes={"status": "withdrawn"})
    assert exc_info.value.code == "listing_state_changed"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PAUSED


def test_given_a_price_edit_when_another_field_changed_meanwhile_then_it_is_not_undone(seller, monkeypatch):
    offer = OfferFactory(seller=seller, quantity=5)
    real_own_offer = services.own_offer

    def stale_read(**kwargs):
        found = real_own_offer(**kwargs)
        Offer.objects.filter(pk=found.pk).update(quantity=2)  # a concurrent stock edit
        return found

    monkeypatch.setattr(services, "own_offer", stale_read)
    services.update_listing(seller=seller, offer_id=offer.pk, changes={"price": 30000})
    offer.refresh_from_db()
    assert (offer.price_amount, offer.quantity) == (30000, 2)


def test_given_an_update_when_it_lands_then_offer_updated_is_emitted_for_webhooks(seller):
    from comeback.core.models import OutboxEvent

    offer = OfferFactory(seller=seller)
    services.update_listing(seller=seller, offer_id=offer.pk, changes={"price": 30000, "quantity": 1})
    event = OutboxEvent.objects.filter(topic="offer.updated").get()
    assert event.payload == {"offer_id": offer.pk, "seller_id": seller.pk, "fields": ["price", "quantity"]}


def test_given_another_sellers_offer_when_updating_then_not_found(seller, rival_offer):
    from comeback.core.problems import NotFound

    with pytest.raises(NotFound):
        services.update_listing(seller=seller, offer_id=rival_offer.pk, changes={"price": 1})


def test_given_a_losing_offer_when_matching_the_winning_price_then_it_wins(
    seller, phone_variant, rival_offer
):
    from comeback.offers import selectors

    mine = OfferFactory(seller=seller, variant=phone_variant, price_amount=39900)
    assert not selectors.standings([mine])[mine.pk].is_winning
    matched = services.match_price_to_win(seller=seller, offer_id=mine.pk)
    assert matched.price_amount < 39900
    assert selectors.standings([matched])[matched.pk].is_winning


# The same rules through the API: problem+json naming the field and rule --------------------------------


@pytest.mark.parametrize(
    ("overrides", "status", "code", "field"),
    [
        ({"currency": "GBP"}, 422, "currency_mismatch", "currency"),
        ({"battery_health_min": 79}, 422, "battery_floor", "battery_health_min"),
        ({"grade": "premium", "battery_health_min": 85}, 422, "premium_battery_floor", "battery_health_min"),
        ({"warranty_months": 6}, 422, "warranty_minimum", "warranty_months"),
        ({"handling_days": 0}, 422, "handling_days_range", "handling_days"),
        ({"price": 0}, 422, "price_positive", "price"),
        ({"variant_id": 0}, 422, "unknown_variant", "variant_id"),
        ({"market": "ZZ"}, 422, "unknown_market", "market"),
    ],
)
def test_given_a_rule_broken_over_the_api_when_listing_then_problem_json_names_field_and_rule(
    seller_api, phone_variant, overrides, status, code, field
):
    problem = seller_api.post(LISTINGS, listing_body(phone_variant, **overrides)).expect(status)
    assert problem["code"] == code
    assert {"field": field, "code": code} == {k: problem["errors"][0][k] for k in ("field", "code")}
    assert problem["errors"][0]["message"] and problem["type"].endswith(code.replace("_", "-"))


def test_given_api_conflicts_when_listing_or_patching_then_409_with_codes(seller_api, seller, phone_variant):
    seller_api.post(LISTINGS, listing_body(phone_variant)).expect(201)
    assert seller_api.post(LISTINGS, listing_body(phone_variant)).expect(409)["code"] == "listing_exists"
    draft_offer = OfferFactory(seller=seller, status="draft", grade="fair")
    assert (
        seller_api.patch(f"{LISTINGS}/{draft_offer.pk}", {"status": "paused"}).expect(409)["code"]
        == "invalid_transition"
    )
    gone = OfferFactory(seller=seller, status="withdrawn", grade="excellent")
    assert (
        seller_api.patch(f"{LISTINGS}/{gone.pk}", {"price": 100}).expect(409)["code"] == "listing_withdrawn"
    )


def test_given_a_market_not_approved_over_the_api_when_listing_then_422_market_not_allowed(
    seller_api, seller, phone_variant
):
    seller.markets = ["FR"]
    seller.save()
    problem = seller_api.post(LISTINGS, listing_body(phone_variant, market="US", currency="USD")).expect(422)
    assert (problem["code"], problem["errors"][0]["field"]) == ("market_not_allowed", "market")
