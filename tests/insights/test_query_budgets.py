"""Query budgets of the back office's lists: the dead outbox events cost the same few queries for 2 or 8, over
the API and on the background-work page beside the scheduler's jobs and the live workers."""

from __future__ import annotations

import pytest
from django.db import transaction

from comeback.core import clock, queues, scheduler
from comeback.core.models import OutboxEvent, ScheduledJob, WorkerBeat

from ..budgets import assert_flat, assert_flat_page

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
