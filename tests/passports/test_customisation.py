"""A unit customised at checkout (a new strap on a watch) says so on its passport (docs/fashion.md
"Customisation"): one event written by passports.services when the unit ships with its add-on."""

from __future__ import annotations

import json

from comeback.core import outbox
from comeback.orders.services import cart as cart_service
from comeback.orders.services import customise
from comeback.passports.handlers import passport_for_line
from comeback.passports.models import Passport, PassportEvent
from tests.orders.helpers import place_order, walk, watch_with_addons

HTML = "text/html"


def _shipped_watch_with_strap(buyer, seller, capture):
    watch, strap, _any, _case = watch_with_addons(seller)
    main = cart_service.add_to_cart(user=buyer, offer_id=watch.pk)
    customise.attach_addon(user=buyer, offer_id=strap.pk, attach_to=main.pk)
    order = place_order(buyer)
    with capture(execute=True):
        walk(order.lines.get(offer=watch), "shipped")
    outbox.drain()
    return order.lines.get(offer=watch), order.lines.get(offer=strap)


def test_given_a_watch_shipped_with_its_new_strap_then_its_passport_says_customised_with_the_strap(
    api, client, buyer, seller, django_capture_on_commit_callbacks
):
    watch_line, strap_line = _shipped_watch_with_strap(buyer, seller, django_capture_on_commit_callbacks)

    passport = passport_for_line(watch_line.pk)
    kinds = list(
        PassportEvent.objects.filter(passport=passport).order_by("seq").values_list("kind", flat=True)
    )
    assert kinds == ["opened", "graded", "sold", "customised"]
    assert Passport.objects.count() == 1  # the strap travels in the watch's parcel: no passport of its own

    events = api.get(f"/api/v1/passports/{passport.serial}/events").expect(200)["events"]
    customised = next(e for e in events if e["kind"] == "customised")
    assert "Sport Band 45" in json.dumps(customised)
    page = client.get(passport.path, HTTP_ACCEPT=HTML).content.decode()
    assert "Customised with" in page and "Sport Band 45" in page
    # The credential binds the chain whose head is the customisation: a verifier finds it in the events.
    credential = client.get(f"/api/v1/passports/{passport.serial}/credential").json()
    head = PassportEvent.objects.filter(passport=passport).order_by("-seq").first()
    assert head.kind == "customised" and head.hash in json.dumps(credential)


def test_given_the_strap_event_replayed_then_the_customisation_is_recorded_once(
    buyer, seller, django_capture_on_commit_callbacks
):
    from comeback.passports import handlers

    watch_line, strap_line = _shipped_watch_with_strap(buyer, seller, django_capture_on_commit_callbacks)
    handlers.sync_line(line_id=strap_line.pk)
    handlers.sync_line(line_id=watch_line.pk)
    passport = passport_for_line(watch_line.pk)
    assert PassportEvent.objects.filter(passport=passport, kind="customised").count() == 1
