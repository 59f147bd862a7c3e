"""Search state every node shares (storefront/snapshot_share.py): two app nodes on one database and one Redis. A
snapshot built by one node is the one the other searches; a listing change reaches search when the scheduler's
job (or, without it, the first lagging searcher) publishes a newer snapshot; a cached listing page never claims
to be fresher than the snapshot it was rendered from."""

from __future__ import annotations

import httpx
import pytest

from comeback.accounts.services import issue_token

from ..servers import comeback, node, private_redis, shared_database_url, wait_until
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = "/search/?q=iphone&market=FR"
OLD, NEW = (
    "€339.00",
    "€300.00",
)  # the iPhone's from-price, before and after its best offer drops to 300 €
http = httpx.Client(timeout=60)


def _fleet_env(**extra) -> dict:
    return {"SEARCH_SNAPSHOT_MIN_OFFERS": "1", **extra}  # the small shop counts as large


def test_given_two_nodes_when_a_price_changes_then_search_follows_the_shared_snapshot_on_both(tmp_path):
    shop = build_shop()
    token = issue_token(user=shop.best.seller.user).secret
    with private_redis() as redis:
        env, database = _fleet_env(), shared_database_url()
        with (
            node(database=database, log=tmp_path / "a.log", **env, redis=redis.url) as a,
            node(database=database, log=tmp_path / "b.log", **env, redis=redis.url) as b,
        ):
            assert OLD in http.get(a + SEARCH).text  # node A builds and shares the snapshot
            assert OLD in http.get(b + SEARCH).text  # node B reads A's snapshot
            # Once the fleet's first snapshot is settled (a node's warm-up may still publish one as it starts),
            # B's page is stored and served as it is.
            wait_until(lambda: http.get(b + SEARCH).headers["X-Page-Cache"] == "hit", what="B's page stored")

            http.patch(
                f"{a}/api/v1/seller/listings/{shop.best.pk}",
                json={"price": 30000},
                headers={"Authorization": f"Bearer {token}"},
            ).raise_for_status()

            # The snapshot predates the change and the page says what the snapshot knows: a render would show
            # the same, so the cached page is served until a newer snapshot is published.
            lagging = http.get(b + SEARCH)
            assert lagging.headers["X-Page-Cache"] == "hit" and OLD in lagging.text

            # The scheduler's job, on any node, publishes a newer snapshot for the whole fleet.
            ran = comeback(
                ["scheduler", "--run", "search-snapshots"], database=database, REDIS_URL=redis.url, **env
            )
            assert "search-snapshots: done" in ran
            for base in (a, b):
                # Each node loads the new snapshot in the background, answering from the old one meanwhile
                # (those pages are not stored: they are not rendered from the current snapshot).
                wait_until(
                    lambda base=base: NEW in http.get(base + SEARCH).text, what="the new snapshot loaded"
                )
                page = http.get(base + SEARCH)
                assert page.headers["X-Page-Cache"] == "hit" and NEW in page.text


def test_given_no_scheduler_when_a_lagging_node_searches_then_it_rebuilds_the_shared_snapshot_itself(
    tmp_path,
):
    shop = build_shop()
    token = issue_token(user=shop.best.seller.user).secret
    with private_redis() as redis:
        # No scheduler; each node warms its snapshots up as it starts, as in production.
        env = _fleet_env(SEARCH_SNAPSHOT_SECONDS="0")
        database = shared_database_url()
        with (
            node(database=database, log=tmp_path / "a.log", **env, redis=redis.url) as a,
            node(database=database, log=tmp_path / "b.log", **env, redis=redis.url) as b,
        ):
            assert OLD in http.get(a + SEARCH).text
            # Once a snapshot is shared, A's page is stored and every node's answer is that page...
            wait_until(lambda: http.get(a + SEARCH).headers["X-Page-Cache"] == "hit", what="A's page stored")
            assert http.get(b + SEARCH).headers["X-Page-Cache"] == "hit"
            http.patch(
                f"{a}/api/v1/seller/listings/{shop.best.pk}",
                json={"price": 30000},
                headers={"Authorization": f"Bearer {token}"},
            ).raise_for_status()

            # ...until the snapshot misses the change for twice its rebuild period (here at once): the stored page
            # is rendered again, B's search finds the snapshot behind and rebuilds it in the background, serving
            # the old one meanwhile; then both nodes search the new one.
            wait_until(lambda: NEW in http.get(b + SEARCH).text, what="B's rebuilt snapshot")
            assert NEW in http.get(a + SEARCH).text
