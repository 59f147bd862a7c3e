"""Paying the customer: only after activation lock off, a verified wipe certificate and a clean
block-list check; money to the bank account, recorded in the ledger; idempotent under retries and races."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import connection
from django.db.models import Sum

from comeback.core import clock
from comeback.core.problems import Conflict
from comeback.tradein import ledger
from comeback.tradein.models import BlockedDevice, LedgerEntry, PayoutStatus, TradeIn, TradeInPayout
from comeback.tradein.models import TradeInStatus as S
from comeback.tradein.payouts import PayoutError
from comeback.tradein.payouts.testing import TestPayoutProvider
from comeback.tradein.services import access, deadlines, inspection, orders, payouts, quotes
from tests.factories import UserFactory

from .factories import VALID_IMEI, BuybackOfferFactory, acceptance, partner, tradein, utc, wipe_draft


def block(identifier=VALID_IMEI):
    BlockedDevice.objects.create(identifier=identifier, reason="reported stolen", added_at=clock.now())


def test_given_a_validated_trade_in_without_lock_and_wipe_when_paying_then_409_names_what_is_missing(db):
    t = tradein("validated")
    with pytest.raises(Conflict) as refused:
        payouts.pay(ref=t.ref)
    assert refused.value.code == "payout_preconditions"
    assert refused.value.extra["missing"] == ["activation_lock", "wipe_certificate"]
    assert not TradeInPayout.objects.exists()


def test_given_a_failed_wipe_verification_when_paying_then_refused_until_a_verified_wipe_replaces_it(db):
    t = tradein("validated")
    op = access.Operator.refurbisher(t.seller)
    inspection.confirm_lock_off(op=op, ref=t.ref)
    failed = inspection.record_wipe(op=op, ref=t.ref, draft=wipe_draft(verification="failed"))
    with pytest.raises(Conflict):
        payouts.pay(ref=t.ref)
    passed = inspection.record_wipe(op=op, ref=t.ref, draft=wipe_draft())
    assert passed.ref != failed.ref and passed.verification == "passed"
    with pytest.raises(Conflict) as again:
        inspection.record_wipe(op=op, ref=t.ref, draft=wipe_draft())
    assert again.value.code == "wipe_already_recorded"
    assert payouts.pay(ref=t.ref).status == PayoutStatus.SENT


def test_given_a_ready_trade_in_when_paid_then_money_goes_to_the_account_and_the_ledger_balances(db):
    t = tradein("ready")
    payout = payouts.pay(ref=t.ref)
    t.refresh_from_db()
    assert (t.status, payout.status, payout.amount) == (S.PAID, PayoutStatus.SENT, 30000)
    assert TestPayoutProvider.transfers[payout.idempotency_key] == (30000, "EUR", "DE89370400440532013000")
    entries = LedgerEntry.objects.filter(tradein=t)
    assert entries.aggregate(s=Sum("amount"))["s"] == 0
    assert ledger.balance(ledger.refurbisher_account(t.seller_id), "EUR") == -30000
    assert ledger.balance(ledger.PAYOUTS, "EUR") == 30000
    assert t.paid_at <= t.payout_due_at


def test_given_a_validation_on_friday_then_payment_is_due_within_5_business_days(db):
    with time_machine.travel(utc(2026, 3, 6, 9, 0), tick=False):
        t = tradein("validated")
    assert t.payout_due_at == utc(2026, 3, 13, 23, 0)  # end of Friday 13 March, Paris time


def test_given_an_imei_blocked_after_acceptance_when_received_then_it_is_refused_and_never_paid(db):
    t = tradein("shipped")
    block()
    t = inspection.receive(op=access.Operator.refurbisher(t.seller), ref=t.ref)
    assert t.status == S.BLOCKED and t.block_reason == "reported stolen"
    with pytest.raises(Conflict):
        inspection.validate(op=access.Operator.refurbisher(t.seller), ref=t.ref)
    with pytest.raises(Conflict):
        payouts.pay(ref=t.ref)
    deadlines.sweep()
    assert not TradeInPayout.objects.exists() and not LedgerEntry.objects.exists()


def test_given_an_imei_blocked_after_validation_when_paying_then_it_is_blocked_and_never_paid(db):
    t = tradein("ready")
    block()
    assert payouts.pay(ref=t.ref) is None
    t.refresh_from_db()
    assert t.status == S.BLOCKED
    assert (
        payouts.run_due() == [] and not TradeInPayout.objects.exists() and TestPayoutProvider.transfers == {}
    )


def test_given_the_bank_unreachable_when_paying_then_it_fails_softly_and_a_retry_pays_once(db, monkeypatch):
    t = tradein("ready")
    real_send = TestPayoutProvider.send

    def flaky(self, **kw):
        raise PayoutError("timeout")

    monkeypatch.setattr(TestPayoutProvider, "send", flaky)
    failed = payouts.pay(ref=t.ref)
    assert (failed.status, failed.attempts, failed.last_error) == (PayoutStatus.FAILED, 1, "timeout")
    assert TradeIn.objects.get(pk=t.pk).status == S.VALIDATED
    monkeypatch.setattr(TestPayoutProvider, "send", real_send)
    assert [p.pk for p in payouts.run_due()] == [failed.pk]
    assert payouts.pay(ref=t.ref).status == PayoutStatus.SENT  # a retry after success changes nothing
    assert LedgerEntry.objects.filter(tradein=t).count() == 2 and len(TestPayoutProvider.transfers) == 1


@pytest.mark.django_db(transaction=True)
def test_given_many_retries_racing_when_paying_one_trade_in_then_one_transfer_and_one_set_of_entries():
    t = tradein("ready", customer=UserFactory(email="racer@example.test"))
    barrier = threading.Barrier(6)
    results: list = []

    def attempt():
        try:
            barrier.wait()
            results.append(payouts.pay(ref=t.ref).status)
        except Conflict as exc:  # lost the guarded move: someone else paid
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 6
    assert TradeInPayout.objects.filter(tradein=t).count() == 1
    assert TradeInPayout.objects.get(tradein=t).status == PayoutStatus.SENT
    assert LedgerEntry.objects.filter(tradein=t).count() == 2
    assert len(TestPayoutProvider.transfers) == 1
    assert TradeIn.objects.get(pk=t.pk).status == S.PAID


@pytest.mark.django_db(transaction=True)
def test_given_the_last_precondition_recorded_when_it_commits_then_the_customer_is_paid_without_waiting_for_a_sweep():
    t = tradein("validated", customer=UserFactory(email="quick@example.test"))
    op = access.Operator.refurbisher(t.seller)
    inspection.confirm_lock_off(op=op, ref=t.ref)
    assert TradeIn.objects.get(pk=t.pk).status == S.VALIDATED
    inspection.record_wipe(op=op, ref=t.ref, draft=wipe_draft())
    assert TradeIn.objects.get(pk=t.pk).status == S.PAID  # the payout task ran on commit


def test_given_a_brand_bonus_and_a_store_commission_when_paid_then_the_partner_accounts_carry_them(db):
    brand = partner(kind="brand", slug="novaplay", bonus_bps=1000)
    offer = BuybackOfferFactory(price_amount=20000)
    brand.eligible_models.add(offer.product)
    customer = UserFactory()
    q = quotes.request_quote(
        product_id=offer.product_id,
        storage_gb=128,
        market="FR",
        user=customer,
        answers={
            "powers_on": True,
            "screen": "flawless",
            "body": "flawless",
            "functional": True,
            "accounts_removed": True,
        },
        partner="novaplay",
    )
    t = orders.accept_quote(ref=q.ref, acceptance=acceptance(), customer=customer)
    assert (t.partner, t.bonus_amount) == (brand, 2000)
    orders.mark_shipped(user=customer, ref=t.ref)
    op = access.Operator.refurbisher(offer.seller)
    inspection.receive(op=op, ref=t.ref)
    inspection.validate(op=op, ref=t.ref)
    inspection.confirm_lock_off(op=op, ref=t.ref)
    inspection.record_wipe(op=op, ref=t.ref, draft=wipe_draft())
    assert payouts.pay(ref=t.ref).amount == 22000
    assert ledger.balance(ledger.partner_account(brand.pk), "EUR") == -2000
    assert LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] == 0
