"""GS1 Digital Link URI syntax (1.4): our own vectors, valid and invalid, and the behaviour we chose for
each (docs/passports.md "Identifier"). No database: parsing is pure."""

from __future__ import annotations

import pytest
from stdnum import ean

from comeback.passports import gs1
from comeback.passports.gs1 import DigitalLinkError

GTIN = "09506000134352"  # GS1's own example GTIN (check digit 2)


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        (f"/01/{GTIN}", [], {"gtin": GTIN, "serial": None}),
        (f"/01/{GTIN}/21/ABC123", [], {"gtin": GTIN, "serial": "ABC123"}),
        (f"/01/{GTIN}/22/2A/10/LOT-7/21/ABC123", [], {"cpv": "2A", "lot": "LOT-7", "serial": "ABC123"}),
        (f"/01/{GTIN}/10/LOT-7", [], {"lot": "LOT-7", "serial": None}),
        # percent-encoded characters decode after the path is split: %2F belongs to the value
        (f"/01/{GTIN}/21/%41BC", [], {"serial": "ABC"}),
        (f"/01/{GTIN}/10/A%2FB/21/X1", [], {"lot": "A/B", "serial": "X1"}),
        # data attributes in the query string; non-AI parameters are left alone; linkType is read
        (
            f"/01/{GTIN}/21/X1",
            [("17", "271231"), ("3103", "000195"), ("utm", "qr")],
            {"attributes": {"17": "271231", "3103": "000195"}},
        ),
        (f"/01/{GTIN}/21/X1", [("linkType", "gs1:pip")], {"link_type": "gs1:pip"}),
    ],
)
def test_given_a_valid_digital_link_when_parsed_then_its_parts_are_read(path, query, expected):
    link = gs1.parse(path, query)
    for name, value in expected.items():
        assert getattr(link, name) == value
    assert link.canonical


@pytest.mark.parametrize(
    ("path", "canonical_path"),
    [
        ("/01/9506000134352/21/X1", f"/01/{GTIN}/21/X1"),  # GTIN-13: zero-padded to 14 digits
        ("/01/614141123452/21/X1", "/01/00614141123452/21/X1"),  # GTIN-12 (UPC-A)
        ("/01/96385074/21/X1", "/01/00000096385074/21/X1"),  # GTIN-8, never read as a UPC-E
        (f"/01/{GTIN}/21/X1/", f"/01/{GTIN}/21/X1"),  # trailing slash
    ],
)
def test_given_a_non_canonical_but_valid_uri_when_parsed_then_it_names_its_canonical_form(
    path, canonical_path
):
    link = gs1.parse(path)
    assert not link.canonical
    assert link.path == canonical_path


@pytest.mark.parametrize(
    ("path", "query", "code"),
    [
        ("/01/09506000134353/21/X1", [], "gtin_check_digit"),
        ("/01/0950600013435/21/X1", [], "gtin_check_digit"),  # a 14-digit GTIN with a zero dropped
        ("/01/95060001343/21/X1", [], "gtin_length"),
        ("/01/0950600O134352/21/X1", [], "invalid_gtin"),
        (f"/01/{GTIN}/21/X1/10/LOT", [], "qualifier_order"),
        (f"/01/{GTIN}/10/LOT/22/2A", [], "qualifier_order"),
        (f"/01/{GTIN}/21/X1/21/X2", [], "duplicate_qualifier"),
        (f"/01/{GTIN}/23/X1", [], "unknown_ai"),
        (f"/01/{GTIN}/ser/X1", [], "unknown_ai"),
        (f"/01/{GTIN}/17/271231", [], "not_a_qualifier"),
        (f"/01/{GTIN}/21", [], "odd_segments"),
        (f"/01/{GTIN}//21/X1", [], "empty_segment"),
        (f"/01/{GTIN}/21/X%G1", [], "bad_percent_encoding"),
        (f"/01/{GTIN}/21/X%C3", [], "bad_percent_encoding"),
        (f"/01/{GTIN}/21/A%20B", [], "invalid_qualifier"),  # a space is not in GS1 character set 82
        (f"/01/{GTIN}/21/{'A' * 21}", [], "invalid_qualifier"),  # AI (21) is X..20
        (f"/01/{GTIN}", [("21", "X1")], "qualifier_in_query"),
        (f"/01/{GTIN}/21/X1", [("4444", "1")], "unknown_ai"),
        (f"/01/{GTIN}/21/X1", [("17", "271331")], "invalid_data_attribute"),  # month 13
        (f"/01/{GTIN}/21/X1", [("17", "271231"), ("17", "271230")], "duplicate_attribute"),
        ("/414/9506000000000", [], "unsupported_primary_key"),
    ],
)
def test_given_an_invalid_digital_link_when_parsed_then_a_400_names_the_fault(path, query, code):
    with pytest.raises(DigitalLinkError) as caught:
        gs1.parse(path, query)
    assert caught.value.status == 400
    assert caught.value.code == code
    assert caught.value.detail


def test_given_values_with_reserved_characters_when_building_a_path_then_they_are_percent_encoded():
    assert gs1.build_path(GTIN, lot="A/B C", serial="X1") == f"/01/{GTIN}/10/A%2FB%20C/21/X1"
    assert gs1.element_string(GTIN, "X1") == f"(01){GTIN}(21)X1"


def test_given_a_company_prefix_when_allocating_then_gtins_are_valid_and_distinct():
    gtins = [gs1.allocate("0614141", ref) for ref in (0, 1, 99999)]
    assert gtins[1] == "00614141000012"
    assert all(len(g) == 14 and ean.is_valid(g) and g.startswith("00614141") for g in gtins)
    assert len(set(gtins)) == 3
    with pytest.raises(ValueError):
        gs1.allocate("0614141", 100000)  # a 7-digit prefix leaves 5 digits of item reference
    with pytest.raises(ValueError):
        gs1.allocate("12AB", 1)
