"""Trade-in feeds the digital product passport (docs/design.md §2): a received device gets a passport (or its
existing one continues) with `traded_in`, then `data_wiped` and `routed`; replayed events change nothing."""

from __future__ import annotations

import pytest
from django.apps import apps

from comeback.core import outbox
from comeback.core.models import OutboxEvent
from tests.factories import UserFactory

from .factories import tradein

pytestmark = pytest.mark.skipif(
    not apps.is_installed("comeback.passports"), reason="optional service: the passports app is not installed"
)


def test_given_a_paid_trade_in_when_its_events_are_delivered_then_its_passport_tells_the_story(db):
    from comeback.passports.models import Passport, PassportEvent

    t = tradein("paid", customer=UserFactory(email="story@example.test"))
    outbox.drain()
    passport = Passport.objects.get(source="trade_in", source_ref=t.ref)
    kinds = list(
        PassportEvent.objects.filter(passport=passport).order_by("seq").values_list("kind", flat=True)
    )
    assert kinds == ["opened", "traded_in", "data_wiped", "routed"]
    assert passport.imei == t.imei and passport.issuer == t.seller
    OutboxEvent.objects.filter(topic__startswith="tradein.").update(processed_at=None)
    outbox.drain()  # replayed: idempotent
    assert PassportEvent.objects.filter(passport=passport).count() == 4
