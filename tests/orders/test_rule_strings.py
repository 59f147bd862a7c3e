"""The return and accept deadlines are spelled from the constants that hold them (docs/design.md §2 Orders
and Returns): `returns.RECEIVE_BUSINESS_DAYS`, `returns.REFUND_BUSINESS_DAYS`,
`confirm.ACCEPT_WITHIN_BUSINESS_DAYS`, `returns.TRANSIT_DAMAGE_BUSINESS_DAYS` on the buyer's order page and in
its refusal, the return label's instructions, `fees.FEE_CAP_BPS` in the cart (a per cent per locale), and the
market's `return_window_days` in the delivery e-mail and the order page."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from comeback.orders import fees
from comeback.orders.services import return_labels, returns
from comeback.orders.services.checkout import confirm

from .helpers import T0, place_order, walk

pytestmark = pytest.mark.django_db


def _mail(template: str, **context) -> str:
    line = SimpleNamespace(title="Pixel 8", accept_by="2027-03-02 00:00", pk=1)
    order = SimpleNamespace(ref="CB-1", market=SimpleNamespace(return_window_days=30))
    ret = SimpleNamespace(comment="", label_tracking="", get_reason_display="Changed my mind")
    base = {"line": line, "order": order, "ret": ret, "lines": [], "url": "https://comeback.test/"}
    return render_to_string(f"orders/emails/{template}.txt", {**base, **context})


@pytest.fixture
def other_deadlines(monkeypatch):
    monkeypatch.setattr(returns, "RECEIVE_BUSINESS_DAYS", 4)
    monkeypatch.setattr(returns, "REFUND_BUSINESS_DAYS", 5)
    monkeypatch.setattr(confirm, "ACCEPT_WITHIN_BUSINESS_DAYS", 3)


def test_given_the_deadlines_as_they_stand_when_the_mails_are_written_in_english_then_they_say_them():
    # given the rules as they stand / when the seller's mails are written in English
    receive, refund = returns.RECEIVE_BUSINESS_DAYS, returns.REFUND_BUSINESS_DAYS
    with translation.override("en"):
        requested = _mail("return_requested")
        delivered = _mail("return_parcel_delivered", due="2027-03-02 00:00")
        new_order = _mail("seller_new_order")
    # then they spell the constants
    assert f"Confirm receipt within {receive} business days of the parcel's delivery" in requested
    assert f"refund within {refund} business days of receipt" in requested
    assert f"then refund within {refund} business days" in delivered
    assert "(1 business day)" in new_order and confirm.ACCEPT_WITHIN_BUSINESS_DAYS == 1


def test_given_other_deadlines_when_the_mails_are_written_in_french_then_they_follow_them(other_deadlines):
    # given receipt within 4, refund within 5 and accept within 3 business days
    # when the seller's mails are written in French
    with translation.override("fr"):
        requested = _mail("return_requested")
        delivered = _mail("return_parcel_delivered", due="2027-03-02 00:00")
        new_order = _mail("seller_new_order")
    # then they say 4, 5 and 3
    assert (
        "Confirmez la réception sous 4 jours ouvrés" in requested and "remboursez sous 5 jours" in requested
    )
    assert "puis remboursez sous 5 jours ouvrés" in delivered
    assert "(3 jours ouvrés)" in new_order


def test_given_a_market_window_when_the_delivery_mail_is_written_then_it_says_the_markets_days():
    # given a market with a 45-day return window
    order = SimpleNamespace(ref="CB-1", market=SimpleNamespace(return_window_days=45))
    # when the delivery mail is written in English and German / then it says 45
    with translation.override("en"):
        assert "return it for free within 45 days" in _mail("line_delivered", order=order)
    with translation.override("de"):
        assert "innerhalb von 45 Tagen kostenlos zurücksenden" in _mail("line_delivered", order=order)


def test_given_other_deadlines_when_staff_and_sellers_open_their_pages_then_they_follow_them(
    other_deadlines, staff, seller, paid_line
):
    # given receipt within 4, refund within 5 and accept within 3 business days, and a paid line
    desk, portal = Client(HTTP_ACCEPT_LANGUAGE="ja"), Client(HTTP_ACCEPT_LANGUAGE="de")
    desk.force_login(staff)
    portal.force_login(seller.user)
    # when staff open the returns queue in Japanese and the seller its orders in German
    queue = desk.get("/staff/returns/").content.decode()
    orders = portal.get("/seller/orders/").content.decode()
    # then the queue says 4 and 5, the orders page 3
    assert "荷物の配達から4営業日以内に受領を確認し、受領から5営業日以内に返金します" in queue
    assert "Innerhalb von 3 Werktagen annehmen" in orders


def delivered_line(buyer, offer, clock_at):
    # delivered on Wednesday T0, shipped two days before
    with clock_at(T0 - timedelta(days=2)):
        line = place_order(buyer, offer).lines.select_related("order").get()
        walk(line, "shipped")
    with clock_at(T0):
        return walk(line, "delivered")


def _order_page(buyer, offer, clock_at, language: str) -> str:
    line = delivered_line(buyer, offer, clock_at)
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    with clock_at(T0 + timedelta(days=1)):
        browser.force_login(buyer)
        page = browser.get(f"/orders/{line.order.ref}/").content.decode()
    return page.split("data-return-rule>", 1)[1].split("</p>", 1)[0]


def test_given_the_transit_rule_as_it_stands_when_the_buyer_opens_a_delivered_order_then_it_says_it(
    buyer, offer, clock_at
):
    # given a delivered line and the transit-damage rule as it stands / when the buyer opens the order in English
    rule = _order_page(buyer, offer, clock_at, "en")
    # then the return panel spells the market's window and the constant
    days = returns.TRANSIT_DAMAGE_BUSINESS_DAYS
    assert rule == (
        f"Free, for any reason, within 30 days of delivery. Report transit damage within {days} business days."
    )


def test_given_one_business_day_for_transit_damage_when_the_order_is_read_in_french_then_it_says_one(
    buyer, offer, clock_at, monkeypatch
):
    # given transit damage to be reported within 1 business day
    monkeypatch.setattr(returns, "TRANSIT_DAMAGE_BUSINESS_DAYS", 1)
    # when the buyer opens a delivered order in French
    rule = _order_page(buyer, offer, clock_at, "fr")
    # then it says 1, in the singular
    assert "Signalez les dommages de transport sous 1 jour ouvré." in rule


def test_given_one_business_day_for_transit_damage_when_a_late_report_is_refused_in_german_then_it_says_one(
    api, buyer, offer, clock_at, monkeypatch
):
    # given transit damage to be reported within 1 business day, and a line delivered on a Wednesday
    monkeypatch.setattr(returns, "TRANSIT_DAMAGE_BUSINESS_DAYS", 1)
    line = delivered_line(buyer, offer, clock_at)
    # when the buyer reports it on the Friday, in German
    with clock_at(T0 + timedelta(days=2)):
        problem = (
            api.as_(buyer)
            .post(
                f"/api/v1/orders/{line.order_id}/returns",
                {"reason": "transit_damage"},
                headers={"Accept-Language": "de"},
            )
            .expect(409)
        )
    # then the refusal says 1, in the singular
    assert problem["code"] == "transit_damage_window_closed"
    assert (
        problem["detail"] == "Transportschäden müssen innerhalb von 1 Werktag nach Lieferung gemeldet werden."
    )


def test_given_the_fee_cap_when_the_cart_opens_in_english_and_german_then_it_is_spelled_per_locale(
    offer, monkeypatch
):
    # given a visitor's cart with one item, and the buyer fee's cap as it stands
    cap = fees.FEE_CAP_BPS // 100
    english, german = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="de")
    for visitor in (english, german):
        visitor.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})
    # when the cart opens in English / then it says the constant's per cent
    assert f"The service fee is at most {cap}% of your basket." in english.get("/cart/").content.decode()
    # when the cap is 3% and the cart opens in German / then it says 3 %, written as German writes it
    monkeypatch.setattr(fees, "FEE_CAP_BPS", 300)
    assert "höchstens 3\xa0% Ihres Warenkorbs" in german.get("/cart/").content.decode()


def test_given_other_deadlines_when_the_return_instructions_are_written_in_japanese_then_they_follow_them(
    other_deadlines,
):
    # given receipt within 4 and refund within 5 business days / when the label's instructions are written
    with translation.override("en"):
        english = return_labels.instructions(carrier="Colissimo")[-1]
    with translation.override("ja"):
        japanese = return_labels.instructions(carrier="Colissimo")[-1]
    # then they say 4 and 5
    assert english.startswith("The seller confirms receipt within 4 business days of the parcel's delivery")
    assert "within 5 business days of receipt" in english
    assert "4営業日以内" in japanese and "5営業日以内" in japanese
