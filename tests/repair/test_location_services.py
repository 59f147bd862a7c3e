"""Managing repair locations: staff create them anywhere, a refurbisher only its own; hours may not overlap;
services are priced in the market's currency; repairers are attached by whoever manages the location."""

from __future__ import annotations

from datetime import time

import pytest

from comeback.core.money import Money
from comeback.core.problems import Conflict, Forbidden, Invalid
from comeback.repair import access, services
from comeback.repair.models import LocationKind
from tests.factories import SellerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def draft(**extra):
    fields = {
        "name": "Fix Lab",
        "kind": LocationKind.INDEPENDENT,
        "market": "GB",
        "address": "45 Exmouth Market",
        "city": "London",
        "latitude": 51.5263,
        "longitude": -0.1088,
        **extra,
    }
    return services.LocationDraft(**fields)


def test_given_staff_when_creating_a_location_then_it_takes_the_markets_timezone_and_a_unique_slug():
    staff = StaffFactory()
    first = services.create_location(draft=draft(), actor=staff)
    second = services.create_location(draft=draft(), actor=staff)

    assert (
        first.timezone == "Europe/London"
        and first.slug == "fix-lab-london"
        and second.slug == "fix-lab-london-2"
    )


def test_given_a_refurbisher_when_creating_a_location_then_it_runs_it_and_a_buyer_may_not():
    seller = SellerFactory()
    loc = services.create_location(draft=draft(), actor=seller.user)

    assert loc.seller == seller and access.manages_location(seller.user, loc)
    with pytest.raises(Forbidden):
        services.create_location(draft=draft(), actor=UserFactory())


def test_given_bad_coordinates_or_timezone_when_creating_then_422_naming_the_field():
    with pytest.raises(Invalid) as caught:
        services.create_location(draft=draft(latitude=95.0), actor=StaffFactory())
    assert caught.value.errors[0]["field"] == "lat"
    with pytest.raises(Invalid) as caught:
        services.create_location(draft=draft(timezone="Mars/Olympus"), actor=StaffFactory())
    assert caught.value.errors[0]["field"] == "timezone"


def test_given_overlapping_hours_then_refused_and_a_lunch_break_is_fine(shop, staff):
    services.set_hours(location=shop, actor=staff, hours=[(0, time(9), time(12)), (0, time(14), time(18))])
    assert shop.hours.count() == 2
    with pytest.raises(Invalid) as caught:
        services.set_hours(
            location=shop, actor=staff, hours=[(0, time(9), time(13)), (0, time(12), time(18))]
        )
    assert caught.value.code == "overlapping_hours"


def test_given_a_service_priced_in_another_currency_then_refused(shop, staff):
    service = services.set_service(
        location=shop, kind="screen_replacement", price=Money(14900, "EUR"), duration_minutes=60, actor=staff
    )
    assert service.price == Money(14900, "EUR")
    with pytest.raises(Invalid):
        services.set_service(
            location=shop,
            kind="screen_replacement",
            price=Money(100, "GBP"),
            duration_minutes=60,
            actor=staff,
        )


def test_given_a_repairer_or_another_refurbisher_when_managing_the_shop_then_refused(shop, repairer):
    for intruder in (repairer, SellerFactory().user, UserFactory()):
        with pytest.raises(Forbidden):
            services.set_hours(location=shop, actor=intruder, hours=[])
        with pytest.raises(Forbidden):
            services.add_member(location=shop, user=UserFactory(), actor=intruder)


def test_given_a_member_when_added_twice_then_409(shop, staff):
    user = UserFactory()
    services.add_member(location=shop, user=user, actor=staff)
    assert access.works_at(user, shop)
    with pytest.raises(Conflict):
        services.add_member(location=shop, user=user, actor=staff)
