"""Customising before login: a visitor attaches an add-on (a strap) to an item of the session cart, under the
same rules and refusals as an account's, and it stays attached when the cart joins the account's at login,
though the item's id changes in the merge (docs/buying.md "Customisation", docs/storefront.md)."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.orders.models import CartItem
from comeback.orders.services import cart as cart_service
from comeback.orders.services import customise
from tests.factories import PASSWORD

from .helpers import watch_with_addons

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(seller):
    return watch_with_addons(seller)


def _post(client, offer, **extra):
    return client.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1, **extra}, follow=True)


def _said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _log_in(client, user):
    logged = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert logged.status_code == 302


def _cart(user) -> dict[int, tuple[int, int | None]]:
    """offer id → (quantity, offer id of the item it is attached to)."""
    items = CartItem.objects.filter(cart__user=user).select_related("attached_to")
    return {i.offer_id: (i.quantity, i.attached_to.offer_id if i.attached_to else None) for i in items}


def test_given_a_visitor_who_adds_a_watch_then_a_strap_to_it_when_logging_in_then_the_account_has_the_watch_with_its_strap(
    buyer, shop
):
    watch, strap, _any, _case = shop
    visitor = Client()
    _post(visitor, watch)

    attached = _post(visitor, strap, attach_to=watch.pk)
    page = visitor.get("/cart/").content.decode()
    _log_in(visitor, buyer)

    assert any("Sport Band 45" in said for said in _said(attached))
    assert 'class="cart-item split addon-item"' in page and "Customises" in page
    assert _cart(buyer) == {watch.pk: (1, None), strap.pk: (1, watch.pk)}
    assert "guest_cart" not in visitor.session and "guest_cart_addons" not in visitor.session


def test_given_a_visitor_on_the_product_page_when_it_picks_a_strap_with_the_watch_then_both_are_in_its_cart_attached(
    buyer, shop
):
    watch, strap, _any, _case = shop
    visitor = Client()

    added = _post(visitor, watch, addon_offer_id=strap.pk)
    _log_in(visitor, buyer)

    assert any("is attached to" in said for said in _said(added))
    assert _cart(buyer) == {watch.pk: (1, None), strap.pk: (1, watch.pk)}


def test_given_an_account_cart_already_holding_the_watch_when_a_visitor_with_the_watch_and_strap_logs_in_then_the_strap_goes_on_the_account_item(
    buyer, shop
):
    watch, strap, _any, _case = shop
    earlier = cart_service.add_to_cart(user=buyer, offer_id=watch.pk, quantity=1)
    visitor = Client()
    _post(visitor, watch)
    _post(visitor, strap, attach_to=watch.pk)

    _log_in(visitor, buyer)

    assert _cart(buyer) == {watch.pk: (2, None), strap.pk: (1, watch.pk)}
    assert CartItem.objects.get(offer=strap).attached_to_id == earlier.pk


@pytest.mark.parametrize("case", ["not_in_cart", "addon_of_addon"])
def test_given_a_refused_attachment_then_a_visitor_reads_the_words_a_buyer_reads(buyer, shop, case):
    watch, strap, any_watch, _case = shop
    visitor, logged = Client(), Client()
    _log_in(logged, buyer)
    said = {}
    for who, client in (("visitor", visitor), ("buyer", logged)):
        _post(client, watch)
        main = watch.pk if who == "visitor" else CartItem.objects.get(offer=watch).pk
        if case == "not_in_cart":
            target = 999999
        else:
            _post(client, strap, attach_to=main)
            target = strap.pk if who == "visitor" else CartItem.objects.get(offer=strap).pk

        said[who] = _said(_post(client, any_watch, attach_to=target))

    expected = {
        "not_in_cart": "No item 999999 in your cart.",
        "addon_of_addon": "An add-on is attached to an item, never to another add-on.",
    }[case]
    assert said["visitor"] == said["buyer"] == [expected]
    assert str(any_watch.pk) not in visitor.session.get("guest_cart", {}).get("FR", {})


def test_given_a_visitor_watch_with_its_strap_when_attaching_the_watch_to_the_strap_then_it_is_refused(shop):
    watch, strap, any_watch, _case = shop
    visitor = Client()
    _post(visitor, watch)
    _post(visitor, strap, attach_to=watch.pk)

    refused = _post(visitor, watch, attach_to=strap.pk)

    assert _said(refused) == ["An add-on is attached to an item, never to another add-on."]


def test_given_a_visitor_with_a_strap_on_its_watch_when_attaching_a_second_then_it_is_refused_as_outnumbering(
    shop,
):
    watch, strap, any_watch, _case = shop
    visitor = Client()
    _post(visitor, watch)
    _post(visitor, strap, attach_to=watch.pk)

    refused = _post(visitor, strap, attach_to=watch.pk)

    assert _said(refused) == ["One add-on goes with one unit of the item: at most 1."]
    assert visitor.session["guest_cart"]["FR"][str(strap.pk)] == 1


def test_given_a_visitor_watch_with_its_strap_when_the_watch_is_lowered_or_removed_then_the_strap_follows(
    shop,
):
    watch, strap, _any, _case = shop
    visitor = Client()
    _post(visitor, watch, quantity=2)
    _post(visitor, strap, quantity=2, attach_to=watch.pk)

    visitor.post(f"/cart/items/{watch.pk}/", {"quantity": 1})
    lowered = dict(visitor.session["guest_cart"]["FR"])
    visitor.post(f"/cart/items/{watch.pk}/", {"remove": "1"})

    assert lowered == {str(watch.pk): 1, str(strap.pk): 1}
    assert "guest_cart" not in visitor.session and "guest_cart_addons" not in visitor.session


def test_given_another_visitors_watch_when_a_visitor_attaches_a_strap_to_it_then_it_is_not_in_its_cart(shop):
    watch, strap, _any, _case = shop
    alice, mallory = Client(), Client()
    _post(alice, watch)

    refused = _post(mallory, strap, attach_to=watch.pk)

    assert _said(refused) == [f"No item {watch.pk} in your cart."]
    assert "guest_cart_addons" not in alice.session and "guest_cart" not in mallory.session


def test_given_a_merge_whose_item_is_no_longer_in_the_cart_then_its_strap_stays_an_ordinary_item(buyer, shop):
    watch, strap, _any, _case = shop
    merged = cart_service.merge_guest_cart(user=buyer, carts={"FR": {watch.pk: 1, strap.pk: 1}})

    customise.attach_merged(items=merged, attached={strap.pk: 123456})

    assert _cart(buyer) == {watch.pk: (1, None), strap.pk: (1, None)}
