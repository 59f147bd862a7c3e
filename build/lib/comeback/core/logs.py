"""Logs an operator can follow: one JSON object a line, each with the request id of the request it serves
(taken from `X-Request-ID`, or made here) — also in the tasks that request enqueued (docs/deploy.md
"Health, metrics, logs").

The request id lives in a context variable: set by `core.observe.RequestMiddleware` for a request, stored
beside the arguments of every task enqueued meanwhile, and set again by `comeback worker` while it runs one.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept when it is a plain token (a load balancer's, a client's); anything else is replaced,
# so a log line never carries a newline or a megabyte from a header.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")
TASK_KEY = "request_id"  # beside "args" and "kwargs" in a task's stored arguments

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def request_id() -> str:
    """The id of the request (or task) this code serves, "" outside both."""
    return _request_id.get()


def accept_request_id(header: str | None) -> str:
    """The caller's id when it is a plain token, otherwise a new one."""
    if header and VALID_REQUEST_ID.match(header):
        return header
    return secrets.token_hex(16)  # as random as uuid4().hex, without building a UUID on every request


def set_request_id(rid: str) -> None:
    """For the request this thread serves now, until `forget_request_id` (request_finished)."""
    _request_id.set(rid)


def forget_request_id(**kwargs) -> None:
    _request_id.set("")


@contextlib.contextmanager
def bound(rid: str | None) -> Iterator[None]:
    """Everything logged inside carries `rid`."""
    token = _request_id.set(rid or "")
    try:
        yield
    finally:
        _request_id.reset(token)


# The attributes every LogRecord has; anything else was passed with `extra=` and goes into the line.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", …extra, "exc_info"}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "") or request_id()
        if rid and rid != "-":
            line["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, for text formats that name it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id() or "-"
        return True


def remember_in_task(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of a task row: a task enqueued while serving a request keeps that request's id."""
    rid = request_id()
    if rid and not raw and instance._state.adding and isinstance(instance.args_kwargs, dict):
        instance.args_kwargs.setdefault(TASK_KEY, rid)


def task_request_id(db_task_result) -> str:
    stored = getattr(db_task_result, "args_kwargs", None)
    return stored.get(TASK_KEY, "") if isinstance(stored, dict) else ""
