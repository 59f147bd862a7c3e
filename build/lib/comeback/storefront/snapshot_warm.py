"""A web process loads what its first searches read before they come (docs/decisions/0003-search-snapshot.md,
amendment "a process loads the snapshots when it starts").

A process that has just started holds no copy of the large markets' snapshots (snapshot_share.py). At ten times
the catalogue, its first search of each market loaded that market's snapshot while the visitor waited: seconds of
CPU per market, and in a bench's first round no search answered within 9 s. So each gunicorn worker, once it is
up (`post_worker_init` in gunicorn.conf.py), starts a thread that loads:
- every large market's snapshot (built and shared first when the fleet has none yet), with its whole-market view;
- the catalogue reads search keeps per process: the categories, the brands, the vocabulary typos are corrected
  against (catalog/forgiving.py) and the titles suggestions are found in (suggest.py);
- the search page's templates and the site's URL patterns, compiled.
Then what it loaded is left out of the garbage collector's walks (`gc.freeze`): a full collection walked the
snapshots' millions of objects, 1.6 s of CPU at ten times the catalogue, in a visitor's request.

The worker answers meanwhile: readiness never waits for the thread. A search that comes while its market loads
waits for that load instead of loading a second copy (snapshot_share._first_copy). Nothing here writes to the
database; the shared cache is written only as a first search would write it (a new snapshot, a small market).
"""

from __future__ import annotations

import gc
import logging
import resource
import threading
import time
from dataclasses import dataclass

from django.db import connections
from django.template.loader import get_template
from django.urls import reverse

from comeback.catalog import forgiving, kept
from comeback.core import markets

from . import search_form, snapshot_share, suggest
from .browse.facets import _brands

log = logging.getLogger(__name__)

# The search page's templates and what they include (a first render compiled them in a visitor's request).
TEMPLATES = (
    "web/base.html",
    "orders/_header_cart.html",
    "storefront/search.html",
    "storefront/_results.html",
    "storefront/_cards.html",
    "storefront/_fashion_nav.html",
    "storefront/_fashion_promise.html",
    "storefront/home.html",
)


@dataclass(frozen=True)
class Warmed:
    """What a warm-up loaded and what it cost this process."""

    large: tuple[str, ...]  # the markets searched from a snapshot
    small: tuple[str, ...]  # the markets searched in SQL
    seconds: float
    cpu_seconds: float  # the warm-up thread's own CPU time
    peak_rss_mb: float  # the process's peak resident memory when it ended

    def __str__(self) -> str:
        return (
            f"search warmed: snapshots of {', '.join(self.large) or 'no market'} loaded "
            f"({', '.join(self.small) or 'no market'} in SQL) in {self.seconds:.1f} s, "
            f"{self.cpu_seconds:.1f} s of CPU; peak memory {self.peak_rss_mb:.0f} MB"
        )


def warm() -> Warmed:
    """Load, in this thread, every market's snapshot and the catalogue reads of a first search; then leave what
    it loaded out of the cyclic garbage collector's walks (`gc.freeze`)."""
    started, cpu = time.monotonic(), time.thread_time()
    kept.categories()  # every search reads them: first, they take milliseconds
    _brands()
    large, small = [], []
    gc.disable()  # the collector would walk the millions of objects being loaded again and again
    try:
        for market in markets.codes():
            (large if snapshot_share.for_market(market) is not None else small).append(market)
        for market in large:
            # The whole market's view (snapshot_search.py), shown as "popular right now" when words find nothing;
            # working it out works out every product's summary, which searches with words then look up.
            search_form.popular(markets.get(market))
        for name in TEMPLATES:
            get_template(name)  # compiled once per process (the cached loader)
        reverse("storefront:search")  # the first reverse() compiles every URL pattern: 0.2 s of CPU
        forgiving.load()
        suggest.load()
    finally:
        gc.enable()
    # A snapshot holds no reference cycle: a copy a patch replaces is freed by its reference count all the same.
    # Left in the collector's oldest generation, each full collection walked them again (1.6 s of CPU at ten
    # times the catalogue), in whichever request set it off.
    gc.freeze()
    return Warmed(
        large=tuple(large),
        small=tuple(small),
        seconds=time.monotonic() - started,
        cpu_seconds=time.thread_time() - cpu,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def start() -> threading.Thread:
    """Warm this process up in a thread of its own (a daemon: it never holds a shutdown back)."""

    def run() -> None:
        try:
            log.info("%s", warm())
        except Exception:  # the searches load what they need themselves, as before
            log.exception("search warm-up failed")
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, name="search-warm-up", daemon=True)
    thread.start()
    return thread
