"""PostgreSQL at scale (settings.postgres_at_scale, core/replica.py): PgBouncer in transaction mode, a
connection pool, a streaming replica for catalogue reads that never serves a write back stale. Real servers
of the test's own (initdb, pg_basebackup, Debian's pgbouncer) on other ports; nothing mocked."""

from __future__ import annotations

import json

import httpx
import psycopg
import pytest

from comeback.settings import postgres_at_scale

from ..servers import (
    comeback,
    node,
    private_pgbouncer,
    private_postgres,
    private_redis,
    private_replica,
    wait_until,
)

http = httpx.Client(timeout=60)
PROBE = "import tests.core.pgbouncer_probe as probe; probe.main()"


def test_given_no_variables_then_connections_are_checked_before_reuse_and_nothing_else_changes():
    assert postgres_at_scale({}) == {"CONN_HEALTH_CHECKS": True}


def test_given_pgbouncer_a_pool_and_a_statement_timeout_then_the_connection_settings_follow():
    got = postgres_at_scale(
        {"DB_PGBOUNCER": "1", "DB_POOL": "1", "DB_POOL_MAX": "20", "DB_STATEMENT_TIMEOUT": "30000"}
    )
    assert got["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert got["CONN_MAX_AGE"] == 0
    assert got["OPTIONS"] == {
        "pool": {"min_size": 2, "max_size": 20, "timeout": 10.0},
        "options": "-c statement_timeout=30000",
    }


def _sql(url: str, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(
        url.replace("postgres://", "postgresql://"), connect_timeout=5, autocommit=True
    ) as c:
        cur = c.execute(sql, params)
        return cur.fetchall() if cur.description else []


@pytest.fixture(scope="module")
def cluster():
    with private_postgres(migrate=("core", "django_tasks_database", "catalog", "accounts")) as pg:
        yield pg


def test_given_pgbouncer_in_transaction_mode_when_threads_bind_server_side_and_iterate_then_all_succeed(
    cluster,
):
    with private_pgbouncer(cluster) as bouncer:
        seen = json.loads(
            comeback(
                ["shell", "-c", PROBE],
                database=bouncer.url,
                DB_PGBOUNCER="1",
                DB_PREPARE_THRESHOLD="off",  # PgBouncer before 1.21 keeps no prepared statement
                DB_STATEMENT_TIMEOUT="30000",
            ).splitlines()[-1]
        )
    assert seen["errors"] == []
    assert seen["server_side_cursors_disabled"] is True and seen["prepare_threshold"] is None
    assert seen["bound"] == [400] and seen["iterated"] == [400] and seen["runs"] == 200


def test_given_a_pool_when_threads_query_then_they_share_its_connections(cluster):
    seen = json.loads(
        comeback(["shell", "-c", PROBE], database=cluster.url, DB_POOL="1", DB_POOL_MAX="3").splitlines()[-1]
    )
    assert seen["errors"] == [] and seen["bound"] == [400] and seen["runs"] == 200


def test_given_a_node_behind_pgbouncer_when_it_serves_then_readyz_and_the_api_answer(cluster, tmp_path):
    with (
        private_pgbouncer(cluster) as bouncer,
        node(
            database=bouncer.url, log=tmp_path / "node.log", DB_PGBOUNCER="1", DB_PREPARE_THRESHOLD="off"
        ) as app,
    ):
        for _ in range(20):
            assert http.get(app + "/readyz?checks=database").status_code == 200
            assert http.get(app + "/api/v1/categories").status_code == 200


def _category(url: str, slug: str) -> None:
    _sql(
        url,
        "INSERT INTO catalog_category (slug, name, kind, attribute_schema, variant_schema, sort_order, illustration,"
        " condition_scheme, tradein_questionnaire) VALUES (%s, %s, 'device', '{}', '{}', 0, '', 'device', 'device')",
        (slug, slug.title()),
    )


def _slugs(app: str) -> set[str]:
    response = http.get(app + "/api/v1/categories")
    assert response.status_code == 200, response.text
    return {c["slug"] for c in response.json()}


def test_given_a_replica_when_catalogue_reads_then_it_serves_them_but_never_a_write_back_stale(
    cluster, tmp_path
):
    with (
        private_replica(cluster) as replica,
        private_redis() as redis,
        node(
            database=cluster.url, redis=redis.url, log=tmp_path / "node.log", DATABASE_REPLICA_URL=replica.url
        ) as app,
    ):
        _category(cluster.url, "tablets")
        wait_until(lambda: _sql(replica.url, "SELECT 1 FROM catalog_category WHERE slug='tablets'"))
        assert "tablets" in _slugs(app)

        # Replay paused: a row written behind the app's back is not on the replica, and the API, reading
        # the replica, does not show it — the catalogue is read there.
        _sql(replica.url, "SELECT pg_wal_replay_pause()")
        _category(cluster.url, "e-readers")
        assert "e-readers" not in _slugs(app)

        # Any request that may write records the primary's position: the lagging replica is passed over.
        http.post(app + "/api/v1/cart/items", json={})
        assert "e-readers" in _slugs(app)

        _sql(replica.url, "SELECT pg_wal_replay_resume()")
        replica.stop()  # the replica gone: the primary answers, no request fails
        assert {"tablets", "e-readers"} <= _slugs(app)
