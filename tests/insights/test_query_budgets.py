"""Query budgets of the back office's lists: the dead outbox events cost the same few queries for 2 or 8."""

from __future__ import annotations

import pytest
from django.db import transaction

from comeback.core import clock
from comeback.core.models import OutboxEvent

from ..budgets import assert_flat

pytestmark = pytest.mark.django_db


def test_given_more_dead_events_when_staff_list_them_then_the_queries_do_not_grow(api, staff):
    def add(n):
        with transaction.atomic():
            for i in range(n):
                OutboxEvent.objects.create(
                    topic="webhook.test",
                    payload={"seller_id": i},
                    attempts=10,
                    last_error="ConnectionError: receiver down",
                    dead_at=clock.now(),
                )

    assert_flat(api.as_(staff), "/api/v1/staff/outbox/dead", add, budget=8)
