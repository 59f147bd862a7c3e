"""Parts stock: harvesting from a donor, taking parts atomically (the contract recovery relies on)."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict, Forbidden
from comeback.passports import services as passports
from comeback.repair import selectors, services
from comeback.repair.models import MovementReason, PartSource, Stock, StockMovement
from tests.concurrency import race
from tests.factories import CategoryFactory, ProductModelFactory, SellerFactory, UserFactory

from .factories import LocationFactory, PartFactory, repairer_at, stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def donor(phone_model):
    return passports.open_passport(product=phone_model, source="trade_in", source_ref="tradein:1")


def test_given_a_donor_unit_when_its_battery_is_harvested_then_one_part_is_in_stock_linked_to_the_donor(
    donor, shop, phone_model
):
    row = services.stock_harvested_part(donor_passport=donor, part_type="battery", location=shop)

    assert row.quantity == 1 and row.location == shop
    assert row.part.source == PartSource.HARVESTED and row.part.donor_passport == donor
    assert list(row.part.compatible_models.all()) == [phone_model]
    assert StockMovement.objects.get(part=row.part).reason == MovementReason.HARVESTED
    offered = selectors.parts_for(product=phone_model, location=shop, part_type="battery")
    assert [(a.part, a.quantity_here, a.donor) for a in offered] == [(row.part, 1, donor)]


def test_given_a_harvested_part_when_it_is_harvested_again_then_no_second_item_appears(donor, shop):
    first = services.stock_harvested_part(donor_passport=donor, part_type="screen", location=shop)
    again = services.stock_harvested_part(donor_passport=donor, part_type="screen", location=shop)

    assert again.pk == first.pk and again.quantity == 1


def test_given_an_unknown_part_type_when_harvesting_then_it_is_refused_naming_the_field(donor, shop):
    with pytest.raises(Exception) as caught:
        services.stock_harvested_part(donor_passport=donor, part_type="flux_capacitor", location=shop)
    assert caught.value.code == "unknown_part_type" and caught.value.errors[0]["field"] == "part_type"


def test_given_a_stranger_when_harvesting_into_a_location_then_it_is_forbidden(donor, shop):
    with pytest.raises(Forbidden):
        services.stock_harvested_part(
            donor_passport=donor, part_type="battery", location=shop, actor=UserFactory()
        )


def test_given_three_in_stock_when_two_are_taken_then_one_is_left_and_the_ledger_says_why(battery, shop):
    row = services.consume_part(part=battery, location=shop, quantity=2, ref="repair_job:9")

    assert row.quantity == 1
    move = StockMovement.objects.get(part=battery, delta=-2)
    assert (move.reason, move.ref) == ("repair", "repair_job:9")


def test_given_one_in_stock_when_two_are_asked_then_409_and_nothing_is_taken(battery, shop):
    Stock.objects.filter(part=battery).update(quantity=1)
    with pytest.raises(Conflict) as caught:
        services.consume_part(part=battery.pk, location=shop.pk, quantity=2)

    assert caught.value.code == "part_out_of_stock" and caught.value.status == 409
    assert Stock.objects.get(part=battery).quantity == 1


def test_given_no_stock_row_at_a_location_when_a_part_is_taken_then_it_is_out_of_stock(battery):
    elsewhere = LocationFactory()
    with pytest.raises(Conflict):
        services.consume_part(part=battery, location=elsewhere)


def test_given_a_refurbisher_when_it_takes_from_its_own_workshop_then_it_may_but_not_from_a_shop(
    battery, shop
):
    seller = SellerFactory()
    workshop = services.workshop_for(seller=seller)
    stock(battery, workshop, 1)

    assert (
        services.consume_part(part=battery, location=workshop, actor=seller.user, reason="refurbish").quantity
        == 0
    )
    with pytest.raises(Forbidden):
        services.consume_part(part=battery, location=shop, actor=seller.user)


def test_given_a_refurbisher_when_its_workshop_is_asked_twice_then_it_is_the_same_private_location():
    seller = SellerFactory()
    first = services.workshop_for(seller=seller)

    assert services.workshop_for(seller=seller) == first and not first.is_public


@pytest.mark.django_db(transaction=True)
def test_given_the_last_battery_when_two_repairers_take_it_at_once_then_exactly_one_succeeds():
    category = CategoryFactory(slug="smartphones")
    model = ProductModelFactory(category=category)
    shop = LocationFactory()
    part = PartFactory(fits=[model])
    stock(part, shop, 1)
    fixers = [repairer_at(shop), repairer_at(shop)]

    results = race(
        [lambda u=u: services.consume_part(part=part.pk, location=shop.pk, actor=u) for u in fixers]
    )

    assert sum(isinstance(r, Stock) for r in results) == 1
    assert [r.code for r in results if isinstance(r, Exception)] == ["part_out_of_stock"]
    assert Stock.objects.get(part=part).quantity == 0
