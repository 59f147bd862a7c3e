"""Prometheus metrics (docs/deploy.md "Health, metrics, logs"), served at `/metrics`.

Two kinds:
- counted by each process as it serves: requests by route, method and status with a latency histogram,
  checkouts by outcome. Under gunicorn with several workers, `PROMETHEUS_MULTIPROC_DIR` (set by
  gunicorn.conf.py) makes every worker write its counts to files that any worker reads back when scraped.
- read from the database when scraped, so every node tells the same fleet-wide truth: outbox lag, pending
  and dead events, task queue depth and the age of each queue's oldest due task, live workers, each
  scheduled job's last success, and the sources apps register (webhook failures).

Names follow Prometheus' conventions: `comeback_` prefix, base units (seconds), `_total` for counters.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable
from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from . import clock

log = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# The routes that take a checkout, whose outcomes `comeback_checkouts_total` counts (web and API).
CHECKOUT_ROUTES = frozenset({"checkout/", "api/v1/checkout"})

REQUESTS = Counter(
    "comeback_http_requests",
    "HTTP requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "comeback_http_request_duration_seconds",
    "Time to answer an HTTP request, by route pattern and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
    registry=None,
)
CHECKOUTS = Counter(
    "comeback_checkouts",
    "Checkout requests by outcome: placed (2xx/3xx), refused (4xx), failed (5xx).",
    ["outcome"],
    registry=None,
)

# Gauges read at scrape time from the database, registered by apps: each yields metric families.
_sources: list[Callable[[datetime], Iterable[Metric]]] = []


def register_source(source: Callable[[datetime], Iterable[Metric]]) -> None:
    """An app adds families read at scrape time (webhooks: deliveries failing). Registered once, in ready()."""
    if source not in _sources:
        _sources.append(source)


@functools.lru_cache(maxsize=4096)
def _route_of(path: str) -> str:
    from django.urls import Resolver404, resolve

    try:
        return resolve(path).route or "unmatched"
    except Resolver404:
        return "unmatched"


def route(request) -> str:
    """The URL pattern that served the request (bounded label values), never the path itself."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.route or "unmatched"
    return _route_of(request.path_info)  # answered before URL resolution (the page cache)


# Each (route, method, status)'s counter and latency histogram, looked up once: `labels()` checks and converts its
# values and takes a lock on every call, a third of what counting a request cost. The label values are bounded
# (route patterns), so this is too.
_counted: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def observe_request(request, response, seconds: float) -> None:
    name = route(request)
    method = (
        request.method if request.method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") else "OTHER"
    )
    status = response.status_code
    counted = _counted.get((name, method, status))
    if counted is None:
        counted = _counted[name, method, status] = (
            REQUESTS.labels(name, method, str(status)),
            LATENCY.labels(name, method),
        )
    requests, latency = counted
    requests.inc()
    latency.observe(seconds)
    if method == "POST" and name in CHECKOUT_ROUTES:
        outcome = "placed" if status < 400 else "refused" if status < 500 else "failed"
        CHECKOUTS.labels(outcome).inc()


class FleetCollector(Collector):
    """The fleet's background work, read from the database when scraped."""

    def collect(self) -> Iterable[Metric]:
        at = clock.now()
        up = GaugeMetricFamily("comeback_metrics_database_up", "1 when the database answered this scrape.")
        try:
            families = list(_fleet(at))
            for source in _sources:
                families.extend(source(at))
        except Exception as error:  # the database is down: say so rather than fail the scrape
            log.warning("metrics: the database did not answer (%s)", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families


def _fleet(at: datetime) -> Iterable[Metric]:
    from datetime import timedelta

    from django.db.models import Count, Q
    from django_tasks_db.models import DBTaskResult, TaskResultStatus

    from . import health, queues, scheduler
    from .models import OutboxEvent, ScheduledJob, WorkerBeat

    counts = OutboxEvent.objects.filter(processed_at__isnull=True).aggregate(
        pending=Count("id", filter=Q(dead_at__isnull=True)), dead=Count("id", filter=Q(dead_at__isnull=False))
    )
    lag = GaugeMetricFamily("comeback_outbox_lag_seconds", "How long the oldest due outbox event has waited.")
    lag.add_metric([], health.outbox_lag(at=at).total_seconds())
    pending = GaugeMetricFamily("comeback_outbox_pending", "Outbox events not yet handled (dead ones aside).")
    pending.add_metric([], counts["pending"])
    dead = GaugeMetricFamily("comeback_outbox_dead", "Dead outbox events waiting for staff to replay them.")
    dead.add_metric([], counts["dead"])

    ready = dict(
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .values_list("queue_name")
        .annotate(n=Count("id"))
    )
    running = dict(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        .values_list("queue_name")
        .annotate(n=Count("id"))
    )
    waits = health.oldest_task_waits(at=at)
    alive = [
        q
        for beat in WorkerBeat.objects.filter(seen_at__gte=at - timedelta(seconds=60))
        for q in beat.queues.split(",")
    ]
    depth = GaugeMetricFamily(
        "comeback_task_queue_depth", "Tasks waiting in each queue (READY, due or not).", labels=["queue"]
    )
    in_flight = GaugeMetricFamily(
        "comeback_task_queue_running", "Tasks running, per queue.", labels=["queue"]
    )
    oldest = GaugeMetricFamily(
        "comeback_task_queue_oldest_seconds",
        "How long each queue's oldest due task has waited.",
        labels=["queue"],
    )
    workers = GaugeMetricFamily(
        "comeback_task_workers",
        "Workers that beat within the last minute, per queue served.",
        labels=["queue"],
    )
    for name in sorted(set(queues.ALL) | set(ready) | set(running)):
        depth.add_metric([name], ready.get(name, 0))
        in_flight.add_metric([name], running.get(name, 0))
        oldest.add_metric([name], waits.get(name, timedelta(0)).total_seconds())
        workers.add_metric([name], alive.count(name))

    records = {j.name: j for j in ScheduledJob.objects.all()}
    last_success = GaugeMetricFamily(
        "comeback_scheduled_job_last_success_timestamp_seconds",
        "Unix time of each scheduled job's last success (0: never).",
        labels=["job"],
    )
    success_age = GaugeMetricFamily(
        "comeback_scheduled_job_last_success_age_seconds",
        "Seconds since each scheduled job last succeeded (absent: never).",
        labels=["job"],
    )
    failures = GaugeMetricFamily(
        "comeback_scheduled_job_failures", "Failed runs of each scheduled job, all time.", labels=["job"]
    )
    for job in scheduler.registered():
        rec = records.get(job.name)
        succeeded = rec.last_succeeded_at if rec else None
        last_success.add_metric([job.name], succeeded.timestamp() if succeeded else 0)
        if succeeded:
            success_age.add_metric([job.name], max((at - succeeded).total_seconds(), 0.0))
        failures.add_metric([job.name], rec.failures if rec else 0)
    return [lag, pending, dead, depth, in_flight, oldest, workers, last_success, success_age, failures]


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric: this process's (or all gunicorn workers') counts and the fleet's."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
        registry.register(CHECKOUTS)
    registry.register(FleetCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
