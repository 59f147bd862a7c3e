"""bench/checkout.py --with-reads: the options reach the plan, and the report puts the checkout under reads beside
the checkout alone with what the reads got (no load runs here)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import checkout
import checkout_reads
import loadgen


def test_given_no_reads_option_when_parsed_then_checkout_runs_alone():
    assert checkout.parse_args([]).reads is None


def test_given_reads_when_parsed_then_the_plan_carries_the_connections_and_the_catalogue():
    args = checkout.parse_args(
        [
            "--with-reads",
            "16",
            "--catalogue-variants",
            "800",
            "--catalogue-offers",
            "8000",
            "--reads-redis",
            "none",
        ]
    )
    plan = args.reads
    assert (plan.connections, plan.per_class) == (16, 4)
    assert (plan.variants, plan.offers, plan.sellers) == (800, 8000, 1_000)
    assert plan.redis == "none" and plan.warmup == 5


@pytest.mark.parametrize(
    "argv", [["--with-reads", "2"], ["--with-reads", "-1"], ["--with-reads", "8", "--catalogue-offers", "0"]]
)
def test_given_too_few_connections_or_no_catalogue_when_parsed_then_it_is_refused(argv):
    with pytest.raises(SystemExit) as exit:
        checkout.parse_args(argv)
    assert exit.value.code == 2


def outcome(name: str, orders: int, seconds: float, p99: float) -> checkout.Outcome:
    return checkout.Outcome(
        name=name,
        buyers=32,
        processes=4,
        offers=1000,
        seconds=seconds,
        orders=orders,
        refused=0,
        errors=[],
        p50_ms=60.0,
        p99_ms=p99,
        app_cpu_ms=2.2,
        db_cpu_ms=2.5,
        checkout_cpu_ms=1.9,
        server_cpu_ms=2.6,
        oversold=0,
        units_sold=orders,
        lines=orders,
        stock_consumed=orders,
    )


def browsing(requests: int, latency_us: int) -> loadgen.Result:
    return loadgen.Result(
        requests=requests, seconds=10.0, errors=0, histogram=Counter({latency_us: requests})
    )


def test_given_a_run_under_reads_when_reported_then_both_checkouts_and_each_read_class_show():
    # given the checkout alone at 400 orders/s and under 16 reading connections at 320
    alone, loaded = outcome("spread", 6000, 15.0, 150.0), outcome("spread under reads", 4800, 15.0, 210.0)
    reads = checkout_reads.Reads(
        connections=16,
        classes={name: browsing(1000 * (i + 1), 20_000) for i, name in enumerate(checkout_reads.BROWSING)},
        server_cpu=12.5,
        cache_hits=9_000,
        cache_misses=1_000,
    )
    # when reported
    text = checkout_reads.report(alone, loaded, reads)
    # then the two checkouts are side by side, the target verdict is stated, and each class has its figures
    assert "| alone | 32 in 4 processes | 6,000 | 400 | 60.0 | 150.0 |" in text
    assert "| under 16 reading connections | 32 in 4 processes | 4,800 | 320 | 60.0 | 210.0 |" in text
    assert "| product (4 connections) | 100 | 20.0 | 20.0 | 0 |" in text
    assert "| api_search (4 connections) | 400 | 20.0 | 20.0 | 0 |" in text
    assert "| all reads | 1,000 | 20.0 | 20.0 | 0 |" in text
    assert "≥ 300 orders/s under the reads: met — 320 orders/s" in text
    assert "90% of its pages from the page cache" in text


def test_given_a_slow_checkout_under_reads_when_reported_then_the_target_is_not_met():
    reads = checkout_reads.Reads(connections=16, classes={"product": browsing(0, 0)})
    text = checkout_reads.report(outcome("spread", 6000, 15.0, 150.0), outcome("r", 1500, 15.0, 900.0), reads)
    assert "under the reads: NOT met — 100 orders/s" in text
    assert "| product (4 connections) | 0 | — | — | 0 |" in text
