"""Payout runs on the 6th, 16th and 26th pay released balances once, whoever calls and however often; each
EUR run writes a pain.001.001.09 file valid against the XSD sepaxml ships (docs/payouts.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from defusedxml import ElementTree

from comeback.orders import ledger
from comeback.orders.models import Payout
from comeback.payouts.models import PayoutFile, PayoutRun, Transfer
from comeback.payouts.services import runs, sepa
from tests.concurrency import race
from tests.factories import OfferFactory

from .conftest import IBAN, RUN_DAY, bank_account, delivered

PAIN_001_XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2027, 3, 6), True),
        (date(2027, 3, 16), True),
        (date(2027, 3, 26), True),
        (date(2027, 3, 15), False),
        (date(2027, 3, 1), False),
    ],
)
def test_given_the_default_schedule_then_the_6th_16th_and_26th_are_payout_days(day, expected):
    assert runs.is_payout_day(day) is expected


def test_given_a_configured_schedule_then_it_is_followed(settings):
    settings.COMEBACK_PAYOUT_DAYS = (1, 15)
    assert runs.is_payout_day(date(2027, 3, 15)) and not runs.is_payout_day(date(2027, 3, 16))
    assert runs.next_payout_day(date(2027, 3, 15)) == date(2027, 4, 1)


def test_given_a_day_that_is_not_a_payout_day_then_the_run_does_nothing(buyer, offer, seller, clock_at):
    delivered(buyer, offer, clock_at)
    bank_account(seller)

    assert runs.run_due(at=RUN_DAY - timedelta(days=1)) is None
    assert not Payout.objects.exists() and not PayoutRun.objects.exists()


def test_given_released_lines_when_the_run_pays_then_a_valid_sepa_file_carries_the_net_amount(
    buyer, offer, seller, clock_at
):
    lines = delivered(buyer, offer, clock_at, n=2)
    bank_account(seller, holder="Refurb Élysée SAS")

    run = runs.run_due(at=RUN_DAY)

    transfer = Transfer.objects.get()
    assert (run.status, transfer.amount, transfer.status) == ("done", 2 * 27000, "sent")  # 10% commission off
    assert ledger.seller_balances(seller.pk) == {"EUR": 0}
    file = PayoutFile.objects.get()
    xmlschema.XMLSchema(PAIN_001_XSD).validate(file.content)
    doc = ElementTree.fromstring(file.content.encode())
    assert doc.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", NS).text == "1"
    assert doc.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text == "540.00"
    tx = doc.find("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", NS)
    assert tx.find("p:PmtId/p:EndToEndId", NS).text == transfer.end_to_end_id
    assert tx.find("p:CdtrAcct/p:Id/p:IBAN", NS).text == IBAN
    assert tx.find("p:Cdtr/p:Nm", NS).text == "Refurb Elysee SAS"  # SEPA's Latin character set
    assert doc.find("p:CstmrCdtTrfInitn/p:PmtInf/p:ReqdExctnDt/p:Dt", NS).text == "2027-03-16"
    assert {ln.pk for ln in transfer.payout.lines.all()} == {ln.pk for ln in lines}


def test_given_a_run_on_a_target2_holiday_then_the_bank_executes_it_the_next_business_day():
    assert sepa.execution_date(date(2027, 3, 26)) == date(2027, 3, 30)  # Good Friday, then Easter Monday
    assert sepa.execution_date(date(2027, 6, 26)) == date(2027, 6, 28)  # a Saturday


def test_given_the_same_day_when_the_run_is_called_again_then_nothing_is_paid_twice(
    buyer, offer, seller, clock_at
):
    delivered(buyer, offer, clock_at)
    bank_account(seller)

    first = runs.run_due(at=RUN_DAY)
    again = runs.run_due(at=RUN_DAY + timedelta(hours=5))

    assert again.pk == first.pk
    assert Transfer.objects.count() == 1 and PayoutFile.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_given_many_callers_at_once_when_the_run_starts_then_each_seller_is_paid_once(
    buyer, offer, other_offer, seller, other_seller, clock_at
):
    delivered(buyer, offer, clock_at, n=2)
    delivered(buyer, other_offer, clock_at, n=1)
    bank_account(seller)
    bank_account(other_seller, iban="DE89370400440532013000", bic="COBADEFFXXX")

    results = race([lambda: runs.run_due(at=RUN_DAY)] * 4)

    assert not [r for r in results if isinstance(r, Exception)]
    assert PayoutRun.objects.count() == 1 and PayoutFile.objects.count() == 1
    assert sorted(Transfer.objects.values_list("amount", flat=True)) == [12345 - 1235, 2 * 27000]
    assert PayoutFile.objects.get().control_sum == 12345 - 1235 + 2 * 27000
    assert ledger.seller_balances(seller.pk) == {"EUR": 0} and ledger.seller_balances(other_seller.pk) == {
        "EUR": 0
    }


def test_given_no_bank_account_then_the_balance_waits_for_one(buyer, offer, seller, clock_at):
    delivered(buyer, offer, clock_at)

    runs.run_due(at=RUN_DAY)

    assert not Payout.objects.exists() and not Transfer.objects.exists()
    assert ledger.seller_balances(seller.pk) == {"EUR": 27000}


def test_given_a_changed_account_then_the_run_inside_the_hold_skips_it_and_the_next_one_pays(
    buyer, offer, seller, clock_at
):
    delivered(buyer, offer, clock_at)
    bank_account(seller, payouts_held_until=RUN_DAY + timedelta(days=1))

    runs.run_due(at=RUN_DAY)
    assert not Transfer.objects.exists()

    runs.run_due(at=datetime(2027, 3, 26, 7, tzinfo=UTC))
    assert Transfer.objects.get().amount == 27000


def test_given_a_usd_balance_then_it_leaves_through_the_payout_provider(buyer, seller, clock_at):
    us_offer = OfferFactory(seller=seller, market_id="US", currency="USD", price_amount=50000, quantity=3)
    delivered(buyer, us_offer, clock_at, market="US")
    bank_account(seller, "USD")

    runs.run_due(at=RUN_DAY)

    transfer = Transfer.objects.get()
    assert (transfer.channel, transfer.currency, transfer.status) == ("provider", "USD", "sent")
    assert transfer.provider_ref.startswith("tpo_") and transfer.bank_account.provider_ref.startswith(
        "tacct_"
    )
    assert not PayoutFile.objects.exists()
