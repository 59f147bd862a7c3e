"""The resolver at the site root: content negotiation, canonical redirects, 400 / 404 problems, link types
and RFC 9264 linksets (docs/design.md §4: `GET /01/{gtin}/21/{serial}`)."""

from __future__ import annotations

import json

import pytest

HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what a phone's browser sends


def test_given_a_unit_when_a_browser_opens_its_uri_then_it_gets_the_passport_page(client, stock_passport):
    response = client.get(stock_passport.path, HTTP_ACCEPT=HTML)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Digital product passport" in page and stock_passport.product.name in page
    assert "History verified" in page
    assert "Accept" in response["Vary"]
    assert 'rel="linkset"' in response["Link"]
    assert response["Access-Control-Allow-Origin"] == "*"  # public data, resolvable from any web app
    assert client.head(stock_passport.path, HTTP_ACCEPT=HTML).status_code == 200
    assert client.post(stock_passport.path).status_code == 405


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/json", "application/json"),
        ("application/ld+json", "application/ld+json"),
        ("*/*", "application/ld+json"),
        ("", "application/ld+json"),
        ("text/html;q=0.5, application/json", "application/json"),
    ],
)
def test_given_a_machine_when_it_asks_for_json_then_it_gets_json_ld_with_gs1_terms(
    client, stock_passport, accept, content_type
):
    response = client.get(stock_passport.path, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    data = json.loads(response.content)
    assert data["@id"] == "https://comeback.test" + stock_passport.path
    assert data["gs1:gtin"] == stock_passport.gtin and data["schema:serialNumber"] == stock_passport.serial
    assert "schema:IndividualProduct" in data["@type"]
    assert data["grading"]["grade"] == "good"


def test_given_an_accept_header_we_cannot_serve_when_resolving_then_406(client, stock_passport):
    response = client.get(stock_passport.path, HTTP_ACCEPT="image/png")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/problem+json"


def test_given_a_short_gtin_or_a_trailing_slash_when_resolving_then_a_301_to_the_canonical_uri(
    client, stock_passport
):
    short = stock_passport.gtin.lstrip("0")
    assert len(short) in (12, 13)
    response = client.get(f"/01/{short}/21/{stock_passport.serial}?linkType=linkset")
    assert response.status_code == 301
    assert response["Location"] == stock_passport.path + "?linkType=linkset"
    response = client.get(stock_passport.path + "/")
    assert response.status_code == 301 and response["Location"] == stock_passport.path


def test_given_a_syntactically_invalid_uri_when_resolving_then_400_problem_json_names_the_fault(client):
    response = client.get("/01/09506000134353/21/ABC123", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["code"] == "gtin_check_digit" and "check digit" in problem["detail"]
    response = client.get("/01/09506000134352/21/ABC123/10/LOT")
    assert json.loads(response.content)["code"] == "qualifier_order"


def test_given_an_invalid_uri_when_a_browser_opens_it_then_a_400_page_says_why(client, db):
    response = client.get("/01/09506000134352/99999/X", HTTP_ACCEPT=HTML)
    assert response.status_code == 400
    assert "unknown_ai" in response.content.decode()


def test_given_a_valid_uri_of_an_unknown_unit_when_resolving_then_404(client, stock_passport):
    response = client.get(f"/01/{stock_passport.gtin}/21/NOSUCHUNIT1", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert json.loads(response.content)["code"] == "passport_not_found"


def test_given_a_percent_encoded_serial_when_resolving_then_it_is_the_same_unit(client, stock_passport):
    encoded = "".join(f"%{ord(c):02X}" for c in stock_passport.serial)
    path = f"/01/{stock_passport.gtin}/21/{encoded}"
    # The raw URI as a server hands it over (gunicorn's RAW_URI), before WSGI decoding.
    response = client.get(path, HTTP_ACCEPT="application/json", RAW_URI=path)
    assert response.status_code == 200
    assert json.loads(response.content)["serial"] == stock_passport.serial


def test_given_a_model_gtin_when_resolving_it_alone_then_model_information(client, stock_passport):
    response = client.get(f"/01/{stock_passport.gtin}", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert json.loads(response.content)["schema:name"] == str(stock_passport.product)
    assert client.get(f"/01/{stock_passport.gtin}", HTTP_ACCEPT=HTML).status_code == 200
    # a lot without a serial resolves at the model level too
    assert client.get(f"/01/{stock_passport.gtin}/10/LOT1", HTTP_ACCEPT="application/json").status_code == 200
    missing = client.get("/01/09506000134352", HTTP_ACCEPT="application/json")
    assert missing.status_code == 404 and json.loads(missing.content)["code"] == "gtin_not_found"


@pytest.mark.parametrize(
    ("link_type", "target"),
    [
        ("gs1:pip", "/p/"),
        ("https://gs1.org/voc/pip", "/p/"),
        ("gs1:sustainabilityInfo", "#impact"),
        ("gs1:instructions", "#instructions"),
        ("gs1:repairAndMaintenance", "#repairs"),
        ("https://gs1.org/voc/repairAndMaintenance", "#repairs"),
        ("gs1:traceability", "/events"),
        ("untp:dpp", "/credential"),
        ("gs1:certificationInfo", "/credential"),
        ("https://ref.gs1.org/voc/masterData", "/api/v1/passports/"),
        ("gs1:defaultLink", "/01/"),
    ],
)
def test_given_a_link_type_when_resolving_then_307_to_that_link(client, stock_passport, link_type, target):
    response = client.get(stock_passport.path, {"linkType": link_type})
    assert response.status_code == 307
    assert target in response["Location"]


def test_given_linktype_linkset_when_resolving_then_an_rfc9264_linkset(client, stock_passport):
    response = client.get(stock_passport.path, {"linkType": "linkset"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/linkset+json"
    entry = json.loads(response.content)["linkset"][0]
    assert entry["anchor"] == "https://comeback.test" + stock_passport.path
    assert entry["https://gs1.org/voc/pip"][0]["href"].endswith(f"/p/{stock_passport.product.slug}/")
    assert "https://test.uncefact.org/vocabulary/untp/dpp" in entry


def test_given_an_unknown_link_type_when_resolving_then_404_lists_the_available_ones(client, stock_passport):
    response = client.get(stock_passport.path, {"linkType": "gs1:recipeInfo"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    problem = json.loads(response.content)
    assert problem["code"] == "link_type_not_found" and "gs1:pip" in problem["available"]
    entry = problem["linkset"][0]  # the 404 carries the linkset (GS1-Conformant Resolver)
    assert entry["anchor"].endswith(stock_passport.path) and "https://gs1.org/voc/pip" in entry


@pytest.mark.parametrize("how", [{"linkType": "all"}, {"linkType": "linkset"}, "accept"])
def test_given_linktype_all_or_a_linkset_accept_header_then_the_linkset_with_gs1_link_types(
    client, stock_passport, how
):
    if how == "accept":
        response = client.get(stock_passport.path, HTTP_ACCEPT="application/linkset+json")
    else:
        response = client.get(stock_passport.path, how)
    assert response.status_code == 200 and response["Content-Type"] == "application/linkset+json"
    assert 'rel="http://www.w3.org/ns/json-ld#context"' in response["Link"]
    entry = json.loads(response.content)["linkset"][0]
    for rel in (
        "pip",
        "certificationInfo",
        "instructions",
        "repairAndMaintenance",
        "sustainabilityInfo",
        "traceability",
        "dpp",
    ):
        links = entry["https://gs1.org/voc/" + rel]
        assert all(link["href"].startswith("https://comeback.test/") and link["title"] for link in links), rel


def test_given_a_model_gtin_and_a_linkset_accept_header_then_the_models_linkset(client, stock_passport):
    response = client.get(f"/01/{stock_passport.gtin}", HTTP_ACCEPT="application/linkset+json")
    entry = json.loads(response.content)["linkset"][0]
    assert response.status_code == 200 and "https://gs1.org/voc/pip" in entry


def test_given_the_well_known_description_then_it_describes_this_resolver(client, db):
    response = client.get("/.well-known/gs1resolver")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["resolverRoot"] == "https://comeback.test"
    assert body["supportedPrimaryKeys"] == ["01"] and body["linkTypeDefaultCanBeLinkset"] is False
    assert {"namespace": "https://gs1.org/voc/", "prefix": "gs1:"} in body["supportedLinkType"]
    assert body["jsonLdContextLocation"].startswith("https://ref.gs1.org/standards/resolver/")


def test_given_no_link_type_and_a_browser_then_the_default_link_is_the_passport_page(client, stock_passport):
    response = client.get(stock_passport.path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and stock_passport.serial in response.content.decode()


def test_given_a_serial_url_when_opened_then_it_redirects_to_the_digital_link(client, stock_passport):
    response = client.get(f"/passports/{stock_passport.serial}/")
    assert response.status_code == 302 and response["Location"] == stock_passport.path
    assert client.get("/passports/NOSUCHUNIT1/").status_code == 404
