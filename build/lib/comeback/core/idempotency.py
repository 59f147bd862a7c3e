"""Idempotency-Key on every creating POST of the API: a retry never does the work twice (docs/api.md
"Idempotency").

With checkout's semantics: the same key and the same request (method, path and inputs) answer the first
answer again — its status and body; the same key with another request is `409 idempotency_key_reused`.
Keys belong to their caller (an account, a partner token, or for anonymous calls the client address) and
are kept `KEEP` after first use. Two requests racing with one key do the work once: the first claims the
key (a row committed before the work starts), the second waits for its answer and replays it.

What is stored: every answer the operation gives once it has started, 2xx and 4xx alike (a refusal by a
rule is the answer to that request). Not stored, so a retry with the same key runs again: a 5xx, a 429 or
503 (try later), and anything refused before the operation started (authentication, rights, a body that
does not validate).
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import timedelta
from functools import wraps
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from pydantic import BaseModel

from . import clock, text
from .problems import Conflict, Invalid

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEEP = timedelta(hours=24)
POLL_SECONDS = 0.05
POLLS = 200  # a twin request waits up to 10 seconds for the first one's answer
NOT_STORED = frozenset({429, 503})

OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Any unique string (a UUID), at most 255 characters. Retrying with the same key and the same request "
        "answers the first answer again; the same key with another request is 409 `idempotency_key_reused`. "
        "Keys are kept 24 hours per caller."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
}


def caller_of(request) -> str:
    """Whose key-space a request uses: the token's account, a partner token's partner and store, or the
    client address for anonymous calls."""
    auth = getattr(request, "auth", None)
    if getattr(auth, "user_id", None):
        return f"user:{auth.user_id}"
    if getattr(auth, "partner_id", None):
        return f"partner:{auth.partner_id}:{getattr(auth, 'store_id', None) or 0}"
    from .ratelimit import client_ip

    return "anonymous:" + hashlib.sha256(client_ip(request).encode()).hexdigest()[:40]


def fingerprint(request, inputs: dict[str, Any]) -> str:
    canonical = json.dumps(
        {"method": request.method, "path": request.path, "inputs": _canonical(inputs)},
        sort_keys=True,
        default=str,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "size": value.size, "sha256": digest.hexdigest()}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def _key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not text.is_clean(key):
        raise Invalid.field(
            HEADER,
            "idempotency_key_invalid",
            _("An Idempotency-Key is 1 to %(n)d printable characters.") % {"n": MAX_KEY_LENGTH},
        )
    return key


def idempotent(view):
    """Wrap an API operation (after validation): claim the caller's key, or replay its answer."""

    @wraps(view)
    def keyed(request, *args, **kwargs):
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        from .models import IdempotentRequest

        caller, at = caller_of(request), clock.now()
        mark = fingerprint(request, kwargs)
        row = _claim(IdempotentRequest, caller=caller, key=key, mark=mark, request=request, at=at)
        if row.status is not None:
            return _replay(row)
        request.idempotent_request = row
        return view(request, *args, **kwargs)

    keyed.idempotent = True
    return keyed


def record(request, response: HttpResponse) -> HttpResponse:
    """After the operation answered: keep the answer for the key it claimed, or free the key."""
    row = getattr(request, "idempotent_request", None)
    if row is None:
        return response
    from .models import IdempotentRequest

    claimed = IdempotentRequest.objects.filter(pk=row.pk, status__isnull=True)
    if response.status_code >= 500 or response.status_code in NOT_STORED or response.streaming:
        claimed.delete()
    else:
        claimed.update(
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=bytes(response.content),
            completed_at=clock.now(),
        )
    return response


def recorded(run):
    """Wrap an operation's whole run (ninja "view" mode), so `record` sees the final response."""

    @wraps(run)
    def running(request, *args, **kwargs):
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            _release(request)
            raise
        return record(request, response)

    return running


def _release(request) -> None:
    row = getattr(request, "idempotent_request", None)
    if row is not None:
        type(row).objects.filter(pk=row.pk, status__isnull=True).delete()


def _claim(model, *, caller: str, key: str, mark: str, request, at):
    """The caller's row for this key: new (ours to fill), answered, or a refusal."""
    for _attempt in range(POLLS):
        try:
            with transaction.atomic():
                return model.objects.create(
                    caller=caller,
                    key=key,
                    fingerprint=mark,
                    method=request.method,
                    path=request.path[:500],
                    created_at=at,
                    expires_at=at + KEEP,
                )
        except IntegrityError:
            pass
        row = model.objects.filter(caller=caller, key=key).first()
        if row is None:
            continue  # the first request failed and freed the key: claim it ourselves
        if row.expires_at <= at:
            model.objects.filter(pk=row.pk, expires_at__lte=at).delete()
            continue
        if row.fingerprint != mark:
            raise Conflict(
                _("This Idempotency-Key was used for another request; use a new key for a new request."),
                code="idempotency_key_reused",
            )
        if row.status is not None:
            return row
        time.sleep(POLL_SECONDS)
    raise Conflict(
        _("A request with this Idempotency-Key is still running; retry in a moment."),
        code="idempotency_key_in_progress",
        retry_after=clock.now() + timedelta(seconds=1),
    )


def _replay(row) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


def install(routers, *, exempt: dict[tuple[str, str], str]) -> None:
    """Make every POST operation of `routers` idempotent and declare the header in the OpenAPI document,
    except the operations in `exempt` ({(method, path): why}). Call before the API is first served."""
    from ninja.decorators import decorate_view

    for router, prefix in _all(routers):
        for relative, view in router.path_operations.items():
            path = prefix + relative
            for operation in view.operations:
                if "POST" not in operation.methods or ("POST", path) in exempt:
                    continue
                decorate_view(recorded)(operation.view_func)
                operation.view_func = idempotent(operation.view_func)
                extra = dict(operation.openapi_extra or {})
                extra["parameters"] = [*extra.get("parameters", []), OPENAPI_PARAMETER]
                operation.openapi_extra = extra


def _all(routers, prefix: str = ""):
    """Each router with its path prefix, and the routers mounted inside it."""
    for router in routers:
        yield router, prefix
        for child_prefix, child, *_tags in router._routers:
            yield from _all([child], prefix + child_prefix)


def prune(*, at=None) -> int:
    """Forget keys past their period; returns how many. The scheduler's hourly `prune` job calls it."""
    from .models import IdempotentRequest
    from .retention import delete_in_chunks

    at = at or clock.now()
    return delete_in_chunks(IdempotentRequest.objects.filter(expires_at__lte=at))
