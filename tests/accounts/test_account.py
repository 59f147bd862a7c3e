"""/account/: profile, saved addresses (picked at checkout), email change and verification through links,
password change, a copy of one's data, and deleting the account (orders kept, the person anonymised)."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client

from comeback.accounts import profile
from comeback.accounts.models import Address, User
from comeback.core import outbox
from comeback.orders.models import Order
from comeback.orders.services import cart as cart_service
from tests.factories import PASSWORD, OfferFactory, UserFactory
from tests.orders.helpers import place_order, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(db, seller):
    return OfferFactory(seller=seller, price_amount=30000, quantity=5)


@pytest.fixture
def other_buyer(db):
    return UserFactory(email="other-buyer@example.test")


HOME = {
    "label": "Home",
    "name": "Ada Lovelace",
    "line1": "1 rue de Rivoli",
    "postal_code": "75001",
    "city": "Paris",
    "country": "FR",
}


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


# Profile and addresses ---------------------------------------------------------------------------------
def test_given_a_buyer_when_opening_the_account_page_then_profile_addresses_and_links_are_there(buyer):
    html = login(buyer).get("/account/").content.decode()

    for text in (
        "My account",
        "Saved addresses",
        "Change my email",
        "Change my password",
        "Download my data (JSON)",
        "Delete my account",
        "/orders/",
    ):
        assert text in html
    assert '<label for="id_name">' in html


def test_given_a_visitor_then_the_account_pages_ask_to_log_in(db):
    for path in (
        "/account/",
        "/account/addresses/new/",
        "/account/email/",
        "/account/password/",
        "/account/data.json",
        "/account/delete/",
    ):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


def test_given_a_new_address_with_a_wrong_postcode_then_422_next_to_the_field(buyer):
    web = login(buyer)

    refused = web.post("/account/addresses/new/", {**HOME, "postal_code": "ABCDE"})
    saved = web.post("/account/addresses/new/", {**HOME, "country": "GB", "postal_code": "sw1a1aa"})

    assert refused.status_code == 422 and "A French postal code has 5 digits" in refused.content.decode()
    assert saved.status_code == 302
    address = Address.objects.get(user=buyer)
    assert address.postal_code == "SW1A 1AA" and address.is_default  # the first one is the default


def test_given_two_addresses_when_the_second_becomes_default_then_one_default_remains(buyer):
    first = profile.save_address(user=buyer, data=HOME)
    second = profile.save_address(
        user=buyer, data={**HOME, "label": "Work", "line1": "2 rue"}, make_default=True
    )

    assert list(Address.objects.filter(user=buyer, is_default=True)) == [second]
    profile.delete_address(user=buyer, address_id=second.pk)
    first.refresh_from_db()
    assert first.is_default


def test_given_another_buyers_address_then_it_can_be_neither_seen_nor_changed_nor_deleted(buyer, other_buyer):
    address = profile.save_address(user=buyer, data=HOME)
    mallory = login(other_buyer)

    assert mallory.get(f"/account/addresses/{address.pk}/").status_code == 404
    assert mallory.post(f"/account/addresses/{address.pk}/", {**HOME, "city": "Lyon"}).status_code == 404
    assert mallory.post(f"/account/addresses/{address.pk}/delete/").status_code == 404
    address.refresh_from_db()
    assert address.city == "Paris"


def test_given_saved_addresses_when_checking_out_then_the_default_is_filled_and_another_can_be_picked(
    buyer, offer
):
    profile.save_address(user=buyer, data=HOME)
    work = profile.save_address(user=buyer, data={**HOME, "label": "Work", "line1": "9 quai Voltaire"})
    web = login(buyer)
    web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})

    default = web.get("/checkout/").content.decode()
    picked = web.get(f"/checkout/?address={work.pk}").content.decode()

    assert 'value="1 rue de Rivoli"' in default and "Your saved addresses" in default
    assert 'value="9 quai Voltaire"' in picked


# Email -------------------------------------------------------------------------------------------------
def test_given_a_sign_up_then_a_verification_link_is_mailed_and_confirming_it_is_a_post(db):
    client = Client()
    client.post(
        "/accounts/signup/",
        {"email": "new@example.test", "password": "copper-kettle-42", "password_again": "copper-kettle-42"},
    )
    outbox.drain()
    user = User.objects.get(email="new@example.test")
    link = _link(next(m for m in mail.outbox if m.to == ["new@example.test"]).body)

    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is None  # opening the link changes nothing
    assert client.post(link).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_given_an_email_change_then_it_happens_only_when_the_new_address_confirms(buyer):
    web = login(buyer)
    old = buyer.email

    wrong = web.post("/account/email/", {"email": "ada@new.example", "password": "nope"})
    asked = web.post("/account/email/", {"email": "ada@new.example", "password": PASSWORD})
    outbox.drain()

    assert wrong.status_code == 422 and "not your current password" in wrong.content.decode()
    assert asked.status_code == 302
    buyer.refresh_from_db()
    assert buyer.email == old
    to_new = next(m for m in mail.outbox if m.to == ["ada@new.example"])
    assert any(m.to == [old] for m in mail.outbox)  # the old address is told
    link = _link(to_new.body)
    assert web.post(link).status_code == 302
    buyer.refresh_from_db()
    assert buyer.email == "ada@new.example" and buyer.email_verified_at is not None
    assert web.post(link).status_code == 409  # a link works once


def test_given_an_email_already_taken_then_the_change_is_refused_on_the_field(buyer, other_buyer):
    response = login(buyer).post("/account/email/", {"email": other_buyer.email, "password": PASSWORD})

    assert response.status_code == 409 and "already registered" in response.content.decode()


def test_given_a_forged_link_then_it_is_refused(db):
    response = Client().post("/account/email/confirm/not-a-token/")

    assert response.status_code == 422 and "not valid" in response.content.decode()


def test_given_a_password_change_then_the_session_stays_and_the_new_password_works(buyer):
    web = login(buyer)

    changed = web.post("/account/password/", {"password": PASSWORD, "new_password": "a-brand-new-passphrase"})

    assert changed.status_code == 302 and web.get("/account/").status_code == 200
    assert Client().login(email=buyer.email, password="a-brand-new-passphrase")


# Data and deletion ---------------------------------------------------------------------------------------
def test_given_a_buyer_when_downloading_their_data_then_account_addresses_and_orders_are_in_it(buyer, offer):
    profile.save_address(user=buyer, data=HOME)
    order = place_order(buyer, offer)

    response = login(buyer).get("/account/data.json")

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == buyer.email
    assert data["addresses"][0]["postal_code"] == "75001"
    assert [o["ref"] for o in data["orders"]] == [order.ref]


def test_given_an_order_on_its_way_then_the_account_cannot_be_deleted_yet(buyer, offer):
    place_order(buyer, offer)

    response = login(buyer).post("/account/delete/", {"password": PASSWORD})

    assert response.status_code == 409 and "on its way" in response.content.decode()
    assert User.objects.get(pk=buyer.pk).is_active


def test_given_a_delivered_order_when_deleting_the_account_then_the_order_stays_without_the_person(
    buyer, offer
):
    order = place_order(buyer, offer)
    walk(order.lines.get(), "delivered")
    profile.save_address(user=buyer, data=HOME)
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
    web = login(buyer)

    deleted = web.post("/account/delete/", {"password": PASSWORD})

    assert deleted.status_code == 302
    user = User.objects.get(pk=buyer.pk)
    assert not user.is_active and user.name == "" and user.email.endswith("@deleted.invalid")
    assert not user.has_usable_password() and user.deleted_at is not None
    assert not Address.objects.filter(user=user).exists()
    order.refresh_from_db()
    assert order.shipping_address == {"postal_code": "75001", "city": "Paris", "country": "FR"}
    assert Order.objects.filter(pk=order.pk).exists()
    assert web.get("/account/").status_code == 302  # logged out
    assert not Client().login(email=buyer.email, password=PASSWORD)


def test_given_a_wrong_password_then_the_account_is_not_deleted(buyer):
    response = login(buyer).post("/account/delete/", {"password": "wrong"})

    assert response.status_code == 422
    assert User.objects.get(pk=buyer.pk).is_active


def test_given_the_export_of_another_user_then_it_holds_only_their_own_data(buyer, other_buyer, offer):
    place_order(buyer, offer)

    data = json.loads(login(other_buyer).get("/account/data.json").content)

    assert data["account"]["email"] == other_buyer.email and data["orders"] == []


def test_given_many_wrong_passwords_on_the_account_forms_then_429(settings, buyer):
    settings.RATELIMITS = {"login": "2/5m"}
    web = login(buyer)
    for _ in range(2):
        assert web.post("/account/delete/", {"password": "guess"}).status_code == 422

    refused = web.post("/account/email/", {"email": "x@example.test", "password": "guess"})

    assert refused.status_code == 429 and refused.has_header("Retry-After")
