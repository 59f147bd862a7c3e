"""The inventory and device pages: the refurbisher's own devices in the seller portal, every device for
staff; each step posted from its form; the wrong actor refused on every page and action."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from comeback.core import clock
from comeback.recovery.models import CollectedDevice
from tests.factories import UserFactory

from .factories import collected, collection, recycler

ACTIONS = ["list", "start", "fit", "finish", "harvest", "upcycle", "recycler", "recycled", "reroute"]


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_given_a_refurbisher_then_its_inventory_shows_its_devices_by_route_with_a_chart(refurbisher, rival):
    mine = collected(refurbisher, "harvest")
    theirs = collected(rival, "resell")
    page = client(refurbisher.user).get("/seller/recovery/")
    html = page.content.decode()
    assert page.status_code == 200 and mine.ref in html and theirs.ref not in html
    assert 'role="img"' in html and 'data-route="harvest" data-age="0-7"' in html


def test_given_a_device_idle_for_over_14_days_then_the_inventory_flags_it(refurbisher):
    t = collected(refurbisher, "refurbish", at=clock.now() - timedelta(days=20))
    page = client(refurbisher.user).get("/seller/recovery/", {"state": "stale"})
    html = page.content.decode()
    assert t.ref in html and 'data-stale-count="1"' in html and "row-warning" in html
    assert 'data-age="15-30"' in html


def test_given_staff_then_the_inventory_shows_every_device_and_its_page(refurbisher, rival, staff_user):
    a, b = collected(refurbisher, "resell"), collected(rival, "recycle")
    html = client(staff_user).get("/staff/recovery/").content.decode()
    assert a.ref in html and b.ref in html
    page = client(staff_user).get(f"/staff/recovery/{b.ref}/")
    assert page.status_code == 200 and "recycler_id" in page.content.decode()


def test_given_a_device_to_resell_when_its_listing_form_is_posted_then_listed(refurbisher):
    t = collected(refurbisher, "resell")
    c = client(refurbisher.user)
    assert 'name="grade"' in c.get(f"/seller/recovery/{t.ref}/").content.decode()
    refused = c.post(
        f"/seller/recovery/{t.ref}/list/", {"price": "420.00", "grade": "premium", "battery_health": "85"}
    )
    assert refused.status_code == 422 and "Premium needs" in refused.content.decode()
    done = c.post(
        f"/seller/recovery/{t.ref}/list/", {"price": "420.00", "grade": "good", "battery_health": "85"}
    )
    assert done.status_code == 302
    assert CollectedDevice.objects.get(tradein=t).status == "listed"


def test_given_a_device_to_refurbish_when_started_finished_and_listed_on_the_web_then_listed(refurbisher):
    t = collected(refurbisher, "refurbish")
    c = client(refurbisher.user)
    assert c.post(f"/seller/recovery/{t.ref}/start/", {"technician": "Inès"}).status_code == 302
    assert (
        c.post(
            f"/seller/recovery/{t.ref}/finish/",
            {"grade": "good", "battery_health": "92", "operations": "Deep clean\nNew adhesive"},
        ).status_code
        == 302
    )
    assert c.post(f"/seller/recovery/{t.ref}/list/", {"price": "399"}).status_code == 302
    device = CollectedDevice.objects.get(tradein=t)
    assert (device.status, device.operations) == ("listed", ["Deep clean", "New adhesive"])


def test_given_devices_to_harvest_upcycle_and_recycle_when_their_forms_are_posted_then_done(
    refurbisher, staff_user
):
    h, u, r = (
        collected(refurbisher, "harvest"),
        collected(refurbisher, "upcycle"),
        collected(refurbisher, "recycle"),
    )
    c = client(refurbisher.user)
    assert c.post(f"/seller/recovery/{h.ref}/harvest/", {"parts": ["screen", "battery"]}).status_code == 302
    assert (
        c.post(
            f"/seller/recovery/{u.ref}/upcycle/", {"collection_id": collection().pk, "note": "n"}
        ).status_code
        == 302
    )
    staff = client(staff_user)
    assert staff.post(f"/staff/recovery/{r.ref}/recycler/", {"recycler_id": recycler().pk}).status_code == 302
    assert staff.post(f"/staff/recovery/{r.ref}/recycled/", {"certificate_ref": "COT-9"}).status_code == 302
    assert dict(CollectedDevice.objects.values_list("tradein__ref", "status")) == {
        h.ref: "harvested",
        u.ref: "upcycled",
        r.ref: "recycled",
    }


def test_given_a_step_the_route_does_not_have_when_posted_then_refused_on_the_page(refurbisher):
    t = collected(refurbisher, "harvest")
    page = client(refurbisher.user).post(f"/seller/recovery/{t.ref}/start/", {})
    assert page.status_code == 409 and CollectedDevice.objects.get(tradein=t).status == "awaiting"


def test_given_staff_when_posting_a_refurbisher_step_then_403(refurbisher, staff_user):
    t = collected(refurbisher, "refurbish")
    assert client(staff_user).post(f"/staff/recovery/{t.ref}/start/", {}).status_code == 403


@pytest.mark.parametrize("action", ACTIONS)
def test_given_the_wrong_actor_when_posting_a_step_then_refused(refurbisher, rival, action):
    t = collected(refurbisher, "resell")
    path = f"/seller/recovery/{t.ref}/{action}/"
    assert client().post(path, {}).status_code == 302  # to the login page
    assert client(UserFactory()).post(path, {}).status_code == 403
    assert client(rival.user).post(path, {}).status_code == 404
    assert client(refurbisher.user).post(f"/staff/recovery/{t.ref}/{action}/", {}).status_code == 403
    assert client().post(f"/staff/recovery/{t.ref}/{action}/", {}).status_code == 302


def test_given_the_wrong_actor_when_opening_the_pages_then_refused(refurbisher, rival):
    t = collected(refurbisher, "resell")
    for path in (
        "/seller/recovery/",
        f"/seller/recovery/{t.ref}/",
        "/staff/recovery/",
        f"/staff/recovery/{t.ref}/",
    ):
        anonymous = client().get(path)
        assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client(UserFactory()).get("/seller/recovery/").status_code == 403
    assert client(rival.user).get(f"/seller/recovery/{t.ref}/").status_code == 404
    assert client(refurbisher.user).get("/staff/recovery/").status_code == 403
    assert client(refurbisher.user).get(f"/staff/recovery/{t.ref}/").status_code == 403


def test_given_a_device_received_long_ago_and_left_then_its_age_keeps_counting(refurbisher):
    t = collected(refurbisher, "resell")
    with time_machine.travel(clock.now() + timedelta(days=31)):
        html = client(refurbisher.user).get(f"/seller/recovery/{t.ref}/").content.decode()
    assert "31 days ago" in html and "No progress for 31 days" in html
