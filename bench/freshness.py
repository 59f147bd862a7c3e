"""The freshness reader of the mixed bench: a separate process that, for each price change the writers report
(the moment its answer came back, the product, the market, the new amount), reads the product page and the
search page as an anonymous visitor until the new price shows, and reports how long that took.

It runs in its own process (multiprocessing, spawn) so that what it sees is what any other client of the site
would see, not the writer's own process state; its clock is CLOCK_MONOTONIC, shared by every process of the
machine. Its requests carry the User-Agent `comeback-bench-reader`, so the server's request log can keep them
apart from the browsing load.
"""

from __future__ import annotations

import html
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIVE_UP = 25.0  # seconds; a probe's pair is changed again after 30 s
PRODUCT_POLL = 0.005
SEARCH_POLL = 0.05
HEADERS = {"Accept-Language": "en", "User-Agent": "comeback-bench-reader"}


def reader_main(base_url: str, env: dict, probes, results) -> None:
    """Entry point of the reader process: watch each probe until the sentinel None, then send the delays."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    import httpx

    from comeback.core import locales
    from comeback.core.money import Money

    def shown(amount: int, currency: str, market: str) -> str:
        return Money(amount, currency).format(locales.format_locale(market, "en"))

    found: list[tuple[str, float | None, bool]] = []  # (page, seconds or None when never seen, was listed)
    lock = threading.Lock()
    local = threading.local()

    def client() -> httpx.Client:
        if getattr(local, "http", None) is None:
            local.http = httpx.Client(base_url=base_url, headers=HEADERS, timeout=30)
        return local.http

    def watch(page: str, path: str, probe: dict, poll: float) -> None:
        new = shown(probe["price"], probe["currency"], probe["market"])
        old = shown(probe["previous"], probe["currency"], probe["market"])
        listed, seen = False, None
        while time.monotonic() - probe["answered"] < GIVE_UP:
            try:
                text = html.unescape(client().get(path).text)
            except Exception:  # the server is under load: ask again
                text = ""
            if new in text:
                seen, listed = time.monotonic() - probe["answered"], True
                break
            listed = listed or old in text
            if not listed:
                break  # the product is not on this page at all (e.g. search ranks it past page 1)
            time.sleep(poll)
        with lock:
            found.append((page, seen, listed))

    watchers = []
    while (probe := probes.get()) is not None:
        for page, path, poll in (
            ("product", f"/p/{probe['slug']}/?market={probe['market']}", PRODUCT_POLL),
            ("search", probe["search"], SEARCH_POLL),
        ):
            t = threading.Thread(target=watch, args=(page, path, probe, poll), daemon=True)
            t.start()
            watchers.append(t)
    for t in watchers:
        t.join(GIVE_UP + 5)
    results.put(found)
