"""The mixed bench's bookkeeping (bench/mixed.py, bench/mixed_run.py, bench/request_log.py): what it measures must mean what the
report says, so its parts are tested like the product's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import dataset  # noqa: E402
import mixed  # noqa: E402
import mixed_run  # noqa: E402
import request_log  # noqa: E402


def test_each_request_is_counted_in_its_class_with_its_cache_answer_and_cpu(tmp_path):
    # given the request log of a run, with the freshness reader's requests marked
    log = tmp_path / "requests.log"
    log.write_text(
        "/p/apple-one/?market=FR hit 400 -\n"
        "/p/apple-one/?market=FR miss 12000 -\n"
        "/search/?q=apple&market=DE stale 500 -\n"
        "/c/phones/?market=DE miss 9000 -\n"
        "/api/v1/products/12?market=FR miss 6000 -\n"
        "/api/v1/products?q=x&market=FR hit 300 -\n"
        "/api/v1/seller/listings/5 - 14000 -\n"
        "/p/apple-one/?market=FR miss 11000 reader\n"
        "a torn line\n"
    )
    # when it is read
    served = request_log.read_log(log, 0)
    # then each class has its answers and the CPU of its misses
    assert (served["product"].hits, served["product"].misses) == (1, 1)
    assert served["product"].ms_per_miss == pytest.approx(12.0)
    assert served["product"].hit_ratio == 0.5
    assert (served["search"].hits, served["search"].misses) == (1, 1)
    assert served["api_product"].misses == 1 and served["api_search"].hits == 1
    assert served["reprice"].requests == 1 and served["reprice"].hit_ratio is None
    assert served["reader:product"].misses == 1  # the reader's polls are not the visitors' traffic


def test_each_request_keeps_its_wall_time_inside_the_server_and_older_lines_still_count(tmp_path):
    # given a log where newer lines carry the wall time inside the server thread and an older line does not
    log = tmp_path / "requests.log"
    log.write_text(
        "/p/apple-one/?market=FR hit 400 - 2500\n"
        "/p/apple-one/?market=FR miss 12000 - 90000\n"
        "/p/apple-one/?market=FR hit 500 -\n"
        "/api/v1/cart/items - 8000 - 30000\n"
        "/api/v1/checkout - 9000 - 50000\n"
    )
    # when it is read
    served = request_log.read_log(log, 0)
    # then every line counts, and the walls are those that were written, in milliseconds
    assert served["product"].requests == 3
    assert sorted(served["product"].walls_ms) == [2.5, 90.0]
    # and a checkout's time in the server is its cart add and its checkout together
    out = mixed_run.Outcome(served=served)
    assert mixed_run._in_server(out, "checkout") == "30.0 | 50.0 | 17.0"


def test_the_servers_cpu_is_split_by_kind_of_request_and_what_no_request_counted(tmp_path):
    # given a load's request log: product renders and hits, a search render, writes, the freshness reader
    log = tmp_path / "requests.log"
    log.write_text(
        "/p/apple-one/?market=FR miss 40000 -\n"
        "/p/apple-one/?market=FR hit 10000 -\n"
        "/search/?q=apple&market=FR miss 20000 -\n"
        "/api/v1/seller/listings/5 - 10000 -\n"
        "/api/v1/cart/items - 5000 -\n"
        "/api/v1/checkout - 5000 -\n"
        "/p/apple-one/?market=FR miss 5000 reader\n"
    )
    served = request_log.read_log(log, 0)
    # when the server's processes used 0.1 s of CPU in all
    note = request_log.server_split(served, 0.1, browsing=mixed_run.BROWSING)
    # then each kind has its share, largest first, and the rest is what no request's thread counted
    assert note == (
        "Where the server's CPU went (0.1 s, each request's own thread): product renders 40%, search renders 20%, "
        "product hits 10%, reprices 10%, cart adds and checkouts 10%, the freshness reader 5%, "
        "outside any request's thread 5%."
    )


def test_a_percentile_is_a_value_that_was_measured():
    assert mixed_run.pct([], 99) is None
    assert mixed_run.pct([3.0, 1.0, 2.0], 50) == 2.0
    assert mixed_run.pct([float(i) for i in range(1, 101)], 99) == 99.0


@pytest.mark.django_db
def test_probes_move_the_price_visitors_see_and_nothing_else_moves_it():
    # given a small bench catalogue
    dataset.seed(variants=80, offers=800, sellers=30)
    # when the mixed run prepares its writers
    fx = mixed.prepare(dataset.sample())
    # then each probe is the cheapest visible offer of its product in its market, from a seller with a token
    from comeback.offers.selectors import visible_offers

    assert fx.probes
    probe_products = {p["product"] for p in fx.probes}
    for p in fx.probes:
        cheapest = (
            visible_offers(p["market"]).filter(variant__product_id=p["product"]).order_by("price_amount")
        )
        assert cheapest.first().price_amount == p["price"]
        assert p["token"] and p["search"].startswith("/search/?q=")
    # and random reprices and checkouts never touch a probe's product, so only the probe moves its price
    from comeback.offers.models import Offer

    repriced = set(
        Offer.objects.filter(id__in=[r[0] for r in fx.reprice]).values_list("variant__product_id", flat=True)
    )
    bought = set(Offer.objects.filter(id__in=fx.checkout).values_list("variant__product_id", flat=True))
    assert not (repriced | bought) & probe_products
    assert set(Offer.objects.filter(id__in=fx.checkout).values_list("market_id", flat=True)) == {"FR"}
    # and trade-in quotes ask for models refurbishers buy back
    assert fx.quotes and len(fx.buyers) == mixed.BUYERS


def test_the_cores_accounting_counts_what_a_named_process_burns(tmp_path):
    import secrets
    import subprocess

    import server

    from ..servers import wait_until

    # given a process with a name of its own (a process's name is the file it was started from)
    name = f"cpuprobe{secrets.token_hex(3)}"
    (tmp_path / name).symlink_to(sys.executable)
    machine = server.machine_busy()
    assert server.cpu_of(name) == 0.0
    # when it burns 0.3 s of CPU and then waits
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\ntime.sleep(120)"
    proc = subprocess.Popen([str(tmp_path / name), "-c", burn])
    try:
        # then its name counts what it burnt, and the machine was busy at least that long
        wait_until(lambda: server.cpu_of(name) >= 0.25, seconds=60, what="the probe's CPU")
        assert server.machine_busy() - machine >= 0.25
    finally:
        proc.kill()
        proc.wait()
