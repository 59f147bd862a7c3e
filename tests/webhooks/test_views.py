"""/seller/webhooks/: the seller portal pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comeback.webhooks import services
from comeback.webhooks.models import WebhookDelivery, WebhookSubscription


@pytest.fixture
def browser(seller):
    client = Client()
    client.force_login(seller.user)
    return client


@pytest.fixture
def sub(seller, receiver):
    return services.create_subscription(
        seller=seller, url=receiver.url, events=["*"], description="ERP"
    ).subscription


def test_given_a_visitor_when_opening_webhooks_then_it_is_sent_to_log_in(db):
    response = Client().get(reverse("webhooks:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_given_a_buyer_when_opening_webhooks_then_403(buyer):
    client = Client()
    client.force_login(buyer)
    assert client.get(reverse("webhooks:list")).status_code == 403


def test_given_a_seller_when_it_adds_an_endpoint_then_the_secret_is_shown_once(browser, seller):
    response = browser.post(
        reverse("webhooks:list"),
        {"url": "https://hooks.example.com/in", "events": ["order.created", "review.posted"]},
    )
    assert response.status_code == 201
    sub = WebhookSubscription.objects.get(seller=seller)
    assert sub.events == ["order.created", "review.posted"]
    assert sub.secret in response.content.decode()
    listing = browser.get(reverse("webhooks:list")).content.decode()
    assert "https://hooks.example.com/in" in listing and sub.secret not in listing
    assert sub.secret not in browser.get(reverse("webhooks:detail", args=[sub.pk])).content.decode()


def test_given_an_http_url_when_added_then_the_error_shows_next_to_the_url(browser, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = browser.post(reverse("webhooks:list"), {"url": "http://hooks.example.com/in", "events": ["*"]})
    assert response.status_code == 422
    assert response.context["form"].errors["url"] == ["Use an https:// URL."]
    assert not WebhookSubscription.objects.exists()


def test_given_no_event_chosen_when_added_then_422(browser):
    response = browser.post(reverse("webhooks:list"), {"url": "https://hooks.example.com/in"})
    assert response.status_code == 422 and "events" in response.context["form"].errors


def test_given_a_subscription_when_the_seller_sends_a_test_then_the_log_shows_it_succeeded(
    browser, sub, receiver
):
    response = browser.post(reverse("webhooks:test", args=[sub.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "Test event delivered (HTTP 200)." in page
    assert "ping" in page and "badge-success" in page
    assert len(receiver.requests) == 1


def test_given_a_delivery_log_when_filtered_by_status_then_only_those_rows_show(browser, sub, seller):
    services.fan_out(topic="order.created", event_id=1, payload={"seller_id": seller.pk})
    services.fan_out(topic="review.posted", event_id=2, payload={"seller_id": seller.pk})
    WebhookDelivery.objects.filter(event_id="evt_2").update(
        status="gave_up", next_attempt_at=None, attempts=8
    )
    page = browser.get(reverse("webhooks:detail", args=[sub.pk]), {"status": "gave_up"}).content.decode()
    assert "review.posted" in page and "order.created" not in page and "Redeliver" in page


def test_given_a_subscription_when_paused_resumed_and_deleted_then_each_step_applies(browser, sub):
    browser.post(reverse("webhooks:toggle", args=[sub.pk]))
    sub.refresh_from_db()
    assert not sub.is_active
    browser.post(reverse("webhooks:toggle", args=[sub.pk]))
    sub.refresh_from_db()
    assert sub.is_active
    response = browser.post(reverse("webhooks:delete", args=[sub.pk]))
    assert response.status_code == 302 and not WebhookSubscription.objects.exists()


def test_given_a_given_up_delivery_when_redelivered_from_the_log_then_it_is_queued_again(
    browser, sub, seller
):
    [pk] = services.fan_out(topic="order.created", event_id=1, payload={"seller_id": seller.pk})
    WebhookDelivery.objects.filter(pk=pk).update(status="gave_up", next_attempt_at=None, attempts=8)
    browser.post(reverse("webhooks:redeliver", args=[sub.pk, pk]))
    assert WebhookDelivery.objects.get(pk=pk).status == "pending"


@pytest.mark.parametrize(
    "name, method, extra",
    [
        ("detail", "get", []),
        ("test", "post", []),
        ("toggle", "post", []),
        ("delete", "post", []),
        ("redeliver", "post", ["delivery"]),
    ],
)
def test_given_another_sellers_subscription_when_opened_then_404(
    other_seller, sub, seller, name, method, extra
):
    [pk] = services.fan_out(topic="order.created", event_id=1, payload={"seller_id": seller.pk})
    client = Client()
    client.force_login(other_seller.user)
    args = [sub.pk] + ([pk] if extra else [])
    assert getattr(client, method)(reverse(f"webhooks:{name}", args=args)).status_code == 404
    sub.refresh_from_db()
    assert sub.is_active and WebhookDelivery.objects.filter(pk=pk, status="pending").exists()


def test_given_a_buyer_when_posting_to_a_sellers_subscription_then_403(buyer, sub):
    client = Client()
    client.force_login(buyer)
    assert client.post(reverse("webhooks:delete", args=[sub.pk])).status_code == 403
    assert WebhookSubscription.objects.filter(pk=sub.pk).exists()
