"""An offer's pages made stale right after its writer's commit (storefront/handlers.py): from where the writer
read that the offer shows when it hands that over (offers/events.py), else read here; the same pages either
way, and nothing of it stored with the event."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.core.models import OutboxEvent
from comeback.offers import events
from comeback.offers import services as offer_services
from comeback.storefront import handlers, pagecache
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def _place(offer) -> dict:
    product = offer.variant.product
    return events.place(product_id=product.pk, product_slug=product.slug, market=offer.market_id)


def test_given_an_offer_event_whose_writer_knew_where_it_shows_then_the_same_pages_go_stale_without_a_read():
    offer = OfferFactory()
    read = handlers.pages_of([{"offer_id": offer.pk, "seller_id": offer.seller_id}])

    with CaptureQueriesContext(connection) as captured:
        known = handlers.pages_of([{"offer_id": offer.pk, "seller_id": offer.seller_id, **_place(offer)}])

    assert known == read
    assert pagecache.product_gen_key(offer.variant.product.slug) in known
    assert captured.captured_queries == []


def test_given_events_of_two_offers_when_only_one_is_placed_then_the_other_is_read(django_assert_num_queries):
    placed, other = OfferFactory(), OfferFactory()

    with django_assert_num_queries(1):
        keys = handlers.pages_of([{"offer_id": placed.pk, **_place(placed)}, {"offer_id": other.pk}])

    assert keys == handlers.pages_of([{"offer_id": placed.pk}, {"offer_id": other.pk}])


@pytest.fixture
def database_tasks(settings):
    """The drain queued for a worker, as in production, not run in the writing process."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def test_given_a_reprice_when_it_commits_then_its_pages_go_stale_from_the_offer_it_read(
    django_capture_on_commit_callbacks, database_tasks
):
    offer = OfferFactory()
    page = pagecache.product_gen_key(offer.variant.product.slug)
    [before] = pagecache.current_generations([page])
    with django_capture_on_commit_callbacks() as callbacks:
        offer_services.update_listing(
            seller=offer.seller, offer_id=offer.pk, changes={"price": offer.price_amount + 100}
        )

    with CaptureQueriesContext(connection) as captured:
        for callback in callbacks:
            callback()

    assert pagecache.current_generations([page]) != [before]
    assert not any('"offers_offer"' in q["sql"] for q in captured.captured_queries)
    # What the writer knew reached the after-commit call only: the stored event is as emitted.
    stored = OutboxEvent.objects.filter(topic="offer.updated").latest("id")
    assert stored.payload == {"offer_id": offer.pk, "seller_id": offer.seller_id, "fields": ["price"]}
