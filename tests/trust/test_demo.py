"""The trust demo: after the sellers' hook, the suspended and removed demo sellers read their statements of
reasons (the suspended one contested), staff have a report in their queue, and a mystery order was inspected."""

from __future__ import annotations

import pytest

from comeback.trust import demo as trust_demo
from comeback.trust.models import MysteryOrder, Report, Statement

DEMO_HOOKS = ("sellers", "trust")  # run after the core demo by the shared `demo_seeded` fixture


@pytest.mark.django_db
def test_given_the_demo_then_restricted_sellers_read_their_statements_and_one_is_contested(demo_seeded):
    kinds = set(Statement.objects.values_list("kind", "seller__status"))
    assert ("seller_suspended", "suspended") in kinds and ("seller_removed", "removed") in kinds
    assert Statement.objects.filter(status="contested", kind="seller_suspended").count() == 1


@pytest.mark.django_db
def test_given_the_demo_then_a_mystery_order_result_and_a_report_are_there(demo_seeded):
    inspected = MysteryOrder.objects.get()
    assert inspected.status == "inspected" and inspected.passed is True
    assert inspected.line.status in ("delivered", "completed")
    assert Report.objects.filter(status="open").count() == 1


@pytest.mark.django_db
def test_given_the_demo_when_staff_open_the_trust_pages_then_they_show_it(demo_seeded, client):
    client.force_login(demo_seeded.users["staff@demo.comeback.test"])
    assert client.get("/staff/trust/").status_code == 200
    assert client.get("/staff/mystery-orders/").status_code == 200


@pytest.mark.django_db
def test_given_the_demo_then_an_authenticator_login_reaches_the_desk(demo_seeded, client):
    from comeback.demo.seeding import demo_logins

    login = next(x for x in demo_logins() if x.email == trust_demo.AUTHENTICATOR_LOGIN)
    assert "/authenticator/" in login.hint
    client.force_login(demo_seeded.users[trust_demo.AUTHENTICATOR_LOGIN])
    assert client.get("/authenticator/").status_code == 200


@pytest.mark.django_db
def test_given_the_demo_catalogue_then_one_listing_above_its_threshold_waits_on_the_desk_and_one_is_live(
    demo_seeded,
):
    """The demo sells bags and shoes, categories with an authentication threshold."""
    from comeback.offers.models import Authentication

    assert sorted(Authentication.objects.values_list("status", flat=True)) == ["authenticated", "pending"]
    live = Authentication.objects.get(status="authenticated")
    assert live.offer.status == "active" and live.photos.count() == 1
    waiting = Authentication.objects.get(status="pending")
    assert waiting.offer.status != "active"  # unseen until an authenticator decides
