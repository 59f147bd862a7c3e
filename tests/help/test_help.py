"""Help centre, legal pages per market and language, the legal-guarantee notice at checkout, and the
contact form's tickets that staff answer by email."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from comeback.core import outbox
from comeback.help import content
from comeback.help.models import Ticket, TicketStatus
from tests.factories import PASSWORD, OfferFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

MARKETS = ["FR", "DE", "GB", "US", "JP"]
LANGUAGES = ["en", "fr", "de", "ja"]
TITLES = {
    "terms": {
        "en": "Terms of sale",
        "fr": "Conditions générales de vente",
        "de": "Allgemeine Verkaufsbedingungen",
        "ja": "販売条件",
    },
    "notice": {"en": "Legal notice", "fr": "Mentions légales", "de": "Impressum", "ja": "運営者情報"},
    "privacy": {"en": "Privacy", "fr": "Confidentialité", "de": "Datenschutz", "ja": "プライバシー"},
    "cookies": {"en": "Cookies", "fr": "Cookies", "de": "Cookies", "ja": "Cookie"},
}


def visitor(lang: str, market: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    client.cookies["market"] = market
    return client


@pytest.mark.parametrize("market", MARKETS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_given_each_language_and_market_then_every_legal_page_answers_in_that_language(lang, market):
    client = visitor(lang, market)
    for slug, titles in TITLES.items():
        response = client.get(f"/legal/{slug}/")
        html = response.content.decode()
        assert response.status_code == 200, slug
        assert f'<html lang="{lang}">' in html
        assert f'<h1 id="legal-h">{titles[lang]}</h1>' in html, (slug, lang)
        assert "{{" not in html and "{%" not in html


def test_given_the_notice_then_it_names_the_dsa_points_of_contact_for_users_and_authorities(db):
    html = visitor("en", "FR").get("/legal/notice/").content.decode()

    assert "Digital Services Act" in html and "For authorities" in html and "For users" in html


def test_given_the_terms_then_every_seller_is_a_professional_and_eu_markets_name_the_withdrawal_right(db):
    fr = visitor("en", "FR").get("/legal/terms/").content.decode()
    us = visitor("en", "US").get("/legal/terms/").content.decode()

    assert "Every seller is a professional" in fr
    assert "right of withdrawal" in fr and "right of withdrawal" not in us


@pytest.mark.parametrize(
    ("market", "regime", "phrase"),
    [
        ("FR", "EU", "2025/1960"),
        ("DE", "EU", "2025/1960"),
        ("GB", "GB", "Consumer Rights Act 2015"),
        ("US", "US", "Magnuson-Moss"),
        ("JP", "JP", "Civil Code"),
    ],
)
def test_given_a_market_when_checking_out_then_its_legal_guarantee_notice_is_shown(market, regime, phrase):
    buyer = UserFactory(preferred_market=market)
    offer = OfferFactory(
        market_id=market, currency={"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}[market]
    )
    client = Client()
    assert client.login(email=buyer.email, password=PASSWORD)
    client.cookies["market"] = market
    client.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})

    html = client.get("/checkout/").content.decode()

    assert f'data-guarantee="{regime}"' in html and phrase in html


def test_given_the_eu_notice_then_it_states_the_market_guarantee_months_in_each_language(db):
    from comeback.core import markets

    for lang in LANGUAGES:
        page = content.guarantee_notice(market=markets.get("FR"), lang=lang)
        assert str(markets.get("FR").legal_guarantee_months) in page.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_given_the_help_centre_then_every_topic_is_there_and_searchable(lang):
    client = visitor(lang, "FR")
    home = client.get("/help/").content.decode()

    for slug in content.HELP_TOPICS:
        assert f'href="/help/{slug}/"' in home
        assert client.get(f"/help/{slug}/").status_code == 200
    word = {"en": "warranty", "fr": "garantie", "de": "garantie", "ja": "保証"}[lang]
    found = client.get("/help/", {"q": word}).content.decode()
    assert 'href="/help/warranty/"' in found.split('id="results-h"', 1)[1].split("</section>", 1)[0]


def test_given_a_search_without_match_then_it_says_so_and_offers_contact(db):
    html = Client().get("/help/", {"q": "zzzzqqq"}).content.decode()

    assert "No article matches" in html and 'href="/contact/"' in html


def test_given_the_short_addresses_then_they_lead_to_the_legal_pages(db):
    for short, target in (
        ("/terms/", "/legal/terms/"),
        ("/privacy/", "/legal/privacy/"),
        ("/cookies/", "/legal/cookies/"),
    ):
        response = Client().get(short)
        assert response.status_code == 301 and response["Location"] == target


def test_given_an_unknown_page_then_404(db):
    assert Client().get("/legal/nothing/").status_code == 404
    assert Client().get("/help/nothing/").status_code == 404


def test_given_the_footer_then_it_links_every_legal_and_help_page(db):
    html = Client().get("/").content.decode()
    footer = html.split("<footer", 1)[1]

    for href in (
        "/help/",
        "/contact/",
        "/legal/terms/",
        "/legal/notice/",
        "/legal/privacy/",
        "/legal/cookies/",
        "/legal/guarantee/",
    ):
        assert f'href="{href}"' in footer, href


# Tickets -------------------------------------------------------------------------------------------------
def test_given_a_visitor_when_sending_the_contact_form_then_a_ticket_opens_and_a_receipt_is_mailed(db):
    response = Client().post(
        "/contact/",
        {
            "email": "Ada@Example.test",
            "name": "Ada",
            "topic": "order",
            "subject": "Where is ORD-1?",
            "message": "Hello\nIt has not arrived.",
        },
    )
    outbox.drain()

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.email == "ada@example.test" and ticket.status == TicketStatus.OPEN and ticket.market == "FR"
    assert mail.outbox[-1].to == ["ada@example.test"] and f"#{ticket.pk}" in mail.outbox[-1].subject


def test_given_a_contact_form_with_errors_then_422_next_to_the_fields(db):
    response = Client().post("/contact/", {"email": "nope", "topic": "order", "subject": "", "message": "x"})

    assert response.status_code == 422 and Ticket.objects.count() == 0
    assert 'id="id_email_error"' in response.content.decode()


def test_given_staff_when_answering_a_ticket_then_the_customer_gets_the_answer_by_email_once(db):
    staff = StaffFactory()
    from comeback.help import services

    ticket = services.open_ticket(
        email="ada@example.test", name="", topic="other", subject="Hi", message="A question", market="FR"
    )
    client = Client()
    client.force_login(staff)

    listed = client.get("/staff/help/").content.decode()
    answered = client.post(f"/staff/help/{ticket.pk}/", {"answer": "Here is the answer."})
    again = client.post(f"/staff/help/{ticket.pk}/", {"answer": "Twice?"})
    outbox.drain()

    assert "Hi" in listed and answered.status_code == 302 and again.status_code == 409
    answers = [m for m in mail.outbox if m.subject.startswith("Re: Hi")]
    assert len(answers) == 1 and "Here is the answer." in answers[0].body


def test_given_a_buyer_or_a_visitor_then_the_help_desk_is_closed(db):
    buyer = UserFactory()
    client = Client()
    client.force_login(buyer)

    assert client.get("/staff/help/").status_code == 403
    assert client.post("/staff/help/1/", {"answer": "x"}).status_code == 403
    assert Client().get("/staff/help/")["Location"].startswith("/accounts/login/")
