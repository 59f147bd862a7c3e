"""Full-text search on the current database (SQLite FTS5 or PostgreSQL tsvector): prefixes, diacritics,
ranking and hostile input."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comeback.catalog import kept, search, services
from comeback.catalog.models import ProductModel
from comeback.core.models import ConfigVersion

pytestmark = pytest.mark.django_db


def ids(q: str) -> list[int]:
    return [pid for pid, _rank in search.match(q)]


def test_given_the_start_of_a_word_then_the_model_is_found(catalogue):
    assert ids("ipho") == ids("iphone") != []
    assert set(ids("ipho")) == {catalogue.iphone13.pk, catalogue.iphone12.pk, catalogue.case.pk}


def test_given_several_words_then_every_one_must_match(catalogue):
    assert set(ids("iphone 13")) == {catalogue.iphone13.pk, catalogue.case.pk}
    assert ids("apple 12") == [catalogue.iphone12.pk]
    assert ids("apple samsung") == []


def test_given_accents_or_none_then_both_spellings_match(catalogue):
    assert ids("deperlante") == [catalogue.jacket.pk]
    assert ids("DÉPERLANTE") == [catalogue.jacket.pk]
    assert ids("déperl") == [catalogue.jacket.pk]


def test_given_an_accessory_then_it_is_found_by_the_models_it_fits_but_ranks_below_them(catalogue):
    # "iPhone 13" is the phone's title but only in the case's body (the models it fits).
    found = search.match("iphone 13")

    assert [pid for pid, _ in found] == [catalogue.iphone13.pk, catalogue.case.pk]
    assert found[0][1] > found[1][1] > 0
    assert ids("coque iphone") == [catalogue.case.pk]


def test_given_a_category_name_or_variant_value_then_models_are_found(catalogue):
    assert set(ids("smartphone")) == {catalogue.iphone13.pk, catalogue.iphone12.pk, catalogue.galaxy.pk}
    assert set(ids("electronics")) >= {catalogue.book.pk, catalogue.iphone13.pk}
    assert ids("phantom grey") == [catalogue.galaxy.pk]


def test_given_a_gtin_then_the_model_is_found(catalogue):
    assert ids("00194252707135") == [catalogue.iphone13.pk]


def test_given_words_that_match_nothing_then_the_result_is_empty(catalogue):
    assert ids("nokia") == []


HOSTILE = [
    '"',
    "'",
    "*",
    "**",
    "-",
    "NEAR(",
    "NEAR(iphone",
    "iphone NOT",
    "AND OR NOT",
    "'; drop table catalog_search; --",
    '"iphone',
    "iphone*",
    "^iphone",
    "col:iphone",
    "title:iphone",
    "{title}: x",
    "a & b | !c",
    "x:*",
    "(",
    ")",
    "\\",
    "%",
    "%s",
    "_",
    "\x00",
    "iphone\x00",
    "🙂",
    "日本語",
    "Ω≈ç√",
    "x" * 500,
    "iphone " * 100,
    " ",
    "",
]


def test_given_hostile_input_then_search_never_fails_and_still_finds_the_words(catalogue):
    for q in HOSTILE:
        assert isinstance(search.match(q), list), q
    assert ids('"iphone') == ids("iphone*") == ids("(iphone)") == ids("iphone") != []
    assert ids("title:iphone") == []  # "title" is a word to find, not a column


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=80))
def test_property_any_text_is_a_valid_query(catalogue, q):
    assert isinstance(search.match(q), list)


def test_terms_keep_only_letters_and_digits_folded_and_bounded():
    assert search.terms('  "iPhone"  13*  NEAR( Déperlante ') == ["iphone", "13", "near", "deperlante"]
    assert len(search.terms("word " * 100)) == search.MAX_TERMS
    assert search.terms("x" * 1000) == ["x" * search.MAX_TERM_CHARS]
    assert search.terms(None) == search.terms("'\";--") == []


def test_given_no_searchable_word_then_there_is_no_subquery():
    assert search.matching_ids_sql("***") is None
    assert search.match("***") == []


def _statements(q: str) -> tuple[list[int], int]:
    with CaptureQueriesContext(connection) as queries:
        found = ids(q)
    return found, len(queries)


def test_given_words_searched_before_when_searched_again_then_no_statement_is_sent(catalogue):
    first, _sent = _statements("iphone 13")

    again, sent = _statements("IPHONE   13")  # the same words once folded

    assert again == first == [catalogue.iphone13.pk, catalogue.case.pk]
    assert sent == 0


def test_given_words_searched_before_when_a_model_is_renamed_and_reindexed_then_the_next_search_finds_it(
    catalogue,
):
    assert ids("pixel") == []
    assert catalogue.galaxy.pk in ids("galaxy")

    # A bulk edit sends no signal; re-indexing writes the index and bumps the catalogue version.
    ProductModel.objects.filter(pk=catalogue.galaxy.pk).update(name="Pixel 9")
    services.reindex_products([catalogue.galaxy.pk])

    assert ids("pixel") == [catalogue.galaxy.pk]
    assert catalogue.galaxy.pk not in ids("galaxy")


def test_given_words_searched_before_when_another_process_reindexes_then_this_one_reads_the_index_again(
    catalogue, settings
):
    settings.CONFIG_CHECK_SECONDS = 0  # compare with the shared version on every read
    assert ids("pixel") == []

    # Another process's reindex: the index rows and the version move in the database; this one drops nothing.
    search.replace([(catalogue.galaxy.pk, "Google Pixel 9", "smartphone")])
    ConfigVersion.objects.filter(name=kept.VERSION).update(version=F("version") + 1)

    assert ids("pixel") == [catalogue.galaxy.pk]
