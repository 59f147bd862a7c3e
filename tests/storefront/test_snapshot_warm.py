"""A web process loads what its first searches read once it is up (storefront/snapshot_warm.py), so its first
search of a large market is not the load of that market's snapshot."""

from __future__ import annotations

import gc

import pytest

from comeback.storefront import pagecache, selectors, snapshot, snapshot_share, snapshot_warm

from ..factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def collector_as_before():
    yield
    gc.unfreeze()  # what a warm-up left out of the collector's walks, back in for the rest of the tests


@pytest.fixture
def offers_in_france(db):
    return [OfferFactory(price_amount=30000 + n * 100) for n in range(3)]


def test_given_a_shared_snapshot_when_a_new_process_warms_up_then_its_first_search_reads_that_copy(
    offers_in_france, monkeypatch
):
    snapshot.clear()
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    monkeypatch.setattr(snapshot, "BACKGROUND_REFRESH", False)
    shared = selectors.search_products(market="FR")  # another process built and shared it
    snapshot_share._local.clear()  # this process has just started: no copy

    warmed = snapshot_warm.warm()
    loaded = snapshot_share._local["FR"]
    first = selectors.search_products(market="FR")

    assert "FR" in warmed.large
    assert snapshot.for_market("FR") is loaded  # the first search loaded nothing again
    assert first.total == shared.total == 3
    assert gc.isenabled() and gc.get_freeze_count() > 0  # what it loaded is left out of the collector's walks


def test_given_no_snapshot_in_the_fleet_when_a_process_warms_up_then_it_builds_and_shares_it(
    offers_in_france, monkeypatch
):
    snapshot.clear()
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    monkeypatch.setattr(snapshot, "BACKGROUND_REFRESH", False)

    snapshot_warm.warm()

    stamp = snapshot_share._store().get(pagecache.search_gen_key("FR"))
    assert stamp is not None and snapshot_share._local["FR"].stamp == stamp


def test_given_small_markets_when_a_process_warms_up_then_they_stay_searched_in_sql(offers_in_france):
    snapshot.clear()  # three offers: far fewer than MIN_OFFERS

    warmed = snapshot_warm.warm()

    assert warmed.large == () and "FR" in warmed.small
    assert "snapshots of no market loaded" in str(warmed)
    assert snapshot.for_market("FR") is None
