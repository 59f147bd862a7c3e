"""Optional error reporting and tracing, set up only when configured (docs/deploy.md "Health, metrics, logs").

- `SENTRY_DSN`: errors go to Sentry (sentry-sdk, `pip install comeback[ops]`), tagged with the request id;
  `SENTRY_ENVIRONMENT`, `SENTRY_TRACES_SAMPLE_RATE` (0) as sentry-sdk reads them.
- Any `OTEL_EXPORTER_OTLP_*ENDPOINT` or `OTEL_TRACES_EXPORTER`: requests are traced with OpenTelemetry's
  Django instrumentation and exported over OTLP/HTTP; every other `OTEL_*` variable (service name,
  sampler, headers) is read by the SDK itself.

Neither package is imported unless its variable is set, so a node without them pays nothing.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

_done: set[str] = set()


def tracing_configured(environ=os.environ) -> bool:
    return any(
        k.startswith("OTEL_EXPORTER_OTLP_") and k.endswith("ENDPOINT") for k in environ
    ) or environ.get("OTEL_TRACES_EXPORTER", "none") not in ("", "none")


def no_personal_data(sdk_version: str) -> dict:
    """The options that keep buyers' data out of error reports. sentry-sdk 3 replaced `send_default_pii`
    with `data_collection`, whose defaults send the user, cookies and request bodies (addresses, IBANs)."""
    if int(sdk_version.split(".")[0]) < 3:
        return {"send_default_pii": False}
    return {"data_collection": {"user_info": False, "cookies": {"mode": "off"}, "http_bodies": []}}


def setup(environ=os.environ) -> list[str]:
    """Start what is configured; returns the names started (each once per process)."""
    started = []
    if environ.get("SENTRY_DSN") and "sentry" not in _done:
        import sentry_sdk

        from . import logs

        def tag_request_id(event, hint):
            rid = logs.request_id()
            if rid:
                event.setdefault("tags", {})["request_id"] = rid
            return event

        sentry_sdk.init(
            dsn=environ["SENTRY_DSN"],
            environment=environ.get("SENTRY_ENVIRONMENT") or None,
            traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
            before_send=tag_request_id,
            **no_personal_data(sentry_sdk.VERSION),
        )
        _done.add("sentry")
        started.append("sentry")
    if tracing_configured(environ) and "otel" not in _done:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.django import DjangoInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        provider = TracerProvider(
            resource=Resource.create({"service.name": environ.get("OTEL_SERVICE_NAME", "comeback")})
        )
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        trace.set_tracer_provider(provider)
        DjangoInstrumentor().instrument()
        _done.add("otel")
        started.append("otel")
    if started:
        log.info("telemetry started: %s", ", ".join(started))
    return started
