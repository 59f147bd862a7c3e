"""Count the instructions of search pages after a snapshot patch, in-process through the WSGI handler: a plain hit,
a page that survives the patch (storefront/survival.py), and a page rendered again.

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/survival.cg \\
        .venv/bin/python bench/count_survival.py --redis redis://127.0.0.1:6379/14 --db-url sqlite:///COPY \\
        --measure survived

Writes to the database (price changes): give it a copy of the bench catalogue, fresh for each run. The page cache
is on, in Redis. The script renders `--n` URLs of the scenario and serves them once as hits, then (`--measure hit`)
a pass of hits; or it changes `--writes` prices through the seller service (outbox events, listing generations
bumped after commit, as the server does), runs the scheduler's snapshot job (a patch per market), and serves the
URLs again: callgrind counts only the pages the rule keeps (`survived`) or only those it renders again
(`rendered`; on code without the rule, main before it, every page). Divide callgrind's total by the requests the
script prints.
"""

from __future__ import annotations

import argparse
import os
import random
import re
from pathlib import Path

from count_hits import serve
from count_render import _instrument
from profile_render import start_django

ROOT = Path(__file__).resolve().parent.parent


def _survives(url: str) -> bool:
    """Whether the stored page of `url` outlives the patch (the middleware's own check), None on code without it."""
    from django.core.cache import caches
    from django.test import RequestFactory
    from django.utils import translation

    from comeback.storefront import pagecache
    from comeback.web.middleware import choose_market

    try:
        from comeback.storefront import survival
    except ImportError:  # code without the rule
        return False
    middleware = pagecache.AnonymousPageCacheMiddleware
    request = RequestFactory().get(url, HTTP_ACCEPT_LANGUAGE="en")
    market = choose_market(request).code
    entry = caches["pages"].get(
        middleware._key(request, market, translation.get_language_from_request(request))
    )
    gens = [pagecache.CATALOGUE_GEN, pagecache.listing_gen_key(market), pagecache.search_gen_key(market)]
    return (
        entry is not None and survival.carried(entry, pagecache.current_generations(gens), market) is not None
    )


def _reprice(n: int, markets: set[str], seed: int) -> int:
    from comeback.offers import services
    from comeback.offers.selectors import visible_offers

    rng = random.Random(seed)
    done = 0
    for market in sorted(markets):
        ids = list(visible_offers(market).order_by("pk").values_list("pk", flat=True)[:50_000])
        for pk in rng.sample(ids, n // len(markets)):
            from comeback.offers.models import Offer

            offer = Offer.objects.select_related("seller").get(pk=pk)
            price = max(100, int(offer.price_amount * rng.uniform(0.9, 1.1)))
            services.update_listing(seller=offer.seller, offer_id=pk, changes={"price": price})
            done += 1
    return done


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-url", required=True, help="a copy of the bench catalogue: prices are changed")
    p.add_argument("--var", default=str(ROOT / "var" / "bench"))
    p.add_argument("--redis", required=True, help="a Redis database of its own, emptied first")
    p.add_argument("--scenario", default="search")
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--writes", type=int, default=40, help="price changes before the snapshot job")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--measure", choices=("hit", "survived", "rendered"), required=True)
    args = p.parse_args(argv)
    os.environ["CONFIG_CHECK_SECONDS"] = "3600"  # as bench/count_hits.py: no version checks in the counts
    start_django(db_url=args.db_url, var=args.var, redis=args.redis)
    from django.conf import settings

    from comeback.storefront import snapshot

    # Only the scheduler's job moves the snapshots: under callgrind the writes take long enough for a search to find
    # its snapshot lagging and rebuild it, and a build (hundreds of millions of instructions) is not a page's cost.
    settings.COMEBACK_SEARCH_SNAPSHOT_SECONDS = 3600
    snapshot.BACKGROUND_REFRESH = False
    import dataset
    import scenarios
    from django.core.cache import caches

    from comeback.storefront import snapshot_share
    from comeback.wsgi import application

    urls = {s.name: s for s in scenarios.build(dataset.sample())}[args.scenario].urls[20 : 20 + args.n]
    markets = {re.search(r"market=(\w+)", url).group(1) for url in urls}
    caches["pages"].clear()
    for url in urls + urls:  # rendered and stored, then a hit: the process is warm
        serve(application, url)
    if args.measure == "hit":
        _instrument(True)
        answers = [serve(application, url)[1].get("X-Page-Cache") for url in urls]
        _instrument(False)
        print(f"{args.scenario}: {len(answers)} hits measured, answers {sorted(set(answers))}")
        return 0
    changed = _reprice(args.writes, markets, args.seed)
    patched = snapshot_share.refresh_behind()
    if set(patched) != markets:
        print(f"  not every market was patched: {sorted(markets)} changed, {patched} patched")
        return 1
    keeps = {url: _survives(url) for url in urls}
    if hasattr(snapshot_share, "survival"):
        snapshot_share.survival._between.clear()  # the first page after the patch reads what it touched
    measured = [u for u in urls if keeps[u] == (args.measure == "survived")]
    _instrument(True)
    answers = [serve(application, url)[1].get("X-Page-Cache") for url in measured]
    _instrument(False)
    print(f"{args.scenario}: {len(urls)} URLs, {changed} price changes, patched {patched}")
    print(f"  {sum(keeps.values())} of {len(urls)} kept through the patch")
    print(f"  {len(answers)} {args.measure} measured, answers {sorted(set(answers))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
