"""/healthz, /readyz and /metrics (web/ops.py, core/health.py, core/metrics.py): what a load balancer and a
monitoring system read, and who may read the metrics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from comeback.core import clock, scheduler
from comeback.core.models import OutboxEvent, ScheduledJob

from ..core.tasks_for_tests import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def test_given_a_live_process_when_healthz_is_asked_then_200_without_touching_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_given_a_healthy_node_when_readyz_is_asked_then_200_with_every_check_named():
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "storage", "outbox", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())


def test_given_an_outbox_event_waiting_past_the_limit_when_readyz_then_503_naming_the_outbox(settings):
    settings.READYZ_OUTBOX_LAG_SECONDS = 60
    OutboxEvent.objects.create(topic="test.late", available_at=clock.now() - timedelta(minutes=5))
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["outbox"]
    assert "waited 300 s (limit 60 s)" in body["checks"]["outbox"]["detail"]
    assert body["checks"]["database"]["ok"]


def test_given_a_dead_or_future_outbox_event_when_readyz_then_the_outbox_is_not_late(settings):
    settings.READYZ_OUTBOX_LAG_SECONDS = 60
    OutboxEvent.objects.create(
        topic="test.dead", available_at=clock.now() - timedelta(hours=1), dead_at=clock.now()
    )
    OutboxEvent.objects.create(topic="test.retry", available_at=clock.now() + timedelta(minutes=5))
    assert Client().get("/readyz").status_code == 200


def test_given_a_task_waiting_past_the_limit_when_readyz_then_503_naming_its_queue(
    settings, tmp_path, database_tasks
):
    settings.READYZ_TASK_WAIT_SECONDS = 60
    result = record.enqueue(str(tmp_path / "runs"), 1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=clock.now() - timedelta(minutes=10))
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["tasks"]
    assert "queue default: the oldest due task has waited 600 s" in body["checks"]["tasks"]["detail"]


def test_given_a_late_worker_when_a_load_balancer_asks_for_the_node_checks_then_the_node_stays_in(settings):
    settings.READYZ_OUTBOX_LAG_SECONDS = 60
    OutboxEvent.objects.create(topic="test.late", available_at=clock.now() - timedelta(minutes=5))
    response = Client().get("/readyz?checks=database,cache,storage")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "cache", "storage"}


def test_given_an_unknown_check_when_readyz_then_422_naming_the_field():
    response = Client().get("/readyz?checks=database,coffee")
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "unknown_check"
    assert problem["errors"] == [{"field": "checks", "code": "unknown_check", "detail": "coffee"}]


def test_given_a_missing_media_volume_when_readyz_then_storage_fails(settings, tmp_path):
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = str(tmp_path / "gone" / "media")
    storages._storages.pop("default", None)
    try:
        response = Client().get("/readyz?checks=storage")
    finally:
        storages._storages.pop("default", None)
    assert response.status_code == 503
    assert "is missing" in response.json()["checks"]["storage"]["detail"]


# /metrics ----------------------------------------------------------------------


def test_given_a_caller_from_elsewhere_without_a_token_when_metrics_then_401(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")
    assert response.status_code == 401
    assert response.json()["code"] == "metrics_token_required"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_given_a_wrong_token_when_metrics_then_401(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_given_no_token_configured_when_a_remote_caller_sends_an_empty_bearer_then_401(settings):
    settings.METRICS_TOKEN = ""
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics", headers={"Authorization": "Bearer "})
    assert response.status_code == 401


def test_given_a_loopback_caller_forwarded_by_a_proxy_when_metrics_then_401(settings):
    """Through a load balancer on the same machine everyone looks local: a forwarded request is not."""
    settings.METRICS_TOKEN = ""
    response = Client(REMOTE_ADDR="127.0.0.1").get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 401


def test_given_the_token_when_metrics_then_the_prometheus_text(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    response = Client(REMOTE_ADDR="203.0.113.9").get(
        "/metrics", headers={"Authorization": "Bearer s3cret-token"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert b"comeback_metrics_database_up 1.0" in response.content


def _metrics() -> str:
    response = Client(REMOTE_ADDR="127.0.0.1").get("/metrics")
    assert response.status_code == 200
    return response.content.decode()


def _value(text: str, series: str) -> float:
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{series} not in the metrics")


def test_given_requests_when_metrics_then_they_are_counted_by_route_pattern_and_status():
    before = _metrics()
    client = Client()
    client.get("/healthz")
    client.get("/no-such-page/at-all/")
    after = _metrics()
    key = 'comeback_http_requests_total{method="GET",route="healthz",status="200"}'
    assert _value(after, key) == _value(before, key) + 1
    assert 'route="unmatched",status="404"' in after  # a path never becomes a label
    assert "no-such-page" not in after
    assert 'comeback_http_request_duration_seconds_bucket{le="0.005",method="GET",route="healthz"}' in after


def test_given_background_work_when_metrics_then_outbox_queues_and_jobs_are_read_from_the_database(
    tmp_path, database_tasks
):
    OutboxEvent.objects.create(topic="test.late", available_at=clock.now() - timedelta(seconds=90))
    OutboxEvent.objects.create(topic="test.dead", dead_at=clock.now())
    record.enqueue(str(tmp_path / "runs"), 1)
    job = scheduler.registered()[0]
    ScheduledJob.objects.create(name=job.name, last_succeeded_at=clock.now() - timedelta(seconds=30))
    text = _metrics()
    assert _value(text, "comeback_outbox_lag_seconds") >= 90
    assert _value(text, "comeback_outbox_pending") == 1
    assert _value(text, "comeback_outbox_dead") == 1
    assert _value(text, 'comeback_task_queue_depth{queue="default"}') == 1
    assert _value(text, 'comeback_task_queue_depth{queue="webhooks"}') == 0
    assert 30 <= _value(text, f'comeback_scheduled_job_last_success_age_seconds{{job="{job.name}"}}') < 60
    assert 'comeback_webhook_deliveries_failing{status="gave_up"} 0.0' in text


def test_given_checkouts_when_metrics_then_they_are_counted_by_outcome():
    before = _metrics()
    Client().post("/api/v1/checkout", {}, content_type="application/json")  # anonymous: refused
    after = _metrics()
    key = 'comeback_checkouts_total{outcome="refused"}'
    previous = _value(before, key) if key in before else 0
    assert _value(after, key) == previous + 1


def test_given_a_prober_using_the_nodes_own_address_when_it_asks_then_allowed_hosts_do_not_refuse_it(
    settings,
):
    settings.ALLOWED_HOSTS = ["shop.example.com"]
    client = Client(REMOTE_ADDR="127.0.0.1")
    assert client.get("/healthz", HTTP_HOST="10.0.0.21:8000").status_code == 200
    assert client.get("/readyz?checks=database", HTTP_HOST="10.0.0.21:8000").status_code == 200
    assert client.get("/metrics", HTTP_HOST="10.0.0.21:8000").status_code == 200
    assert client.get("/search/", HTTP_HOST="10.0.0.21:8000").status_code == 400  # the rest still refuses
