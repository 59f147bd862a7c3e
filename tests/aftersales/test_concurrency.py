"""Real threads racing on one claim and on the last unit of a listing (docs/design.md §5): guarded updates and the
conditional stock decrement keep exactly one winner on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from comeback.aftersales import services
from comeback.aftersales.models import Claim, ClaimStatus
from comeback.core.problems import Conflict
from comeback.offers.models import Offer
from comeback.orders.models import Refund
from tests.concurrency import race
from tests.factories import OfferFactory, VariantFactory

from .conftest import T0
from .factories import delivered_line, open_claim

pytestmark = pytest.mark.django_db(transaction=True)


def test_given_two_answers_at_once_when_they_race_then_one_wins_and_the_unit_is_refunded_at_most_once(
    clock_at, buyer, seller
):
    with clock_at(T0):
        claim = open_claim(delivered_line(buyer=buyer, seller=seller, at=T0))
        answers = [
            services.AnswerDraft(resolution="refund"),
            services.AnswerDraft(resolution="remote_assistance", note="Restart it holding both buttons."),
        ]
        results = race(
            [lambda d=d: services.answer_claim(seller=seller, claim_id=claim.pk, draft=d) for d in answers]
        )
    won = [r for r in results if isinstance(r, Claim)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and len(lost) == 1 and isinstance(lost[0], Conflict), results
    claim.refresh_from_db()
    assert claim.resolution == won[0].resolution
    assert Refund.objects.count() == (1 if claim.status == ClaimStatus.RESOLVED else 0)


def test_given_two_replacements_from_the_last_unit_when_they_race_then_one_ships_and_stock_never_goes_negative(
    clock_at, buyer, seller
):
    variant = VariantFactory()
    with clock_at(T0):
        claims = [
            open_claim(delivered_line(buyer=buyer, seller=seller, at=T0, variant=variant, grade=grade))
            for grade in ("good", "excellent")
        ]
        last = OfferFactory(seller=seller, variant=variant, grade="premium", quantity=1)
        drafts = [
            services.AnswerDraft(
                resolution="replace",
                replacement_offer_id=last.pk,
                replacement_imei=imei,
                tracking_number="SWAP123456",
                carrier="DHL",
            )
            for imei in ("356938035643809", "490154203237518")
        ]
        results = race(
            [
                lambda c=c, d=d: services.answer_claim(seller=seller, claim_id=c.pk, draft=d)
                for c, d in zip(claims, drafts, strict=True)
            ]
        )
    won = [r for r in results if isinstance(r, Claim)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1 and len(lost) == 1, results
    assert isinstance(lost[0], Conflict) and lost[0].code == "out_of_stock"
    assert Offer.objects.get(pk=last.pk).quantity == 0
    assert Claim.objects.filter(status=ClaimStatus.OPEN).count() == 1
