"""Offer changes reach a market's search snapshot as patches (storefront/snapshot_patch.py): the scheduler's job
reads again only the products the outbox names, the result is the snapshot a full build gives, and a process
holding the previous snapshot applies the patch the next time it searches, so a price or stock change shows in
search at the job's next run (every REFRESH_SECONDS) without a full rebuild or reload."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.core.cache import caches
from django.db import transaction
from django.test import Client

from comeback.core import markets, outbox
from comeback.offers import services as offer_services
from comeback.storefront import handlers, snapshot, snapshot_patch, snapshot_share

from ..factories import OfferFactory, ProductModelFactory, VariantFactory
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

SEARCH = "/search/?q=iphone&market=FR"


@pytest.fixture
def shop(db, settings):
    settings.COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS = 1  # every market is "large": search reads its snapshot
    settings.PAGE_CACHE_SECONDS = 0
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()
    snapshot.clear()
    built = build_shop()
    snapshot_share.publish("FR")
    yield built
    snapshot.clear()


def _full_build_as(patched: snapshot.MarketSnapshot) -> None:
    """The patched snapshot holds what a full build made now holds, in the same order."""
    fresh = snapshot.build(patched.market)
    assert list(patched.entries.items()) == list(fresh.entries.items())
    assert patched.by_category == fresh.by_category
    assert patched.offer_count == fresh.offer_count


def _write(offer, **changes) -> None:
    offer_services.update_listing(seller=offer.seller, offer_id=offer.pk, changes=changes)
    # The outbox's handler bumps the market's listing generation, as the drain does after the commit (a test's
    # transaction never commits).
    handlers.pages_changed([{"offer_id": offer.pk}])


def test_given_a_price_change_when_the_job_runs_then_it_publishes_a_patch_that_equals_a_full_build(
    shop,
):
    full = snapshot_share._local["FR"]
    cheapest = shop.iphone_128.offers.get(grade="fair")
    # The write and the job half a second apart on a whole second: an event's token rounds its time up to the
    # millisecond, so a job run within that millisecond would rightly read it as possibly newer than itself.
    written_at = float(int(time.time()) + 10)

    # When the iPhone's cheapest offer drops from 339 € to 300 € and the scheduler's job runs
    with time_machine.travel(written_at, tick=False):
        _write(cheapest, price=30000)
    with time_machine.travel(written_at + 0.5, tick=False):
        assert snapshot_share.refresh_behind() == ["FR"]

    # Then a patch of the full build was published (no new full build), equal to a full build made now
    full_stamp, patches = snapshot_share._chain("FR")
    assert full_stamp == full.stamp and len(patches) == 1 and patches[0].base == full.stamp
    patched = snapshot_share._local["FR"]
    assert patched.stamp == patches[0].stamp and patched.full_stamp == full.stamp
    assert patched.entries[shop.iphone.pk].everything.low == 30000
    _full_build_as(patched)
    assert (
        full.entries[shop.iphone.pk].everything.low == 33900
    )  # the snapshot searched meanwhile is untouched
    # and nothing is behind any more
    with time_machine.travel(written_at + 1, tick=False):
        assert snapshot_share.refresh_behind() == []


def test_given_the_shared_catalogue_copy_is_stale_when_the_job_patches_then_it_reads_only_the_patched_products(
    shop, settings
):
    # Given the process's copy of the whole catalogue (products, variant attributes) past its time to live
    kept = snapshot._catalogue
    settings.COMEBACK_SEARCH_SNAPSHOT_SECONDS = 0

    # When a price change is patched
    _write(shop.iphone_128.offers.get(grade="fair"), price=30000)
    assert snapshot_share.refresh_behind() == ["FR"]

    # Then the patch read the facts of its products alone: the whole catalogue was not read again
    assert snapshot._catalogue is kept
    patched = snapshot_share._local["FR"]
    assert patched.entries[shop.iphone.pk].everything.low == 30000
    assert patched.variant_attrs == kept.variant_attrs
    # and the patched snapshot is the one a full build gives
    _full_build_as(patched)


def test_given_a_process_holding_the_previous_snapshot_when_it_searches_then_it_applies_the_patch_at_once(
    shop,
):
    # Given a web process that loaded the full snapshot, and a price change patched by the scheduler
    held = snapshot_share._local["FR"]
    assert "€339.00" in Client().get(SEARCH).content.decode()
    _write(shop.iphone_128.offers.get(grade="fair"), price=30000)
    snapshot_share.refresh_behind()
    snapshot_share._local["FR"] = held  # this process still holds the full build

    # When it searches
    html = Client().get(SEARCH).content.decode()

    # Then the first search shows the new price: the patch was applied in the request, not loaded later
    assert "€300.00" in html and "€339.00" not in html
    assert snapshot_share._local["FR"].stamp == snapshot_share._chain("FR")[1][-1].stamp


def test_given_patches_in_a_row_then_a_process_two_patches_behind_applies_both(
    shop,
):
    held = snapshot_share._local["FR"]
    fair = shop.iphone_128.offers.get(grade="fair")
    _write(fair, price=30000)
    snapshot_share.refresh_behind()
    _write(fair, price=29000)
    snapshot_share.refresh_behind()
    assert len(snapshot_share._chain("FR")[1]) == 2

    snapshot_share._local["FR"] = held
    assert "€290.00" in Client().get(SEARCH).content.decode()
    _full_build_as(snapshot_share._local["FR"])


def test_given_the_last_offers_of_a_product_sold_out_then_the_patch_removes_it_from_search(
    shop,
):
    pixel = shop.pixel.variants.get().offers.get()
    _write(pixel, quantity=0)

    snapshot_share.refresh_behind()

    patched = snapshot_share._local["FR"]
    assert len(snapshot_share._chain("FR")[1]) == 1
    assert shop.pixel.pk not in patched.entries
    _full_build_as(patched)
    assert "Pixel 8" not in Client().get("/search/?market=FR").content.decode()


def test_given_a_new_product_on_sale_then_the_patch_lists_it_in_id_order_like_a_full_build(shop):
    # Given a model new to the market, and its first offer
    phone = ProductModelFactory(category=shop.iphone.category, brand=shop.iphone.brand, name="iPhone 15")
    offer = OfferFactory(seller=shop.best.seller, variant=VariantFactory(product=phone), grade="good")
    current = snapshot_share._local["FR"]

    # When a patch carries it
    patch = snapshot_patch.build_patch(
        current, {phone.pk, shop.iphone.pk}, as_of=current.as_of + 1, events_upto=current.events_upto
    )
    patched = snapshot_patch.apply(current, patch)

    # Then the snapshot is the full build's, its category lists it, and the old one does not
    _full_build_as(patched)
    assert phone.pk in patched.by_category[shop.iphone.category_id]
    assert phone.pk not in current.entries and phone.pk not in current.by_category[shop.iphone.category_id]
    assert offer.pk


def test_given_a_review_that_moves_a_sellers_rating_then_the_job_patches_the_products_it_lists(shop):
    full = snapshot_share._local["FR"]
    # Given a review that moves ReNew Labs' rating, which every one of its offers carries (the "rating" sort)
    renew = shop.best.seller
    type(renew).objects.filter(pk=renew.pk).update(rating_sum=100, rating_count=100)
    with transaction.atomic():
        outbox.emit("review.posted", seller_id=renew.pk, product_id=shop.iphone.pk)
    handlers.pages_changed([{"offer_id": shop.best.pk}])

    # When the job runs
    snapshot_share.refresh_behind()

    # Then it patched the products the seller lists (no full build), equal to a full build made now
    patched = snapshot_share._local["FR"]
    _base, patches = snapshot_share._chain("FR")
    assert patched.full_stamp == full.stamp and len(patches) == 1
    assert set(snapshot_share._patch("FR", patches[0].stamp).entries) == {shop.iphone.pk, shop.pixel.pk}
    _full_build_as(patched)


def test_given_a_quality_score_change_then_the_job_still_patches(shop):
    # Given a seller's new quality score (not in the snapshot) and a price change
    with transaction.atomic():
        outbox.emit("seller.quality.changed", seller_id=shop.best.seller_id)
    _write(shop.iphone_128.offers.get(grade="fair"), price=30000)

    snapshot_share.refresh_behind()

    # Then the price change is a patch, not a full build
    patched = snapshot_share._local["FR"]
    assert patched.full_stamp != patched.stamp and len(snapshot_share._chain("FR")[1]) == 1
    assert patched.entries[shop.iphone.pk].everything.low == 30000


def test_given_an_event_a_patch_cannot_say_then_the_full_build_reaches_holders_as_a_patch(shop):
    # Given a process holding the snapshot, and a seller-wide event that does not name its seller
    held = snapshot_share._local["FR"]
    with transaction.atomic():
        outbox.emit("review.posted", offer_id=shop.best.pk)
    _write(shop.iphone_128.offers.get(grade="fair"), price=30000)

    # When the job runs
    snapshot_share.refresh_behind()

    # Then it rebuilt in full and shared the build as the difference from the snapshot held
    rebuilt = snapshot_share._local["FR"]
    base, patches = snapshot_share._chain("FR")
    assert rebuilt.full_stamp == rebuilt.stamp == base
    assert [(p.base, p.stamp, p.full) for p in patches] == [(held.stamp, rebuilt.stamp, True)]
    assert set(snapshot_share._patch("FR", patches[0].stamp).entries) == {shop.iphone.pk}
    # and the holder applies it in the request that sees it, instead of loading the market again
    snapshot_share._local["FR"] = held
    assert "€300.00" in Client().get(SEARCH).content.decode()
    caught_up = snapshot_share._local["FR"]
    assert caught_up.stamp == rebuilt.stamp and caught_up.full_stamp == rebuilt.stamp
    _full_build_as(caught_up)


def test_given_a_chain_of_max_patches_then_the_backstop_adds_a_full_build_that_holders_apply(
    shop, monkeypatch
):
    monkeypatch.setattr(snapshot_patch, "MAX_PATCHES", 2)
    held = snapshot_share._local["FR"]
    fair = shop.iphone_128.offers.get(grade="fair")
    for price in (30000, 29000):
        _write(fair, price=price)
        snapshot_share.refresh_behind()
        # the backstop's job: due after two patches, not after one
        assert snapshot_share.rebuild_due() == ([] if price == 30000 else ["FR"])

    # It built the market again after two patches, and shared the build as a third
    current = snapshot_share._local["FR"]
    base, patches = snapshot_share._chain("FR")
    assert current.full_stamp == current.stamp == base
    assert [p.full for p in patches] == [False, False, True] and patches[0].base == held.stamp
    assert current.entries[shop.iphone.pk].everything.low == 29000
    # A process holding the first snapshot catches up by the three patches
    snapshot_share._local["FR"] = held
    assert "€290.00" in Client().get(SEARCH).content.decode()
    _full_build_as(snapshot_share._local["FR"])


def test_given_churn_while_the_job_runs_then_a_market_changed_after_the_run_began_is_patched_in_that_run(
    shop,
):
    # Given two large markets, each with a price change; the later market's change is made after the job
    # started (while the earlier market was patched)
    snapshot_share.publish("GB")
    first, later = sorted(("FR", "GB"), key=markets.codes().index)
    offer = {"FR": shop.iphone_128.offers.get(grade="fair"), "GB": shop.iphone_128.offers.get(market_id="GB")}
    began = float(int(time.time()) + 10)
    with time_machine.travel(began - 1, tick=False):
        _write(offer[first], price=30000)
    with time_machine.travel(began + 0.5, tick=False):
        _write(offer[later], price=30000)

    # When the job starts before the later change and its clock moves on as it goes
    ticks = iter(range(int(began), int(began) + 100))
    with time_machine.travel(began, tick=False):
        patched = snapshot_share.refresh_behind(clock=lambda: float(next(ticks)))

    # Then both markets were patched in this run
    assert patched == [first, later]
    for market in (first, later):
        assert snapshot_share._local[market].entries[shop.iphone.pk].everything.low == 30000


def _searches(snap: snapshot.MarketSnapshot, shop) -> list:
    """A search of each kind on the snapshot: whole market, per grade, category, brand, words, price range."""
    nothing = {
        "product_ids": None,
        "brand_id": None,
        "category_ids": None,
        "grade": None,
        "min_price": None,
        "max_price": None,
        "attrs": (),
        "want_rating": False,
    }
    cases = [
        {},
        {"grade": "fair"},
        {"grade": "excellent", "want_rating": True},
        {"category_ids": {shop.iphone.category_id}},
        {"brand_id": shop.iphone.brand_id},
        {"product_ids": [shop.iphone.pk, shop.pixel.pk]},
        {"product_ids": [shop.iphone.pk], "grade": "fair"},
        {"min_price": 30000},
        {"attrs": (("storage_gb", "128"),)},
    ]
    return [snap.search(**{**nothing, **case}) for case in cases]


def test_given_searches_kept_on_a_snapshot_when_a_patch_applies_then_the_patched_copy_answers_as_a_full_build(
    shop,
):
    # Given a process that searched its snapshot (each product's summary kept in the copy)
    held = snapshot_share._local["FR"]
    before = _searches(held, shop)
    assert held.memo[("summaries", None)]

    # When the iPhone's fair offer gets cheaper, the Pixel sells out, and the job patches the snapshot
    _write(shop.iphone_128.offers.get(grade="fair"), price=30000)
    _write(shop.pixel.variants.get().offers.get(), quantity=0)
    snapshot_share.refresh_behind()

    # Then the patched copy kept the summaries of the products the patch did not touch, and every search on it
    # answers as on a full build made now; the copy searched meanwhile answers as before
    patched = snapshot_share._local["FR"]
    assert patched is not held and patched.full_stamp == held.stamp
    kept = patched.memo.get(("summaries", None), {})
    assert shop.iphone.pk not in kept and shop.pixel.pk not in kept
    assert _searches(patched, shop) == _searches(snapshot.build("FR"), shop)
    assert _searches(held, shop) == before


def test_given_an_event_not_committed_when_the_snapshot_was_read_then_the_next_patch_reads_it(shop):
    # Given a price change whose event id was taken, but not committed, when the snapshot read the outbox
    _write(shop.iphone_128.offers.get(grade="fair"), price=30000)
    late = snapshot.last_event_id()
    held = snapshot_share._local["FR"]

    # When the outbox is read from a snapshot that knows the events up to it, with that one missing, or not
    missed, _newest, still = snapshot_patch.changed_products(late, frozenset({late}))
    seen, _newest, _still = snapshot_patch.changed_products(late)

    # Then the missing one is read again (its product is patched) and nothing else is read twice
    assert missed == {"FR": {shop.iphone.pk}} and still == frozenset()
    assert seen == {}
    assert held.events_missing == frozenset()  # the shop's events were all committed when it was built
