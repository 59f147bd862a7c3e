"""Currencies outside SEPA leave through the payout provider: the Stripe Connect adapter replays recorded
Stripe responses (no network), and a run settles its transfers from the provider's answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from comeback.core import outbox
from comeback.orders import ledger
from comeback.payouts.providers import FAILED, PAID, PENDING, ProviderError, use_provider
from comeback.payouts.providers.stripe_connect import StripeConnectProvider
from comeback.payouts.services import runs, sending
from tests.factories import OfferFactory
from tests.stripe_replay import RecordedStripe, client

from .conftest import RUN_DAY, bank_account, delivered

RECORDINGS = Path(__file__).parent / "stripe_recordings"
ACCOUNT = "acct_1QxConnect0001"
PAYOUT = "po_1QxPayout0001"


@pytest.fixture(autouse=True)
def _stripe_configured(settings):
    settings.COMEBACK_PAYOUT_PROVIDER = "stripe"


def stripe_connect(script) -> tuple[StripeConnectProvider, RecordedStripe]:
    http = RecordedStripe(script, RECORDINGS)
    return StripeConnectProvider(client=client(http)), http


@pytest.fixture
def usd_run_ready(buyer, seller, clock_at):
    offer = OfferFactory(seller=seller, market_id="US", currency="USD", price_amount=50000, quantity=3)
    delivered(buyer, offer, clock_at, market="US")
    return bank_account(seller, "USD", holder="Refurb Inc")


def test_given_a_us_account_when_connected_then_stripe_gets_a_custom_account_with_its_bank_account(
    usd_run_ready,
):
    provider, http = stripe_connect({("POST", "/v1/accounts"): [("account_created.json", 200)]})

    ref = provider.connect(account=usd_run_ready, email="seller@example.test", idempotency_key="CB-BA-1")

    assert ref == ACCOUNT
    sent = http.requests[0]
    assert sent["headers"]["Idempotency-Key"] == "CB-BA-1"
    assert sent["params"]["type"] == "custom" and sent["params"]["country"] == "US"
    assert sent["params"]["external_account[routing_number]"] == "111000025"
    assert sent["params"]["external_account[account_number]"] == "000123456789"
    assert sent["params"]["external_account[currency]"] == "usd"


def test_given_a_usd_run_when_paid_through_stripe_then_a_transfer_and_a_payout_leave_once(
    usd_run_ready, seller
):
    provider, http = stripe_connect(
        {
            ("POST", "/v1/accounts"): [("account_created.json", 200)],
            ("POST", "/v1/transfers"): [("transfer_created.json", 200)],
            ("POST", "/v1/payouts"): [("payout_pending.json", 200)],
            ("GET", f"/v1/payouts/{PAYOUT}"): [("payout_paid.json", 200)],
        }
    )
    use_provider(provider)

    runs.run_due(at=RUN_DAY)
    transfer = seller.transfers.get()
    assert (transfer.status, transfer.provider_ref, transfer.amount) == ("sent", PAYOUT, 45000)
    transfer_call, payout_call = http.requests[1], http.requests[2]
    assert transfer_call["params"] == {
        "amount": "45000",
        "currency": "usd",
        "destination": ACCOUNT,
        "transfer_group": transfer.end_to_end_id,
    }
    assert transfer_call["headers"]["Idempotency-Key"] == f"{transfer.end_to_end_id}:transfer"
    assert payout_call["headers"]["Stripe-Account"] == ACCOUNT
    assert payout_call["headers"]["Idempotency-Key"] == f"{transfer.end_to_end_id}:payout"

    assert sending.sync_sent(at=RUN_DAY) == {"paid": 1, "failed": 0}
    transfer.refresh_from_db()
    assert transfer.status == "paid"
    assert ledger.seller_balances(seller.pk) == {"USD": 0}


def test_given_a_payout_the_bank_refuses_then_the_transfer_fails_and_the_money_is_back(usd_run_ready, seller):
    provider, _ = stripe_connect(
        {
            ("POST", "/v1/accounts"): [("account_created.json", 200)],
            ("POST", "/v1/transfers"): [("transfer_created.json", 200)],
            ("POST", "/v1/payouts"): [("payout_pending.json", 200)],
            ("GET", f"/v1/payouts/{PAYOUT}"): [("payout_failed.json", 200)],
        }
    )
    use_provider(provider)
    runs.run_due(at=RUN_DAY)

    assert sending.sync_sent(at=RUN_DAY) == {"paid": 0, "failed": 1}
    outbox.drain()

    transfer = seller.transfers.get()
    assert (transfer.status, transfer.failure_code) == ("failed", "account_closed")
    assert transfer.last_error == "The bank account has been closed."
    assert ledger.seller_balances(seller.pk) == {"USD": 45000}
    assert any(m.subject == "Un virement a été retourné par votre banque" for m in mail.outbox)


def test_given_stripe_is_down_then_the_transfer_stays_pending_with_the_error_and_is_retried(
    usd_run_ready, seller
):
    provider, http = stripe_connect(
        {
            ("POST", "/v1/accounts"): [("account_created.json", 200)],
            ("POST", "/v1/transfers"): [("api_error.json", 500), ("transfer_created.json", 200)],
            ("POST", "/v1/payouts"): [("payout_pending.json", 200)],
        }
    )
    use_provider(provider)

    runs.run_due(at=RUN_DAY)
    transfer = seller.transfers.get()
    assert (transfer.status, transfer.attempts) == ("pending", 1) and "unknown error" in transfer.last_error

    assert sending.send_pending(at=RUN_DAY) == 1
    transfer.refresh_from_db()
    assert transfer.status == "sent"
    keys = [r["headers"]["Idempotency-Key"] for r in http.requests if r["path"] == "/v1/transfers"]
    assert keys == [f"{transfer.end_to_end_id}:transfer"] * 2  # the retry is the same transfer for Stripe
    assert [r["path"] for r in http.requests].count("/v1/accounts") == 1  # the account is remembered


def test_given_the_status_map_then_in_transit_is_pending_and_canceled_is_failed():
    result = StripeConnectProvider._result
    assert result({"id": "po", "status": "in_transit"}).status == PENDING
    assert result({"id": "po", "status": "canceled"}).status == FAILED
    assert result({"id": "po", "status": "paid"}).status == PAID


def test_given_no_secret_key_then_the_adapter_says_so(settings):
    settings.COMEBACK_STRIPE_SECRET_KEY = ""
    with pytest.raises(ProviderError, match="STRIPE_SECRET_KEY"):
        StripeConnectProvider().client  # noqa: B018
