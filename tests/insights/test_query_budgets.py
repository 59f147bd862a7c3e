"""Query budgets of the back office's lists: the dead outbox events cost the same few queries for 2 or 8, over
the API and on the background-work page beside the scheduler's jobs and the live workers; the dashboard costs
the same for 2 sellers' sales or 8."""

from __future__ import annotations

import pytest
import time_machine
from django.db import transaction

from comeback.core import clock, queues, scheduler
from comeback.core.models import OutboxEvent, ScheduledJob, WorkerBeat
from comeback.insights import services
from comeback.sellers.models import Seller

from ..budgets import assert_flat, assert_flat_page
from ..factories import SellerFactory
from .factories import claim, deliver, return_, sale, utc

NOW = utc(2027, 3, 10, 12, 0)

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


def test_given_more_dead_events_jobs_and_workers_when_staff_open_the_backstage_then_the_queries_do_not_grow(
    client, staff
):
    # given dead events, scheduled jobs that ran (every other one failing) and live workers, a few then more
    jobs = [job.name for job in scheduler.registered()]

    def add(n):
        start = OutboxEvent.objects.count()
        with transaction.atomic():
            for i in range(start, start + n):
                OutboxEvent.objects.create(
                    topic="webhook.test",
                    payload={"seller_id": i},
                    attempts=10,
                    last_error="ConnectionError: receiver down",
                    dead_at=clock.now(),
                )
                ScheduledJob.objects.update_or_create(
                    name=jobs[i % len(jobs)],
                    defaults={
                        "last_started_at": clock.now(),
                        "last_succeeded_at": clock.now(),
                        "last_failed_at": clock.now() if i % 2 else None,
                        "last_error": "RuntimeError: boom" if i % 2 else "",
                    },
                )
                WorkerBeat.objects.create(
                    worker_id=f"worker-{i}",
                    queues=",".join(queues.ALL),
                    host="node-1",
                    pid=1000 + i,
                    started_at=clock.now(),
                    seen_at=clock.now(),
                )

    client.force_login(staff)
    # when staff open the background-work page, then the queries do not grow
    assert_flat_page(client, "/staff/backstage/", add, budget=10)


def test_given_more_sellers_selling_in_more_markets_when_staff_open_the_dashboard_then_the_queries_do_not_grow(
    client, staff
):
    # given sellers whose sales were delivered, some returned with a claim, across the markets, then more
    markets = ["FR", "DE", "GB", "US", "JP"]

    def add(n):
        for _ in range(n):
            i = Seller.objects.count()
            line = deliver(
                sale(SellerFactory(), at=utc(2027, 3, 2, 10), market=markets[i % 5]), at=utc(2027, 3, 4, 10)
            )
            if i % 2:
                return_(line, at=utc(2027, 3, 5, 10), reason="defect")
                claim(line, opened_at=utc(2027, 3, 5, 11), resolved_at=utc(2027, 3, 6, 11))
        services.refresh(at=NOW)

    # when staff open the dashboard, then the queries do not grow
    with time_machine.travel(NOW, tick=False):
        client.force_login(staff)
        assert_flat_page(client, "/staff/insights/", add, budget=26)
        page = client.get("/staff/insights/").content.decode()
    # and the quality table names every seller
    assert all(name in page for name in Seller.objects.values_list("display_name", flat=True))
