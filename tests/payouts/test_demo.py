"""The payouts demo: the demo sellers' bank accounts, a past run with its SEPA file, and the bank's
statement reconciling it, one transfer sent back (its money back in the balance)."""

from __future__ import annotations

from comeback.orders import demo as orders_demo
from comeback.orders import ledger
from comeback.payouts import demo
from comeback.payouts.models import BankAccount, BankStatement, PayoutFile, PayoutRun, Transfer
from tests.orders.test_demo import demo_context


def test_given_the_orders_demo_when_the_payouts_hook_runs_then_a_reconciled_run_with_its_file_exists(db):
    ctx = demo_context()
    orders_demo.seed_demo(ctx)

    demo.seed_demo(ctx)

    assert BankAccount.objects.count() == len(ctx.sellers)
    run = PayoutRun.objects.get()
    assert run.status == "done" and run.run_date.day in (6, 16, 26)
    assert PayoutFile.objects.get(run=run).transfer_count == run.transfers.count() >= 1
    statement = BankStatement.objects.get()
    assert statement.matched_count == statement.entry_count - (run.transfers.count() > 1)
    statuses = sorted(Transfer.objects.values_list("status", flat=True))
    assert statuses[0] in ("failed", "paid") and "sent" not in statuses
    for seller in ctx.sellers.values():
        assert ledger.seller_balances(seller.pk).get("EUR", 0) >= 0

    demo.seed_demo(ctx)  # seeding again pays nothing twice
    assert PayoutRun.objects.count() == 1 and Transfer.objects.count() == len(statuses)


def test_given_the_orders_demo_when_the_invoices_hook_runs_then_every_paid_order_has_its_invoice(db):
    from comeback.invoices import demo as invoices_demo
    from comeback.invoices.models import Invoice
    from comeback.orders.models import Order

    ctx = demo_context()
    orders_demo.seed_demo(ctx)

    invoices_demo.seed_demo(ctx)
    invoices_demo.seed_demo(ctx)  # idempotent

    paid = Order.objects.filter(paid_at__isnull=False)
    assert Invoice.objects.filter(kind="sale").count() == sum(
        len(set(o.lines.values_list("seller_id", flat=True))) for o in paid
    )
    assert Invoice.objects.filter(kind="credit_note").exists()  # the demo's refunded return
