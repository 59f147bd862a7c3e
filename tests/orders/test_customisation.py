"""Customisation: an add-on (a new strap, a case) attached to an item at checkout, shipped with it
(docs/fashion.md "Customisation")."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict, Invalid
from comeback.offers.models import Offer
from comeback.orders.models import CartItem, LineStatus, OrderLine
from comeback.orders.services import cart as cart_service
from comeback.orders.services import customise
from tests.concurrency import race
from tests.factories import UserFactory

from .helpers import checkout_body, key, walk, watch_with_addons


@pytest.fixture
def shop(seller):
    return watch_with_addons(seller)


def _attach(client, item_id, offer, quantity=1):
    return client.post(
        "/api/v1/cart/items", {"offer_id": offer.pk, "quantity": quantity, "attach_to": item_id}
    )


def test_given_a_watch_in_the_cart_when_a_strap_is_attached_and_bought_then_its_line_goes_with_the_watch(
    api, buyer, shop
):
    watch, strap, _any, _case = shop
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]

    cart = _attach(client, item_id, strap).expect(201)
    addon = next(i for i in cart["items"] if i["offer_id"] == strap.pk)
    assert addon["attached_to"] == item_id and addon["grade"] == "new"
    assert cart["items_amount"] == 29900 + 4900

    order = client.post("/api/v1/checkout", checkout_body(), headers=key()).expect(201)
    lines = {ln["offer_id"]: ln for f in order["fulfilments"] for ln in f["lines"]}
    assert lines[strap.pk]["attached_to"] == lines[watch.pk]["id"]
    assert lines[watch.pk]["attached_to"] is None
    assert Offer.objects.get(pk=strap.pk).quantity == 2  # taken through offers/stock.py with the watch
    assert client.get(f"/api/v1/orders/{order['id']}").expect(200)["fulfilments"] == order["fulfilments"]


def test_given_a_strap_declared_for_every_smartwatch_when_attached_to_a_watch_then_it_fits(api, buyer, shop):
    watch, _strap, any_watch, _case = shop
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]
    cart = _attach(client, item_id, any_watch).expect(201)
    assert {i["offer_id"]: i["attached_to"] for i in cart["items"]} == {watch.pk: None, any_watch.pk: item_id}


def test_given_a_case_that_fits_nothing_of_it_when_attached_to_the_watch_then_422_naming_the_offer(
    api, buyer, shop
):
    watch, _strap, _any, case = shop
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]
    problem = _attach(client, item_id, case).expect(422)
    assert problem["code"] == "addon_not_compatible"
    assert problem["errors"][0]["field"] == "offer_id"
    assert not CartItem.objects.filter(offer=case).exists()


def test_given_a_strap_of_another_seller_when_attached_then_422_addon_other_seller(
    api, buyer, shop, other_seller
):
    watch, strap, _any, _case = shop
    foreign = Offer.objects.get(pk=strap.pk)
    foreign.pk, foreign.seller = None, other_seller
    foreign.save()
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]
    problem = _attach(client, item_id, foreign).expect(422)
    assert problem["code"] == "addon_other_seller" and problem["errors"][0]["field"] == "offer_id"


def test_given_a_sold_out_strap_when_attached_then_422_addon_out_of_stock(api, buyer, shop):
    watch, strap, _any, _case = shop
    Offer.objects.filter(pk=strap.pk).update(quantity=0)
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]
    problem = _attach(client, item_id, strap).expect(422)
    assert problem["code"] == "addon_out_of_stock" and problem["errors"][0]["field"] == "offer_id"


def test_given_one_watch_when_two_straps_are_attached_then_422_an_addon_never_outnumbers_its_item(
    api, buyer, shop
):
    watch, strap, _any, _case = shop
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]
    problem = _attach(client, item_id, strap, quantity=2).expect(422)
    assert problem["code"] == "addon_outnumbers_item" and problem["errors"][0]["field"] == "quantity"


def test_given_someone_elses_cart_item_when_attaching_to_it_then_422_and_nothing_is_added(api, buyer, shop):
    watch, strap, _any, _case = shop
    item_id = api.as_(buyer).post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]
    intruder = UserFactory(email="intruder@example.test")
    problem = _attach(api.as_(intruder), item_id, strap).expect(422)
    assert problem["code"] == "attach_to_not_in_cart" and problem["errors"][0]["field"] == "attach_to"
    assert CartItem.objects.filter(offer=strap).count() == 0


def test_given_a_watch_with_its_strap_when_the_watch_is_removed_or_lowered_then_the_strap_follows(
    api, buyer, shop
):
    watch, strap, _any, _case = shop
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk, "quantity": 2}).expect(201)["items"][
        0
    ]["id"]
    _attach(client, item_id, strap, quantity=2).expect(201)
    cart = client.patch(f"/api/v1/cart/items/{item_id}", {"quantity": 1}).expect(200)
    assert [i["quantity"] for i in cart["items"]] == [1, 1]
    assert client.delete(f"/api/v1/cart/items/{item_id}").expect(200)["items"] == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_one_watch_when_two_requests_race_to_attach_a_strap_then_exactly_one_is_attached(seller):
    watch, strap, _any, _case = watch_with_addons(seller)
    buyer = UserFactory(email="racer@example.test")
    main = cart_service.add_to_cart(user=buyer, offer_id=watch.pk, quantity=1)

    results = race(
        [lambda: customise.attach_addon(user=buyer, offer_id=strap.pk, attach_to=main.pk) for _ in range(2)]
    )

    won = [r for r in results if isinstance(r, CartItem)]
    refused = [r for r in results if isinstance(r, (Invalid, Conflict))]
    assert len(won) == 1 and len(refused) == 1, results
    assert list(CartItem.objects.filter(offer=strap).values_list("quantity", "attached_to")) == [(1, main.pk)]


def test_given_a_paid_watch_with_its_strap_when_the_seller_ships_the_watch_then_the_strap_ships_in_its_parcel(
    buyer, seller, shop
):
    watch, strap, _any, _case = shop
    main = cart_service.add_to_cart(user=buyer, offer_id=watch.pk)
    customise.attach_addon(user=buyer, offer_id=strap.pk, attach_to=main.pk)
    from .helpers import place_order

    order = place_order(buyer)
    watch_line = order.lines.get(offer=watch)
    strap_line = order.lines.get(offer=strap)

    with pytest.raises(Conflict) as refused:
        walk(strap_line, "shipped")
    assert refused.value.code == "addon_ships_with_item"

    walk(watch_line, "shipped")
    strap_line.refresh_from_db()
    assert strap_line.status == LineStatus.SHIPPED
    assert (strap_line.tracking_number, strap_line.carrier) == ("TRACK12345", "Colissimo")
    assert strap_line.attached_to_id == watch_line.pk


def test_given_an_accessory_when_a_seller_lists_it_new_then_it_is_accepted_and_a_phone_listed_new_is_refused(
    api, seller, shop
):
    _watch, strap, _any, _case = shop
    body = {
        "variant_id": strap.variant_id,
        "market": "FR",
        "grade": "new",
        "price": 3900,
        "currency": "EUR",
        "quantity": 4,
        "warranty_months": 12,
        "handling_days": 1,
    }
    Offer.objects.filter(pk=strap.pk).delete()
    listing = api.as_(seller.user).post("/api/v1/seller/listings", body).expect(201)
    assert listing["grade"] == "new" and listing["condition_scheme"] == "accessory"

    phone = _watch.variant_id
    problem = (
        api.as_(seller.user)
        .post("/api/v1/seller/listings", {**body, "variant_id": phone, "battery_health_min": 85})
        .expect(422)
    )
    assert problem["code"] == "grade_not_in_scheme"


def test_given_the_demo_when_customisations_are_seeded_then_the_watch_ships_with_a_new_strap_its_seller_lists(
    buyer, seller, shop
):
    import random

    from comeback.core import clock
    from comeback.demo.seeding import DemoContext
    from comeback.orders import demo, demo_customise

    watch, strap, any_watch, case = shop
    Offer.objects.filter(pk__in=[strap.pk, any_watch.pk, case.pk]).delete()  # the demo lists the strap
    ctx = DemoContext(rng=random.Random(7), now=clock.now(), password="x", show_progress=False)

    demo_customise.seed_customisations(
        ctx,
        buyer,
        [watch],
        set(),
        checkout=lambda *, at, key: demo._order(ctx, buyer, [], at=at, key=key),
        ship=lambda line, *, accepted, shipped: demo._ship(
            ctx, line, accepted=accepted, shipped=shipped, has_battery=True
        ),
    )

    lines = {
        ln.offer.variant.product.name: ln
        for ln in OrderLine.objects.select_related("offer__variant__product")
    }
    assert lines["Sport Band 45"].attached_to_id == lines["Watch S7"].pk
    assert lines["Sport Band 45"].grade == "new"
    assert {ln.status for ln in lines.values()} == {LineStatus.DELIVERED}


def test_given_an_idempotency_key_when_the_attach_is_retried_then_the_strap_is_attached_once(
    api, buyer, shop
):
    watch, strap, _any, _case = shop
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": watch.pk}).expect(201)["items"][0]["id"]
    body = {"offer_id": strap.pk, "quantity": 1, "attach_to": item_id}
    first = client.post("/api/v1/cart/items", body, headers={"Idempotency-Key": "attach-1"}).expect(201)
    again = client.post("/api/v1/cart/items", body, headers={"Idempotency-Key": "attach-1"}).expect(201)
    assert again == first
    assert CartItem.objects.get(offer=strap).quantity == 1
