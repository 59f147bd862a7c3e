"""Query budgets of the help desk: staff's open and answered tickets cost the same queries for a few or many."""

from __future__ import annotations

import pytest

from comeback.help import services
from comeback.help.models import TicketTopic

from ..budgets import assert_flat_page
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _tickets(n: int, *, answered_by=None) -> None:
    """n tickets, every other one from a signed-in customer; answered by `answered_by` when given."""
    topics = TicketTopic.values
    for i in range(n):
        user = UserFactory() if i % 2 == 0 else None
        ticket = services.open_ticket(
            email=user.email if user else f"visitor{i}@example.test",
            name="Ada",
            topic=topics[i % len(topics)],
            subject=f"Question {i}",
            message="Where is my parcel?",
            market="FR",
            user=user,
        )
        if answered_by is not None:
            services.answer_ticket(ticket_id=ticket.pk, staff=answered_by, answer="It left this morning.")


@pytest.mark.parametrize("status", ["open", "answered"])
def test_given_more_tickets_when_staff_open_the_help_desk_then_the_queries_do_not_grow(client, staff, status):
    # given open or answered tickets, a few then more
    client.force_login(staff)
    answered_by = staff if status == "answered" else None
    # when staff open the help desk on that tab, then the queries do not grow
    assert_flat_page(
        client, f"/staff/help/?status={status}", lambda n: _tickets(n, answered_by=answered_by), budget=8
    )
