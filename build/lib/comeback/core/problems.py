"""Refusals as exceptions with a stable `code`; one handler renders RFC 9457 problem+json.

Services raise these; API handlers never build error responses by hand.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://comeback.example/problems/"


class Problem(Exception):
    status: int = 400
    default_code: str = "bad_request"
    default_title = _("Bad request")

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        title: str | None = None,
        errors: list[dict[str, str]] | None = None,
        retry_after: datetime | None = None,
        **extra: Any,
    ) -> None:
        self.code = code or self.default_code
        self.title = str(title or self.default_title)
        self.detail = str(detail) if detail is not None else self.title
        self.errors = errors or []
        self.retry_after = retry_after
        self.extra = extra
        super().__init__(self.detail)

    def as_dict(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": TYPE_BASE + self.code.replace("_", "-"),
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        if self.retry_after is not None:
            body["retry_after"] = self.retry_after.isoformat()
        body.update(self.extra)
        return body

    def response(self, instance: str | None = None) -> JsonResponse:
        resp = JsonResponse(self.as_dict(instance), status=self.status, content_type=PROBLEM_CONTENT_TYPE)
        if self.retry_after is not None:
            # Whole seconds, rounded up: "0" near the end of a window would invite an immediate retry.
            resp["Retry-After"] = str(max(1, math.ceil((self.retry_after - _now()).total_seconds())))
        return resp


def _now() -> datetime:
    from comeback.core import clock

    return clock.now()


class Invalid(Problem):
    """Input breaks a rule. `errors` name each field and its rule."""

    status = 422
    default_code = "validation_error"
    default_title = _("The request has invalid fields")

    @classmethod
    def field(cls, field: str, rule: str, message: str, **extra: Any) -> Invalid:
        return cls(
            message, code=rule, errors=[{"field": field, "code": rule, "message": str(message)}], **extra
        )

    @classmethod
    def raise_any(cls, errors: list[dict]) -> None:
        """Refuse with every broken rule at once: one names its own code, several `validation_error`."""
        if errors:
            raise cls(
                errors[0]["message"],
                code=errors[0]["code"] if len(errors) == 1 else "validation_error",
                errors=errors,
            )


class BadRequest(Problem):
    status = 400


class Unauthenticated(Problem):
    # HTTP requires every 401 to say how to authenticate: `WWW-Authenticate`.
    status = 401
    default_code = "not_authenticated"
    default_title = _("Authentication required")
    challenge = 'Bearer realm="comeback"'

    def response(self, instance: str | None = None) -> JsonResponse:
        resp = super().response(instance)
        resp["WWW-Authenticate"] = self.challenge
        return resp


class Forbidden(Problem):
    status = 403
    default_code = "forbidden"
    default_title = _("You may not do this")


class NotFound(Problem):
    status = 404
    default_code = "not_found"
    default_title = _("Not found")


class Conflict(Problem):
    """The action is refused by a rule of the current state (a process, a cap, a race lost)."""

    status = 409
    default_code = "conflict"
    default_title = _("Refused by a rule")


class TooManyRequests(Problem):
    status = 429
    default_code = "rate_limited"
    default_title = _("Too many requests")


class Unavailable(Problem):
    """A service Comeback depends on (the database, Redis) is unreachable: nothing was decided, retry later."""

    status = 503
    default_code = "service_unavailable"
    default_title = _("Temporarily unavailable")


OUTAGE_RETRY_SECONDS = 5  # a database restart or failover takes seconds; clients come back after this


def outage_exceptions() -> tuple[type[BaseException], ...]:
    """What an unreachable database or Redis raises (a restart, a failover, a network cut)."""
    from django.db.utils import InterfaceError, OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)


def outage(request) -> Unavailable:
    """The 503 for a request that met an outage. A request that carried an Idempotency-Key (checkout) is told to
    retry with the same key: whatever the first attempt did is then finished or answered, never done twice."""
    from datetime import timedelta

    keyed = "HTTP_IDEMPOTENCY_KEY" in request.META
    if not keyed and request.method == "POST":  # the web checkout form carries its key as a field
        try:
            keyed = "idempotency_key" in request.POST
        except Exception:  # an unreadable body: no advice is better than none at all
            keyed = False
    if keyed:
        detail = _(
            "The service is briefly unavailable. Retry with the same Idempotency-Key: "
            "an order is never placed or paid twice."
        )
    else:
        detail = _("The service is briefly unavailable; please retry in a few seconds.")
    return Unavailable(
        detail,
        retry_after=_now() + timedelta(seconds=OUTAGE_RETRY_SECONDS),
        retry_with_same_idempotency_key=keyed,
    )
