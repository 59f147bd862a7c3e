"""The outermost middleware: every request gets a request id (logs, tasks, the `X-Request-ID` answer), is
counted and timed for `/metrics`, and leaves one access-log line when ACCESS_LOG is on."""

from __future__ import annotations

import logging
import os
import time

from . import logs, metrics

access_log = logging.getLogger("comeback.access")


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = logs.accept_request_id(request.headers.get(logs.REQUEST_ID_HEADER))
        request.request_id = rid
        start = time.perf_counter()
        # Kept until the request is finished (logs.forget_request_id), so Django's own lines about the
        # response, written after the middleware, carry it too.
        logs.set_request_id(rid)
        response = self.get_response(request)
        seconds = time.perf_counter() - start
        response[logs.REQUEST_ID_HEADER] = rid
        metrics.observe_request(request, response, seconds)
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "route": metrics.route(request),
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 2),
                    "remote_addr": request.META.get("REMOTE_ADDR", ""),
                    "pid": os.getpid(),
                },
            )
        return response
