"""`/api/v1/seller/webhooks`: CRUD, the secret shown once, validation, and who may see what."""

from __future__ import annotations

import pytest

from comeback.webhooks import services
from comeback.webhooks.models import WebhookDelivery, WebhookSubscription

BASE = "/api/v1/seller/webhooks"


@pytest.fixture
def seller_api(api, seller):
    return api.as_(seller.user)


def _create(client, **overrides):
    body = {
        "url": "https://hooks.example.com/comeback",
        "events": ["order.line.paid", "return.requested"],
    } | overrides
    return client.post(BASE, body)


def test_given_a_seller_when_it_subscribes_then_the_secret_is_shown_once(seller_api, seller):
    created = _create(seller_api, description="ERP").expect(201)
    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["order.line.paid", "return.requested"] and created["active"] is True
    assert WebhookSubscription.objects.get(pk=created["id"]).secret == created["secret"]

    listed = seller_api.get(BASE).expect(200)["items"]
    fetched = seller_api.get(f"{BASE}/{created['id']}").expect(200)
    assert [s["id"] for s in listed] == [created["id"]]
    assert "secret" not in listed[0] and "secret" not in fetched
    assert created["secret"] not in str(listed) + str(fetched)


def test_given_all_events_when_subscribing_with_a_star_then_it_is_stored_as_the_star(seller_api):
    assert _create(seller_api, events=["order.created", "*"]).expect(201)["events"] == ["*"]


def test_given_a_subscription_when_patched_then_only_the_sent_fields_change(seller_api):
    created = _create(seller_api).expect(201)
    patched = seller_api.patch(
        f"{BASE}/{created['id']}", {"active": False, "events": ["review.posted"]}
    ).expect(200)
    assert patched["active"] is False and patched["events"] == ["review.posted"]
    assert patched["url"] == created["url"]


def test_given_a_subscription_when_deleted_then_it_and_its_log_are_gone(seller_api, seller):
    created = _create(seller_api).expect(201)
    services.fan_out(topic="order.line.paid", event_id=5, payload={"seller_id": seller.pk})
    seller_api.delete(f"{BASE}/{created['id']}").expect(204)
    seller_api.get(f"{BASE}/{created['id']}").expect(404)
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "url, code",
    [
        ("http://hooks.example.com/x", "url_not_https"),
        ("ftp://hooks.example.com/x", "invalid_url"),
        ("not a url", "invalid_url"),
        ("https://", "invalid_url"),
        ("https://user:pw@hooks.example.com/x", "url_has_credentials"),
        ("https://10.1.2.3/x", "url_private_address"),
        ("https://169.254.169.254/latest/meta-data", "url_private_address"),
        ("https://[::1]/x", "url_private_address"),
        ("https://localhost/x", "url_private_address"),
        ("https://hooks.example.com:99999/x", "invalid_url"),
        ("https://example.com/" + "a" * 600, "too_long"),
    ],
)
def test_given_a_bad_or_private_url_when_subscribing_then_422_names_the_url(seller_api, settings, url, code):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    problem = _create(seller_api, url=url).expect(422)
    assert problem["errors"][0]["field"] == "url" and problem["errors"][0]["code"] == code


def test_given_local_targets_allowed_when_subscribing_to_plain_http_localhost_then_it_is_accepted(seller_api):
    assert (
        _create(seller_api, url="http://127.0.0.1:8123/hooks").expect(201)["url"]
        == "http://127.0.0.1:8123/hooks"
    )


@pytest.mark.parametrize(
    "events, code",
    [(["order.exploded"], "unknown_event"), ([], "events_required"), (["ping"], "unknown_event")],
)
def test_given_unknown_or_no_events_when_subscribing_then_422_names_events(seller_api, events, code):
    problem = _create(seller_api, events=events).expect(422)
    assert problem["errors"][0]["field"] == "events" and problem["code"] == code


def test_given_a_malformed_body_when_subscribing_then_422_names_the_field(seller_api):
    problem = seller_api.post(BASE, {"url": "https://hooks.example.com", "events": "order.created"}).expect(
        422
    )
    assert problem["errors"][0]["field"] == "events"
    assert seller_api.post(BASE, {"events": ["*"]}).expect(422)["errors"][0]["field"] == "url"


def test_given_a_null_url_when_patching_then_422(seller_api):
    created = _create(seller_api).expect(201)
    assert (
        seller_api.patch(f"{BASE}/{created['id']}", {"url": None}).expect(422)["errors"][0]["field"] == "url"
    )


def test_given_a_seller_at_the_cap_when_it_subscribes_again_then_409(seller_api, seller):
    for i in range(services.MAX_SUBSCRIPTIONS_PER_SELLER):
        services.create_subscription(seller=seller, url=f"https://hooks.example.com/{i}", events=["*"])
    assert _create(seller_api).expect(409)["code"] == "webhook_limit"


def test_given_deliveries_when_the_log_is_read_then_newest_first_with_status_filter(seller_api, seller):
    created = _create(seller_api, events=["*"]).expect(201)
    for event_id in (1, 2, 3):
        services.fan_out(
            topic="order.created", event_id=event_id, payload={"seller_id": seller.pk, "order_id": event_id}
        )
    log = seller_api.get(f"{BASE}/{created['id']}/deliveries").expect(200)["items"]
    assert [d["event_id"] for d in log] == ["evt_3", "evt_2", "evt_1"]
    assert (
        log[0]["type"] == "order.created"
        and log[0]["status"] == "pending"
        and log[0]["data"]["order_id"] == 3
    )
    assert (
        seller_api.get(f"{BASE}/{created['id']}/deliveries", {"status": "succeeded"}).expect(200)["items"]
        == []
    )
    seller_api.get(f"{BASE}/{created['id']}/deliveries", {"status": "nope"}).expect(422)
    seller_api.get(f"{BASE}/{created['id']}/deliveries", {"page": 0}).expect(422)


def test_given_a_live_endpoint_when_the_seller_sends_a_test_then_the_ping_is_delivered(seller_api, receiver):
    created = _create(seller_api, url=receiver.url).expect(201)
    ping = seller_api.post(f"{BASE}/{created['id']}/test").expect(201)
    assert ping["type"] == "ping" and ping["status"] == "succeeded" and ping["last_status_code"] == 200
    assert ping["event_id"].startswith("evt_test_") and len(receiver.requests) == 1


def test_given_a_given_up_delivery_when_redelivered_then_it_is_pending_again_and_sent(
    seller_api, seller, receiver
):
    created = _create(seller_api, url=receiver.url, events=["*"]).expect(201)
    [pk] = services.fan_out(topic="order.created", event_id=8, payload={"seller_id": seller.pk})
    WebhookDelivery.objects.filter(pk=pk).update(status="gave_up", attempts=8, next_attempt_at=None)
    again = seller_api.post(f"{BASE}/{created['id']}/deliveries/{pk}/redeliver").expect(202)
    assert again["status"] == "pending" and again["attempts"] == 0
    assert services.deliver_due()["succeeded"] == 1 and len(receiver.requests) == 1
    problem = seller_api.post(f"{BASE}/{created['id']}/deliveries/{pk}/redeliver").expect(202)
    assert problem["status"] == "pending"  # a succeeded delivery may be replayed too
    assert (
        seller_api.post(f"{BASE}/{created['id']}/deliveries/999999/redeliver").expect(404)["code"]
        == "delivery_not_found"
    )


def test_given_a_pending_delivery_when_redelivered_then_409(seller_api, seller):
    created = _create(seller_api, events=["*"]).expect(201)
    [pk] = services.fan_out(topic="order.created", event_id=8, payload={"seller_id": seller.pk})
    assert seller_api.post(f"{BASE}/{created['id']}/deliveries/{pk}/redeliver").expect(409)["code"] == (
        "delivery_transition_refused"
    )


# --- who may see what --------------------------------------------------------------------------------

ROUTES = [
    ("get", "{base}/{id}", None),
    ("patch", "{base}/{id}", {"active": False}),
    ("delete", "{base}/{id}", None),
    ("get", "{base}/{id}/deliveries", None),
    ("post", "{base}/{id}/test", None),
    ("post", "{base}/{id}/deliveries/{delivery}/redeliver", None),
]


ALL_ROUTES = [
    *ROUTES,
    ("get", "{base}", None),
    ("post", "{base}", {"url": "https://hooks.example.com/b", "events": ["*"]}),
]


@pytest.fixture
def owned(seller):
    created = services.create_subscription(seller=seller, url="https://hooks.example.com/a", events=["*"])
    [delivery] = services.fan_out(topic="order.created", event_id=1, payload={"seller_id": seller.pk})
    WebhookDelivery.objects.filter(pk=delivery).update(status="gave_up", next_attempt_at=None)
    return created.subscription, delivery


def _call(client, method, template, body, owned):
    path = template.format(base=BASE, id=owned[0].pk, delivery=owned[1])
    if method in ("patch", "post"):
        return getattr(client, method)(path, body)
    return getattr(client, method)(path)


@pytest.mark.parametrize("method, template, body", ROUTES)
def test_given_another_sellers_subscription_when_touched_then_404(
    api, other_seller, owned, method, template, body
):
    problem = _call(api.as_(other_seller.user), method, template, body, owned).expect(404)
    assert problem["code"] == "webhook_not_found"
    assert WebhookSubscription.objects.get(pk=owned[0].pk).is_active


@pytest.mark.parametrize("method, template, body", ALL_ROUTES)
def test_given_a_buyer_token_when_calling_seller_webhooks_then_403(api, buyer, owned, method, template, body):
    # refused before the body is read: this account owns no shop
    assert _call(api.as_(buyer), method, template, body, owned).expect(403)["code"] == "not_a_seller"


def test_given_a_seller_token_without_the_seller_scope_when_listing_then_403(api, seller):
    assert api.as_(seller.user, scopes=["buyer"]).get(BASE).expect(403)["code"] == "missing_scope"


@pytest.mark.parametrize("method, template, body", ALL_ROUTES)
def test_given_no_token_when_calling_seller_webhooks_then_401(api, owned, method, template, body):
    _call(api, method, template, body, owned).expect(401)


def test_given_another_seller_when_listing_then_it_sees_only_its_own(api, other_seller, owned):
    assert api.as_(other_seller.user).get(BASE).expect(200)["items"] == []


def test_given_control_characters_when_subscribing_then_422_not_a_crash(seller_api):
    assert _create(seller_api, description="a\x00b").expect(422)["errors"][0]["field"] == "description"
    assert (
        _create(seller_api, url="https://hooks.example.com/\x00").expect(422)["errors"][0]["field"] == "url"
    )


def test_given_an_id_beyond_any_integer_when_fetched_then_404(seller_api):
    seller_api.get(f"{BASE}/{10**30}").expect(404)
