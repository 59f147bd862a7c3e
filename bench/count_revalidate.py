"""Count the instructions of a search page asked again after a newer search snapshot, in-process through the WSGI
handler (as bench/count_hits.py does): revalidated (the view builds the page's context from the new snapshot and
the page cache compares its digest with the stored page's) or rendered (a page that was not stored, as every
stale search page was before).

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/reval.cg \\
        .venv/bin/python bench/count_revalidate.py --redis redis://127.0.0.1:6379/11 [--scenario search] \\
        [--n 50] [--changes 40] --measure revalidated|rendered|digest

The page cache is on, in Redis. The script asks `--n` URLs of the scenario twice uninstrumented (stored, then
hits), then reprices `--changes` offers spread over the markets through the seller service (about two seconds
of the mixed load's twenty a second) and publishes each market's next snapshot as the scheduler does (a patch).
Then callgrind's instrumentation is on only around one pass over the same URLs: with `--measure revalidated`
as they are stored, with `--measure rendered` after the stored pages are dropped (each a render from the same
kind of snapshot); with `--measure digest` only the digests the revalidating views took in that pass
(page_digest.digest over the same values again). Divide callgrind's total by `--n` for instructions per request; the answers' outcomes are
printed (a revalidated page whose content changed is a miss: it is rendered).
"""

from __future__ import annotations

import argparse
import os
import random
from collections import Counter

from count_hits import serve
from count_render import _instrument
from profile_render import start_django


def _reprice(n: int, *, seed: int = 11) -> int:
    """Reprice `n` random active offers by -3..+3%, through the seller service (events, bumps, as the API)."""
    from comeback.offers import services
    from comeback.offers.models import Offer, OfferStatus

    rng = random.Random(seed)
    ids = list(Offer.objects.filter(status=OfferStatus.ACTIVE).values_list("pk", flat=True))
    changed = 0
    for offer in Offer.objects.filter(pk__in=rng.sample(ids, n)).select_related("seller"):
        price = max(100, int(offer.price_amount * rng.uniform(0.97, 1.03)))
        if price != offer.price_amount:
            services.update_listing(seller=offer.seller, offer_id=offer.pk, changes={"price": price})
            changed += 1
    return changed


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-url", default=None)
    p.add_argument("--var", default=None)
    p.add_argument("--redis", required=True, help="a Redis database of its own, emptied first")
    p.add_argument("--scenario", default="search", help="search or api_search")
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--changes", type=int, default=40, help="offers repriced before the next snapshot")
    p.add_argument("--measure", choices=("revalidated", "rendered", "digest"), required=True)
    args = p.parse_args(argv)
    from count_hits import ROOT

    os.environ["CONFIG_CHECK_SECONDS"] = "3600"
    start_django(
        db_url=args.db_url or f"sqlite:///{ROOT / 'var' / 'bench' / 'comeback.sqlite3'}",
        var=args.var or str(ROOT / "var" / "bench"),
        redis=args.redis,
    )
    import dataset
    import scenarios
    from django.core.cache import caches

    from comeback.storefront import snapshot_share
    from comeback.wsgi import application

    urls = {s.name: s for s in scenarios.build(dataset.sample())}[args.scenario].urls[20 : 20 + args.n]
    caches["pages"].clear()
    for url in urls + urls:
        serve(application, url)
    changed = _reprice(args.changes)
    patched = snapshot_share.refresh_behind()
    if args.measure == "rendered":  # the pages go, their generations and the snapshots stay
        import redis

        client = redis.Redis.from_url(args.redis)
        client.delete(*client.scan_iter("*pc:page:*"))
    if args.measure == "digest":  # the pass uninstrumented, then only the digests of what its views showed
        from comeback.storefront import page_digest

        shown, digest = [], page_digest.digest
        page_digest.digest = lambda *what: shown.append(what) or digest(*what)
        answers = [serve(application, url) for url in urls]
        _instrument(True)
        for what in shown:
            digest(*what)
        _instrument(False)
        print(f"{len(shown)} digests", flush=True)
    else:
        _instrument(True)
        answers = [serve(application, url) for url in urls]
        _instrument(False)
    outcomes = Counter((status, headers.get("X-Page-Cache", "-")) for status, headers, _size in answers)
    print(
        f"{args.scenario} {args.measure}: {len(urls)} requests after {changed} price changes and a new snapshot "
        f"of {', '.join(patched) or 'no market'}; answers {dict(outcomes)}",
        flush=True,
    )
    return 0 if all(status == "200 OK" for status, _h, _s in answers) else 1


if __name__ == "__main__":
    raise SystemExit(main())
