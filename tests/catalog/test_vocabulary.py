"""Catalogue words as people read them: filter labels and values with their units, in the page's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from comeback.catalog import vocabulary

from ..web.shop import build_shop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("storage_gb", 1024, "1\xa0TB"),
        ("storage_gb", "2048", "2\xa0TB"),
        ("storage_gb", "128", "128\xa0GB"),
        ("case_mm", 41, "41\xa0mm"),
        ("cable_m", 1.5, "1.5\xa0m"),
        ("magsafe", "true", "Yes"),
        ("colour", "Midnight", "Midnight"),
    ],
)
def test_given_a_filter_value_then_it_reads_with_its_unit(name, value, shown):
    with translation.override("en"):
        assert vocabulary.attribute_value(name, value) == shown


def test_given_a_french_page_then_labels_and_numbers_are_french():
    with translation.override("fr"):
        assert vocabulary.attribute_label("storage_gb", unit_suffix=False) == "Stockage"
        assert vocabulary.attribute_value("cable_m", 1.5) == "1,5\xa0m"
        assert vocabulary.category_name("Smartphones") == "Smartphones"
        assert vocabulary.category_name("Chargers") == "Chargeurs"


def test_given_a_category_page_then_the_storage_filter_reads_in_gb_and_tb(client):
    build_shop()

    html = client.get("/c/smartphones/").content.decode()

    assert "<legend>Storage</legend>" in html
    assert "128\xa0GB" in html and "256\xa0GB" in html
    assert "Storage (GB)" not in html
