"""JSON logs with a request id (core/logs.py, core/observe.py), carried into the tasks a request enqueues."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from comeback.core import logs
from comeback.core.worker import Worker

from .tasks_for_tests import note_request_id


def test_given_a_caller_request_id_when_it_is_a_plain_token_then_it_is_kept():
    assert logs.accept_request_id("7f3a-b2c1.lb:01") == "7f3a-b2c1.lb:01"


@pytest.mark.parametrize("hostile", ["", "a b", "x" * 129, "line\nbreak", "é"])
def test_given_a_hostile_request_id_when_accepted_then_a_new_one_is_made(hostile):
    made = logs.accept_request_id(hostile)
    assert made != hostile and len(made) == 32


@pytest.mark.django_db
def test_given_a_request_with_an_id_when_answered_then_the_answer_carries_it_back():
    assert Client().get("/healthz", headers={"X-Request-ID": "trace-7"})["X-Request-ID"] == "trace-7"
    made = Client().get("/healthz")["X-Request-ID"]
    assert len(made) == 32


def test_given_a_record_in_a_request_when_formatted_then_one_json_line_with_the_request_id_and_extras():
    record = logging.LogRecord("comeback.test", logging.WARNING, __file__, 1, "paid %s", ("order 9",), None)
    record.order_id = 9
    with logs.bound("trace-9"):
        line = logs.JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "paid order 9" and parsed["request_id"] == "trace-9"
    assert parsed["level"] == "WARNING" and parsed["logger"] == "comeback.test" and parsed["order_id"] == 9


def test_given_an_exception_when_formatted_then_its_traceback_stays_inside_the_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    parsed = json.loads(logs.JsonFormatter().format(record))
    assert "ValueError: boom" in parsed["exc_info"] and "request_id" not in parsed


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


@pytest.mark.django_db
def test_given_a_task_enqueued_by_a_request_when_a_worker_runs_it_then_it_logs_under_that_request_id(
    database_tasks, tmp_path
):
    seen = tmp_path / "seen"
    with logs.bound("trace-31"):
        result = note_request_id.enqueue(str(seen))
    stored = DBTaskResult.objects.get(pk=result.id)
    assert logs.task_request_id(stored) == "trace-31"
    assert stored.task_result.kwargs == {} and stored.task_result.args == [str(seen)]  # arguments untouched

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    stored.claim(worker.worker_id)
    worker.run_task(stored)
    assert seen.read_text() == "trace-31"
    assert logs.request_id() == ""  # not left behind for the next task


@pytest.mark.django_db
def test_given_a_task_enqueued_outside_any_request_then_it_carries_no_request_id(database_tasks, tmp_path):
    result = note_request_id.enqueue(str(tmp_path / "seen"))
    assert "request_id" not in DBTaskResult.objects.get(pk=result.id).args_kwargs
