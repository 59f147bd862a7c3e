"""Each staff decision refused from a status it cannot leave, and by an actor the process does not name: the
seller stays as it was, nothing is recorded and no event leaves (docs/design.md §5 "Processes")."""

from __future__ import annotations

import pytest

from comeback.core.models import OutboxEvent
from comeback.core.problems import Forbidden
from comeback.sellers.models import SellerDecision, SellerStatus
from comeback.sellers.processes import Actor
from comeback.sellers.services import decisions

from ..factories import SellerFactory

pytestmark = pytest.mark.django_db
S = SellerStatus

VERIFY = ("verify", "reject")


@pytest.mark.parametrize(
    ("decision", "status", "ground"),
    [
        ("verify", S.PROBATION, ""),
        ("verify", S.REMOVED, ""),
        ("reject", S.FULL, ""),
        ("approve", S.FULL, ""),
        ("approve", S.APPLIED, ""),
        ("extend", S.FULL, ""),
        ("extend", S.SUSPENDED, ""),
        ("remove", S.APPLIED, ""),
        ("remove", S.REJECTED, ""),
        ("remove", S.REMOVED, ""),
        ("remove", S.APPLIED, "illegal_content"),
        ("remove", S.REMOVED, "illegal_content"),
        ("suspend", S.SUSPENDED, ""),
        ("suspend", S.APPLIED, ""),
        ("reinstate", S.FULL, ""),
        ("reinstate", S.PROBATION, ""),
    ],
)
def test_given_a_seller_in_a_status_a_decision_cannot_leave_when_staff_take_it_then_409_and_nothing_moves(
    api, staff, decision, status, ground
):
    # given a seller in a status the decision cannot leave from
    seller = SellerFactory(status=status)
    events = OutboxEvent.objects.count()
    path = "verify" if decision in VERIFY else "decision"
    body = {"decision": decision, "reason": "Recorded for the audit."}
    if decision not in VERIFY:
        body |= {"days": 10, "ground": ground}
    # when staff take the decision
    problem = api.as_(staff).post(f"/api/v1/staff/sellers/{seller.pk}/{path}", body).expect(409)
    # then it is refused as a wrong state, and nothing changed
    assert problem["code"] == "invalid_transition"
    seller.refresh_from_db()
    assert seller.status == status and seller.removal_due_at is None
    assert not SellerDecision.objects.filter(seller=seller).exists()
    assert OutboxEvent.objects.count() == events


@pytest.mark.parametrize(
    ("decision", "status", "actor"),
    [
        ("reinstate", S.SUSPENDED, Actor.PLATFORM),
        ("approve", S.PROBATION, Actor.PLATFORM),
        ("suspend", S.FULL, Actor.SCHEDULE),
        ("remove", S.FULL, Actor.PLATFORM),
    ],
)
def test_given_a_decision_only_staff_take_when_another_actor_takes_it_then_403_and_nothing_moves(
    decision, status, actor
):
    # given a seller the decision could move
    seller = SellerFactory(status=status, status_before_suspension=S.FULL if status == S.SUSPENDED else "")
    # when an actor the process does not name takes it
    with pytest.raises(Forbidden) as refused:
        decisions.take(
            decisions.TABLE[decision], seller=seller, actor=actor, at=seller.created_at, reason="x"
        )
    # then it is refused as a wrong actor, and nothing changed
    assert refused.value.code == "actor_not_allowed"
    seller.refresh_from_db()
    assert seller.status == status
    assert not SellerDecision.objects.filter(seller=seller).exists()


def test_given_a_full_seller_when_the_platform_suspends_it_then_it_moves_and_remembers_where_it_was():
    # given a full seller
    seller = SellerFactory(status=S.FULL)
    # when the quality monitor suspends it
    d = decisions.suspend(seller=seller, reason="Defect rate.", at=seller.created_at, actor=Actor.PLATFORM)
    # then it is suspended, remembers its status, and the decision has no staff author
    seller.refresh_from_db()
    assert (seller.status, seller.status_before_suspension, seller.status_reason) == (
        S.SUSPENDED,
        S.FULL,
        "Defect rate.",
    )
    assert (d.kind, d.actor, d.from_status, d.to_status) == ("suspend", None, "full", "suspended")
