"""The insights bench's facts (bench/insights_facts.py): numbered here and written by COPY or executemany, they
must read back as the orders, ledger and payouts the dashboard reads; and --tenfold asks for ten times the sales
in a database of its own."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import insights_facts

import insights


def test_given_tenfold_when_parsed_then_ten_times_the_sales_go_to_a_database_of_their_own():
    args = insights.parse_args(["--tenfold"])
    assert (args.lines, args.sellers) == (300_000, 1_000)
    assert args.database_url == insights.TENFOLD_PG
    assert insights.parse_args(["--tenfold", "--lines", "20000"]).lines == 20_000


def test_given_a_database_not_named_for_insights_when_parsed_then_it_is_not_dropped(capsys):
    with pytest.raises(SystemExit):
        insights.parse_args(["--database-url", "postgres://postgres@127.0.0.1:5432/bench_tenfold"])
    assert "drops its database" in capsys.readouterr().err


@pytest.mark.django_db
def test_given_a_small_year_of_sales_when_built_then_every_fact_reads_back_whole():
    from django.db.models import Sum

    from comeback.orders.models import LedgerEntry, Order, OrderLine, Payment, Payout

    # given / when a small year of facts is built
    insights_facts.build(lines=600, sellers=12, days=364, rng=random.Random(3))
    # then each order has its payment and its line, and the ledger of every order sums to zero
    assert Order.objects.count() == Payment.objects.count() == OrderLine.objects.count() == 600
    assert not LedgerEntry.objects.values("order_id", "currency").annotate(s=Sum("amount")).exclude(s=0)
    assert LedgerEntry.objects.filter(kind="refund").exists()
    # and every line delivered more than 8 days ago is in its seller's payout, whose amount is their net sum
    paid_out = OrderLine.objects.filter(payout__isnull=False)
    assert paid_out.exists()
    for payout in Payout.objects.all()[:20]:
        lines = payout.lines.all()
        assert payout.amount == sum(line.price_amount - line.commission_amount for line in lines)
        assert {line.seller_id for line in lines} == {payout.seller_id}
    # and the application's next order gets a fresh key
    made = Order.objects.order_by("-pk").first()
    made.pk, made.ref, made.idempotency_key = None, "NEXT", "next"
    made.save()
    assert made.pk == 601
