"""The storefront shows an edition piece: "Limited edition 1/50", the collection's story and the donor
passports on its product page, in English and French; the fashion page links the capsule."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from comeback.editions import services

from .factories import collection, edition, op, upcycled

PHRASES = {
    "en": ["Limited edition 1/50", "Made from", "own passport"],
    "fr": ["Édition limitée 1/50", "Fabriqué à partir de", "Le passeport de cette pièce"],
}


@pytest.fixture
def piece(refurbisher):
    coll = collection()
    belt = edition(refurbisher, coll)
    refs = upcycled(refurbisher, coll, 2)
    return services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=refs)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_given_a_piece_when_its_product_page_opens_then_number_story_and_donor_passports_show(
    piece, lang, django_assert_max_num_queries
):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    product = piece.edition.product

    with django_assert_max_num_queries(40):
        response = client.get(f"/p/{product.slug}/?variant={piece.variant_id}")

    assert response.status_code == 200
    html = response.content.decode()
    assert all(phrase in html for phrase in PHRASES[lang]), lang
    assert "old flip phone" in html
    for donor in piece.donors.all():
        assert f'href="{donor.passport.path}"' in html
    assert f'href="{piece.passport.path}"' in html


def test_given_a_product_that_is_no_edition_when_its_page_opens_then_no_edition_panel(piece):
    donor_model = piece.donors.first().device.product  # a phone: no edition
    html = Client().get(f"/p/{donor_model.slug}/").content.decode()
    assert "Limited edition" not in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_given_a_capsule_when_the_fashion_page_opens_then_it_links_the_edition(piece, lang):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    html = client.get("/fashion/").content.decode()
    heading = {"en": "Upcycled limited editions", "fr": "Éditions limitées surcyclées"}[lang]
    assert heading in html
    assert f'href="/p/{piece.edition.product.slug}/"' in html


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "Upcycled into an edition item"), ("fr", "Surcyclé en une pièce d'édition")],
)
def test_given_a_donor_made_into_a_piece_when_its_closed_passport_opens_then_the_event_reads_in_words(
    piece, lang, label
):
    # given a donor unit whose passport was closed by the piece made from it
    donor = piece.donors.first().passport
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    # when its passport page opens
    response = client.get(donor.path, HTTP_ACCEPT="text/html")

    # then the end of its life and its history name the event in words, never by its code
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(escape(label)) >= 2, lang  # the end-of-life line and the history
    assert "upcycled_into" not in html
    assert f'href="{piece.passport.path}"' in html


WORDING = {
    "en": (
        "Upcycled · limited edition, piece 1 of 50",
        "Upcycled · limited edition of 50 pieces",
        "Second-hand",
    ),
    "fr": (
        "Surcyclé · édition limitée, pièce 1 sur 50",
        "Surcyclé · édition limitée de 50 pièces",
        "Seconde main",
    ),
}


def _region(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_given_a_piece_when_its_page_and_card_show_then_they_read_upcycled_edition_not_second_hand(
    piece, lang
):
    # given a made piece, read in the buyer's language
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    product = piece.edition.product
    on_page, on_card, used = WORDING[lang]

    # when its product page and its category's listing open
    page = client.get(f"/p/{product.slug}/?variant={piece.variant_id}").content.decode()
    listing = client.get(f"/c/{product.category.slug}/").content.decode()

    # then the title says which piece of the run it is, and the card says it is an edition
    title = _region(page, 'class="product-title"', "</div>")
    assert escape(on_page) in title and used not in title
    card = _region(listing, '<article class="card card-link">', "</article>")
    assert product.name in card and escape(on_card) in card
    assert "badge-new_with_tags" not in card


def test_given_garments_and_devices_on_sale_when_searching_everything_then_no_device_promise_is_made(piece):
    # given an edition piece (graded as clothing) on sale, and a phone category
    phones = piece.donors.first().device.product.category
    client = Client()

    # when everything is listed, then a device category
    everything = client.get("/search/").content.decode()
    devices = client.get(f"/c/{phones.slug}/").content.decode()

    # then the listing of everything promises nothing a garment cannot keep; a device category does
    head = _region(everything, 'class="page-head"', "</div>")
    assert "Everything for sale" in head and "100% functional" not in head
    assert "100% functional" in _region(devices, 'class="page-head"', "</div>")
