"""The back office's background-work page and API: dead outbox events listed and replayed by staff only, the
scheduler's jobs with their last runs, the task queues (docs/deploy.md "Freshness and healing")."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from comeback.core import clock, outbox
from comeback.core.models import OutboxEvent, ScheduledJob
from tests.factories import SellerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/staff/backstage/"
LIST = "/api/v1/staff/outbox/dead"


@pytest.fixture
def dead_event():
    with transaction.atomic():
        return OutboxEvent.objects.create(
            topic="webhook.test",
            payload={"seller_id": 1},
            attempts=10,
            last_error="ConnectionError: receiver down",
            dead_at=clock.now(),
        )


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_given_a_dead_event_when_staff_open_the_page_then_it_is_listed_with_its_error_and_the_jobs(
    dead_event,
):
    ScheduledJob.objects.create(name="orders-sweep", last_succeeded_at=clock.now())

    page = _client(StaffFactory()).get(PAGE)

    assert page.status_code == 200
    body = page.content.decode()
    assert f"#{dead_event.pk}" in body and "receiver down" in body and "webhook.test" in body
    assert "orders-sweep" in body and "refresh-insights" in body  # every registered job, run or not
    assert "webhooks" in body  # the queues


def test_given_a_dead_event_when_staff_replay_it_from_the_page_then_it_is_delivered_and_recorded(
    dead_event, django_capture_on_commit_callbacks
):
    staff = StaffFactory(email="ops@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        response = _client(staff).post(PAGE, {"event_id": dead_event.pk})

    assert response.status_code == 302
    dead_event.refresh_from_db()
    # the immediate backend drained it
    assert dead_event.dead_at is None and dead_event.processed_at is not None
    assert dead_event.replayed_by == "ops@example.test" and dead_event.replayed_at is not None


def test_given_an_anonymous_visitor_when_opening_the_page_then_it_goes_to_login():
    response = _client().get(PAGE)
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("who", ["buyer", "seller"])
def test_given_a_non_staff_user_when_replaying_from_the_page_then_403_and_the_event_stays_dead(
    who, dead_event
):
    user = UserFactory() if who == "buyer" else SellerFactory().user
    assert _client(user).get(PAGE).status_code == 403
    assert _client(user).post(PAGE, {"event_id": dead_event.pk}).status_code == 403
    dead_event.refresh_from_db()
    assert dead_event.dead_at is not None


def test_given_staff_tokens_when_listing_and_replaying_over_the_api_then_the_event_comes_back_to_life(
    api, staff, dead_event
):
    page = api.as_(staff).get(LIST).expect(200)
    assert page["count"] == 1 and page["items"][0]["id"] == dead_event.pk
    assert page["items"][0]["last_error"] == "ConnectionError: receiver down"

    done = api.as_(staff).post(f"{LIST}/{dead_event.pk}/replay").expect(200)

    assert done == {"id": dead_event.pk, "replayed": True}
    assert api.as_(staff).get(LIST).expect(200)["count"] == 0
    problem = api.as_(staff).post(f"{LIST}/{dead_event.pk}/replay").expect(409)
    assert problem["code"] == "event_not_dead"
    assert api.as_(staff).post(f"{LIST}/999999/replay").expect(404)["code"] == "event_not_found"


@pytest.mark.parametrize("who", ["anonymous", "buyer", "seller"])
def test_given_the_wrong_actor_when_calling_the_dead_letter_api_then_refused_and_nothing_changes(
    api, who, buyer, seller, dead_event
):
    client = {"anonymous": api, "buyer": api.as_(buyer), "seller": api.as_(seller.user)}[who]
    status = 401 if who == "anonymous" else 403

    client.get(LIST).expect(status)
    client.post(f"{LIST}/{dead_event.pk}/replay").expect(status)

    dead_event.refresh_from_db()
    assert dead_event.dead_at is not None and dead_event.replayed_at is None


def test_given_events_that_are_merely_retrying_then_they_are_not_dead_letters():
    with transaction.atomic():
        outbox.emit("webhook.test", n=1)
    OutboxEvent.objects.update(processed_at=None, attempts=3)
    assert not outbox.dead_letters().exists()
