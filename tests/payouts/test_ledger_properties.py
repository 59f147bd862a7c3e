"""The ledger stays balanced whatever happens around payouts (docs/payouts.md "The ledger"): runs, refunds
after a payout, transfers the bank sends back, runs again. Checked as properties (hypothesis)."""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comeback.orders import ledger
from comeback.orders.models import LedgerEntry, OrderLine
from comeback.orders.services import returns
from comeback.payouts import camt053
from comeback.payouts.models import Transfer, TransferStatus
from comeback.payouts.services import runs, statements
from tests.factories import OfferFactory, SellerFactory, UserFactory
from tests.orders.helpers import T0, place_order, walk

from .conftest import IBAN, RUN_DAY, bank_account

LATER_RUN = RUN_DAY + timedelta(days=10)  # the 26th
# Examples share the test's database and a run happens once per date: each example lives 40 days later.
_example = itertools.count()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prices=st.lists(st.integers(100, 200_000), min_size=1, max_size=4),
    refunded=st.sets(st.integers(0, 3), max_size=2),
    bank_returns=st.booleans(),
)
def test_given_runs_refunds_and_returned_transfers_then_every_entry_sums_to_zero_and_money_is_accounted(
    db, clock_at, prices, refunded, bank_returns
):
    shift = timedelta(days=40 * next(_example))
    buyer = UserFactory(email=f"{uuid.uuid4().hex}@example.test")
    seller = SellerFactory(user=UserFactory(email=f"{uuid.uuid4().hex}@example.test"))
    bank_account(seller)
    with clock_at(T0 + shift):
        for price in prices:
            order = place_order(buyer, OfferFactory(seller=seller, price_amount=price, quantity=1))
            walk(order.lines.select_related("order__buyer", "seller").get(), "delivered")
    lines = list(OrderLine.objects.filter(seller=seller).order_by("pk"))

    runs.run_due(at=RUN_DAY + shift, force=True)
    transfers = list(Transfer.objects.filter(seller=seller))
    if bank_returns and transfers:
        content = camt053.statement(
            transfers,
            message_id=uuid.uuid4().hex[:20],
            account_iban=IBAN,
            booked=(RUN_DAY + shift).date(),
            created_at=RUN_DAY + shift,
            returned={t.end_to_end_id: "AC04" for t in transfers},
        )
        statements.import_statement(content=content, at=RUN_DAY + shift)
    with clock_at(RUN_DAY + shift + timedelta(days=1)):  # 14 days after delivery: still returnable
        for i in sorted(refunded):
            if i < len(lines):
                ret = returns.request_return(buyer=buyer, order_id=lines[i].order_id, reason="changed_mind")[
                    0
                ]
                returns.receive_return(seller=seller, return_id=ret.pk)
                returns.refund_return(seller=seller, return_id=ret.pk)
    later = runs.run_due(at=LATER_RUN + shift, force=True)

    assert later.status == "done"
    assert LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] == 0
    assert all(ledger.order_sums(ln.order_id) == {"EUR": 0} for ln in lines)
    left = Transfer.objects.filter(seller=seller, status__in=[TransferStatus.SENT, TransferStatus.PAID])
    sent = left.aggregate(s=Sum("amount"))["s"] or 0
    earned = sum(ln.net_amount for ln in OrderLine.objects.filter(seller=seller).exclude(status="refunded"))
    assert ledger.seller_balances(seller.pk).get("EUR", 0) + sent == earned
    assert sent >= 0 and all(t.amount > 0 for t in left)
