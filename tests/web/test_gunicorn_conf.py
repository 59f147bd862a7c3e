"""gunicorn.conf.py, the server every deployment file runs: several workers report their requests together at
/metrics (Prometheus' multiprocess folder), and each request leaves one JSON access line with its id."""

from __future__ import annotations

import json

import httpx
import pytest

from ..servers import PORTS, ROOT, background, free_port, listening, shared_database_url, wait_until

pytestmark = pytest.mark.django_db


def test_given_two_workers_when_requests_spread_over_them_then_metrics_count_them_all(tmp_path):
    port = free_port(PORTS)
    log = tmp_path / "gunicorn.log"
    args = ["gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "comeback.wsgi:application"]
    env = {"BIND": f"127.0.0.1:{port}", "WEB_WORKERS": "2", "WEB_THREADS": "2", "ALLOWED_HOSTS": "127.0.0.1"}
    with background(args, database=shared_database_url(), log=log, **env) as proc:
        wait_until(lambda: listening(port) or proc.poll() is not None, seconds=60, what="gunicorn listening")
        base = f"http://127.0.0.1:{port}"
        answered_by = set()
        for n in range(40):  # a new connection each: the kernel spreads them over the workers' sockets
            with httpx.Client(timeout=30) as http:
                response = http.get(base + "/healthz", headers={"X-Request-ID": f"probe-{n}"})
                assert response.status_code == 200
                answered_by.add(response.headers.get("X-Request-ID"))
        with httpx.Client(timeout=30) as http:
            text = http.get(base + "/metrics").text
    assert len(answered_by) == 40
    line = 'comeback_http_requests_total{method="GET",route="healthz",status="200"} 40.0'
    assert line in text
    access = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    probes = {
        x["request_id"] for x in access if x.get("logger") == "comeback.access" and x["route"] == "healthz"
    }
    assert probes == {f"probe-{n}" for n in range(40)}
    assert len({x["pid"] for x in access if x.get("logger") == "comeback.access"}) == 2  # both answered
