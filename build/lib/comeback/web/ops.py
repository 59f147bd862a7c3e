"""What a load balancer and a monitoring system ask each node (docs/deploy.md "Health, metrics, logs").

- `/healthz`  the process answers: no database, no cache, so a database outage never restarts every node;
- `/readyz`   the node may take traffic (core/health.py); 503 with a JSON body naming each failing check;
  `?checks=database,cache,storage` runs only the named ones (what a load balancer should ask);
- `/metrics`  Prometheus' text format (core/metrics.py), for a bearer token (`METRICS_TOKEN`) or a caller on
  this machine that came through no proxy.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from comeback.core import health, metrics
from comeback.core.problems import Invalid, Unauthenticated


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    wanted = request.GET.get("checks", "")
    names = tuple(n.strip() for n in wanted.split(",") if n.strip()) or health.ALL_CHECKS
    unknown = [n for n in names if n not in health.CHECKS]
    if unknown:
        return Invalid(
            _("Unknown check: %(names)s. Known: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(health.ALL_CHECKS)},
            code="unknown_check",
            errors=[{"field": "checks", "code": "unknown_check", "detail": ", ".join(unknown)}],
        ).response(request.path)
    checks = health.readiness(names=names)
    failing = [c.name for c in checks if not c.ok]
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "checks": {c.name: c.as_dict() for c in checks},
    }
    return JsonResponse(body, status=503 if failing else 200)


def _from_this_machine(request) -> bool:
    """A loopback caller that no proxy forwarded: through a local load balancer, everyone looks local."""
    if any(h in request.META for h in ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _bearer_ok(request) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _sep, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


@never_cache
@require_GET
def metrics_view(request):
    if not (_bearer_ok(request) or _from_this_machine(request)):
        response = Unauthenticated(
            _("Metrics are for a bearer token (METRICS_TOKEN) or a caller on this machine."),
            code="metrics_token_required",
        ).response(request.path)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


class OpsMiddleware:
    """Answers the three paths before the rest of the stack: a load balancer or a container runtime asks by
    the node's own address (`Host: 10.0.0.21:8000`), which ALLOWED_HOSTS rightly refuses elsewhere; and a
    probe needs no session, locale, CSRF or market."""

    VIEWS = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.VIEWS.get(request.path_info)
        return view(request) if view is not None else self.get_response(request)
