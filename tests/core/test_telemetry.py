"""Sentry and OpenTelemetry start only when their variables are set (core/telemetry.py), each in a process of
its own: nothing is mocked, and this test process keeps no error reporter."""

from __future__ import annotations

import os
import subprocess
import sys

from comeback.core.email_url import email_settings
from comeback.core.telemetry import no_personal_data, tracing_configured

from ..servers import ROOT

PROBE = (
    "import django, sys; django.setup();"
    "from comeback.core import telemetry;"
    "print(sorted(telemetry._done), 'sentry_sdk' in sys.modules, 'opentelemetry.sdk.trace' in sys.modules);"
    "import sentry_sdk; client = sentry_sdk.get_client(); print(client.dsn or '');"
    "o = client.options; print(o['send_default_pii'] if 'send_default_pii' in o else"
    " (o['data_collection']['user_info'], o['data_collection']['cookies'], o['data_collection']['http_bodies']))"
)


def _probe(**env: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "OTEL_"))} | {
        "DJANGO_SETTINGS_MODULE": "comeback.settings",
        "COMEBACK_HOME": str(ROOT),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=environ, capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_given_no_variables_when_the_app_starts_then_neither_is_imported_nor_started():
    assert _probe()[0] == "[] False False"


def test_given_sentry_dsn_and_an_otlp_endpoint_when_the_app_starts_then_both_are_started():
    started, dsn, personal_data = _probe(
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9",
        OTEL_SERVICE_NAME="comeback-test",
    )
    assert started == "['otel', 'sentry'] True True"
    assert dsn == "http://public@127.0.0.1:9/1"
    # neither the user, their cookies nor request bodies, on sentry-sdk 2 or 3
    assert personal_data in ("False", "(False, {'mode': 'off'}, [])")


def test_given_either_sentry_sdk_major_then_the_options_send_no_personal_data():
    assert no_personal_data("2.75.0") == {"send_default_pii": False}
    assert no_personal_data("3.0.0") == {
        "data_collection": {"user_info": False, "cookies": {"mode": "off"}, "http_bodies": []}
    }


def test_given_otel_variables_then_tracing_is_configured_only_by_an_exporter_or_an_endpoint():
    assert not tracing_configured({"OTEL_SERVICE_NAME": "x"})
    assert not tracing_configured({"OTEL_TRACES_EXPORTER": "none"})
    assert tracing_configured({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"})
    assert tracing_configured({"OTEL_TRACES_EXPORTER": "otlp"})


def test_given_an_smtp_url_then_host_port_user_password_and_starttls():
    got = email_settings("smtp://mailer%40example.com:p%40ss@smtp.example.com:587?tls=1")
    assert got["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (got["EMAIL_HOST"], got["EMAIL_PORT"]) == ("smtp.example.com", 587)
    assert (got["EMAIL_HOST_USER"], got["EMAIL_HOST_PASSWORD"]) == ("mailer@example.com", "p@ss")
    assert got["EMAIL_USE_TLS"] and not got["EMAIL_USE_SSL"]


def test_given_an_smtps_url_then_implicit_tls_on_465():
    got = email_settings("smtps://u:p@mail.example.com")
    assert got["EMAIL_PORT"] == 465 and got["EMAIL_USE_SSL"] and not got["EMAIL_USE_TLS"]


def test_given_an_anymail_url_then_the_provider_backend_and_its_settings():
    got = email_settings("anymail://mailgun?api_key=key-1&sender_domain=mg.example.com")
    assert got == {
        "EMAIL_BACKEND": "anymail.backends.mailgun.EmailBackend",
        "ANYMAIL": {"API_KEY": "key-1", "SENDER_DOMAIN": "mg.example.com"},
    }


def test_given_no_url_or_an_unknown_scheme_then_nothing_or_a_clear_error():
    assert email_settings("") == {}
    try:
        email_settings("carrier-pigeon://coop")
    except ValueError as error:
        assert "unknown scheme 'carrier-pigeon'" in str(error)
    else:
        raise AssertionError("an unknown scheme was accepted")
