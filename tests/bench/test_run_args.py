"""bench/run.py's presets: the mixed load on ten times the catalogue reuses bench_tenfold as seeded and never
writes the everyday mixed section of docs/performance.md."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import run

NO_REDIS = ["--redis", "none"]  # parsing must not touch a Redis another bench may be using


def test_given_mixed_tenfold_when_parsed_then_it_reuses_bench_tenfold_with_the_page_cache_on():
    args = run.parse_args(["--scenario", "mixed", "--tenfold", *NO_REDIS])
    assert (args.scenario, args.db, args.database_url) == ("mixed", "postgres", run.TENFOLD_PG)
    assert (args.variants, args.offers) == (200_000, 2_000_000)
    assert args.reuse and args.keep_catalogue and args.page_cache


def test_given_the_tenfold_scenario_when_parsed_then_it_is_the_pages_with_every_answer_a_render():
    args = run.parse_args(["--scenario", "tenfold", *NO_REDIS])
    assert (args.scenario, args.db, args.database_url) == ("pages", "postgres", run.TENFOLD_PG)
    assert not args.page_cache and not args.keep_catalogue


def test_given_tenfold_and_a_database_of_ones_own_when_parsed_then_that_database_and_sizes_are_kept():
    url = "postgres://postgres@127.0.0.1:5432/bench_small"
    args = run.parse_args(
        ["--scenario", "mixed", "--tenfold", "--database-url", url, "--variants", "800", *NO_REDIS]
    )
    assert (args.database_url, args.variants, args.offers) == (url, 800, 2_000_000)


@pytest.mark.parametrize(
    "argv",
    [
        ["--scenario", "mixed", "--tenfold", "--write-docs"],
        ["--scenario", "mixed", "--db", "postgres", "--database-url", run.TENFOLD_PG, "--write-docs"],
        ["--scenario", "mixed", "--variants", "200000", "--offers", "2000000", "--write-docs"],
    ],
)
def test_given_the_mixed_load_at_tenfold_when_asked_to_write_docs_then_it_refuses(argv, capsys):
    with pytest.raises(SystemExit) as exit:
        run.parse_args([*argv, *NO_REDIS])
    assert exit.value.code == 2
    assert "write" in capsys.readouterr().err


def test_given_the_everyday_mixed_load_when_asked_to_write_docs_then_it_may():
    args = run.parse_args(["--scenario", "mixed", "--write-docs", *NO_REDIS])
    assert args.write_docs and not args.keep_catalogue
