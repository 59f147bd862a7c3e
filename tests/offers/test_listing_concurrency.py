"""Two requests change one listing's status at the same moment: one process table, one guarded write."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.offers.models import Offer, OfferStatus
from tests.concurrency import race
from tests.factories import OfferFactory, SellerFactory, UserFactory


def _race(url: str, token: str, bodies: list[dict]) -> list[tuple[int, str | None]]:
    def patch(body: dict):
        def send() -> tuple[int, str | None]:
            reply = Client().patch(
                url,
                json.dumps(body),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}"},
            )
            return reply.status_code, (
                json.loads(reply.content).get("code") if reply.status_code >= 400 else None
            )

        return send

    results = race([patch(b) for b in bodies])
    assert not any(isinstance(r, Exception) for r in results), results
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_a_pause_and_a_withdrawal_at_once_when_both_land_then_never_a_500_and_the_state_is_consistent():
    seller = SellerFactory(user=UserFactory(email="racer@example.test"))
    token = issue_token(user=seller.user, scopes=["seller"]).secret
    for _round in range(4):
        offer = OfferFactory(
            seller=seller, grade=["premium", "excellent", "good", "fair"][_round], battery_health_min=95
        )
        (paused, pause_code), (withdrawn, withdraw_code) = _race(
            f"/api/v1/seller/listings/{offer.pk}", token, [{"status": "paused"}, {"status": "withdrawn"}]
        )
        final = Offer.objects.get(pk=offer.pk).status

        assert {paused, withdrawn} <= {200, 409}, (paused, withdrawn)
        assert 200 in {paused, withdrawn}
        # Withdrawal is final: if it succeeded the listing is withdrawn whatever the order; if it lost the
        # race it was refused with a code naming why, and the pause stands.
        if withdrawn == 200:
            assert final == OfferStatus.WITHDRAWN
            assert paused == 200 or pause_code in {
                "listing_withdrawn",
                "listing_state_changed",
                "invalid_transition",
            }
        else:
            assert final == OfferStatus.PAUSED and withdraw_code == "listing_state_changed"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_a_resume_and_a_withdrawal_at_once_when_both_land_then_a_withdrawn_listing_is_never_resurrected():
    seller = SellerFactory(user=UserFactory(email="racer2@example.test"))
    token = issue_token(user=seller.user, scopes=["seller"]).secret
    for grade in ("good", "fair"):
        offer = OfferFactory(seller=seller, grade=grade, status=OfferStatus.PAUSED)
        (resumed, _c1), (withdrawn, _c2) = _race(
            f"/api/v1/seller/listings/{offer.pk}", token, [{"status": "active"}, {"status": "withdrawn"}]
        )
        final = Offer.objects.get(pk=offer.pk).status
        assert {resumed, withdrawn} <= {200, 409}
        assert final == (OfferStatus.WITHDRAWN if withdrawn == 200 else OfferStatus.ACTIVE)
