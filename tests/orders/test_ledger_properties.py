"""Ledger invariants as properties (docs/design.md §2 Orders "Fees"; §5 property tests): every event's entries
sum to zero, hence every order's; the buyer fee never exceeds 2% of the basket; fee shares and
commissions never lose or invent a minor unit."""

from __future__ import annotations

import uuid
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comeback.core.models import Market
from comeback.orders import fees, ledger
from comeback.orders.models import LedgerEntry, OrderLine
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import fulfilment
from tests.factories import OfferFactory, SellerFactory, UserFactory

from .helpers import ADDRESS, walk

prices = st.lists(st.integers(min_value=1, max_value=10_000_000), min_size=1, max_size=12)
bps = st.integers(min_value=0, max_value=10_000)


@given(prices, bps)
def test_the_buyer_fee_never_exceeds_two_percent_of_the_basket(line_prices, rate):
    basket = sum(line_prices)
    fee = fees.buyer_fee(basket, rate)
    assert 0 <= fee <= basket * 2 // 100
    if rate <= 200:
        assert abs(fee * 10_000 - basket * rate) <= 5_000 or fee == basket * 2 // 100


@given(prices, st.integers(min_value=0, max_value=10**9))
def test_fee_shares_add_up_to_the_fee_exactly(line_prices, total):
    shares = fees.share(total, line_prices)
    assert sum(shares) == total
    assert all(s >= 0 for s in shares)


@given(prices, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=5000), st.data())
def test_payment_then_any_refunds_always_sum_to_zero_and_balances_match(
    line_prices, fee_bps, commission_bps, data
):
    fee = fees.buyer_fee(sum(line_prices), fee_bps)
    shares = fees.share(fee, line_prices)
    refunded = data.draw(st.sets(st.integers(min_value=0, max_value=len(line_prices) - 1)))
    totals: dict[str, int] = defaultdict(int)
    for i, (price, share) in enumerate(zip(line_prices, shares, strict=True)):
        commission = fees.commission(price, commission_bps)
        assert 0 <= commission <= price
        postings = ledger.payment_postings(seller_id=i % 3, price=price, fee=share, commission=commission)
        if i in refunded:
            postings += ledger.refund_postings(seller_id=i % 3, price=price, fee=share, commission=commission)
        assert sum(p.amount for p in postings) == 0
        for p in postings:
            totals[p.account] += p.amount
    assert sum(totals.values()) == 0
    kept = [i for i in range(len(line_prices)) if i not in refunded]
    assert -totals[ledger.BUYER_PAYMENTS] - totals[ledger.REFUNDS] == sum(
        line_prices[i] + shares[i] for i in kept
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    basket=st.lists(
        st.tuples(st.integers(0, 2), st.integers(1, 3), st.integers(100, 500_000)),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    fee_bps=st.integers(0, 200),
    cancel_first=st.booleans(),
    deliver_and_pay_out=st.booleans(),
)
def test_given_any_checkout_with_cancellations_and_payouts_then_each_orders_entries_sum_to_zero(
    db, django_capture_on_commit_callbacks, basket, fee_bps, cancel_first, deliver_and_pay_out
):
    Market.objects.filter(code="FR").update(buyer_fee_bps=fee_bps)
    from comeback.core import markets

    markets.clear_cache()
    buyer = UserFactory(email=f"{uuid.uuid4().hex}@example.test")
    sellers = [SellerFactory(user=UserFactory(email=f"{uuid.uuid4().hex}@example.test")) for _ in range(3)]
    for seller_index, quantity, price in basket:
        offer = OfferFactory(seller=sellers[seller_index], price_amount=price, quantity=5)
        cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=quantity)
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout_service.checkout(
            buyer=buyer,
            market_code="FR",
            idempotency_key=uuid.uuid4().hex,
            shipping_address=ADDRESS,
            payment_method="4242424242424242",
        ).order
        lines = list(OrderLine.objects.filter(order=order).select_related("order__buyer", "seller"))
        if cancel_first:
            fulfilment.buyer_cancel_line(buyer=buyer, line_id=lines[0].pk)
        if deliver_and_pay_out:
            from datetime import timedelta

            from comeback.core import clock
            from comeback.orders.services.payouts import run_payouts

            for line in lines[1:]:
                walk(line, "delivered")
            run_payouts(at=clock.now() + timedelta(days=11))

    assert order.fee_amount <= order.items_amount * 2 // 100
    sums = ledger.order_sums(order.pk)
    assert sums == {"EUR": 0}
    entries = LedgerEntry.objects.filter(order=order)
    assert sum(e.amount for e in entries if e.account.startswith("seller:")) >= 0
