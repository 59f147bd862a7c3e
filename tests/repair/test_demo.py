"""The repair demo: locations in every market with hours and services, a parts catalogue with stock, a few
models at risk, the repairer login, bookings and finished repairs written to units' passports."""

from __future__ import annotations

import pytest

from comeback.accounts.models import User
from comeback.demo import seeding as demo
from comeback.passports.models import PassportEvent
from comeback.repair import demo as repair_demo
from comeback.repair import obligation, selectors
from comeback.repair.models import Booking, Job, JobStatus, Location, Membership, Stock

DEMO_HOOKS = ("passports", "repair")  # run after the core demo by the shared `demo_seeded` fixture


@pytest.fixture
def _db(demo_seeded, django_db_blocker):
    with django_db_blocker.unblock():
        yield


def test_every_market_has_repair_locations_offering_a_battery_replacement(_db):
    markets = set(
        Location.objects.filter(is_public=True, services__kind="battery_replacement").values_list(
            "market_id", flat=True
        )
    )
    assert markets == {"FR", "DE", "GB", "US", "JP"}


def test_the_nearest_battery_replacement_to_paris_is_in_paris(_db):
    found = selectors.nearest(lat=48.8566, lon=2.3522, service="battery_replacement", limit=3)
    assert all(n.location.city == "Paris" and n.distance_km < 5 for n in found)


def test_parts_are_stocked_and_some_models_are_at_risk_for_a_visible_reason(_db):
    assert Stock.objects.filter(quantity__gt=0).count() > 100
    rows = obligation.report(at_risk_only=True)
    names = {r.product.name for r in rows}
    assert {"iPhone 11 Pro", "iPhone 12 mini", "iPhone 12 Pro"} <= names


def test_the_repairer_works_in_paris_and_is_described_in_demo_logins(_db):
    repairer = User.objects.get(email=repair_demo.REPAIRER)
    assert Membership.objects.filter(user=repairer, location__city="Paris").count() == 2
    assert repair_demo.describe_login(repairer)[0] == "repairer · Paris"
    assert repair_demo.REPAIRER in [login.email for login in demo.demo_logins()]


def test_finished_repairs_show_in_the_units_passports(_db):
    jobs = list(Job.objects.filter(status=JobStatus.REPAIRED).select_related("passport"))
    assert jobs  # units sold in the demo, and a walk-in whose passport the repair opened
    for job in jobs:
        assert PassportEvent.objects.filter(passport=job.passport, kind="repaired").exists()


def test_the_demo_buyer_has_a_booking(_db):
    assert Booking.objects.filter(customer__email=repair_demo.BUYER, status="booked").exists()


def test_given_the_demo_then_a_labelled_cobbler_deducts_the_textile_bonus_and_a_tailor_does_not(
    demo_seeded, db
):
    from comeback.repair.models import BonusLabel

    cobbler = Location.objects.get(slug="cordonnerie-saint-paul")
    tailor = Location.objects.get(slug="retouches-du-canal")
    assert (cobbler.kind, tailor.kind) == ("cobbler", "tailor")
    assert BonusLabel.objects.filter(location=cobbler, scheme="fr_textile").exists()
    assert not BonusLabel.objects.filter(location=tailor).exists()
    booked = Booking.objects.get(location=cobbler, customer__email="buyer@demo.comeback.test")
    assert booked.bonus_amount > 0 and booked.bonus_rate.scheme == "fr_textile"
