"""Readiness against real outages: a node whose PostgreSQL or Redis is gone says which in /readyz (503) while
/healthz stays 200, so a load balancer takes it out and no supervisor restarts it for someone else's fault;
its logs are JSON lines carrying the request id."""

from __future__ import annotations

import json

import httpx

from ..servers import node, private_postgres, private_redis

http = httpx.Client(timeout=60)


def test_given_a_node_when_its_database_then_its_redis_go_away_then_readyz_names_each_and_healthz_stays_up(
    tmp_path,
):
    log = tmp_path / "node.log"
    with (
        private_postgres() as pg,
        private_redis() as redis,
        node(database=pg.url, redis=redis.url, log=log, ACCESS_LOG="1", LOG_LEVEL="WARNING") as app,
    ):
        ready = http.get(app + "/readyz", headers={"X-Request-ID": "trace-42"})
        assert ready.status_code == 200, ready.text
        assert ready.headers["X-Request-ID"] == "trace-42"

        pg.stop()
        down = http.get(app + "/readyz")
        assert down.status_code == 503
        assert down.json()["failing"] == ["database", "outbox", "tasks"]
        assert down.json()["checks"]["cache"]["ok"] is True
        assert http.get(app + "/readyz?checks=database,cache,storage").json()["failing"] == ["database"]
        assert http.get(app + "/healthz").status_code == 200

        pg.start()
        assert http.get(app + "/readyz").status_code == 200  # healed without a hand

        redis.kill()
        down = http.get(app + "/readyz")
        assert down.status_code == 503 and down.json()["failing"] == ["cache"]
        assert http.get(app + "/healthz").status_code == 200

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [x for x in lines if x["logger"] == "comeback.access" and x.get("request_id") == "trace-42"]
    assert access and access[0]["route"] == "readyz" and access[0]["status"] == 200
    assert access[0]["duration_ms"] >= 0 and access[0]["time"].endswith("+00:00")
