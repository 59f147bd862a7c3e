"""The OpenAPI document is a contract a client can be generated from (docs/api.md "The contract")."""

from __future__ import annotations

import json
import re

from comeback.api import api
from comeback.core import text
from comeback.core.contract import schema_name_clashes


def test_given_every_operation_when_its_schemas_are_named_then_no_two_different_schemas_share_a_name():
    assert schema_name_clashes(api) == {}, (
        "Two different schemas would share a name in /api/v1/openapi.json, so the document would describe "
        "one body for both: give each a name of its own (e.g. prefixed by what it is about)"
    )


def test_given_two_apps_with_a_schema_each_named_alike_when_checked_then_the_clash_is_found():
    from ninja import NinjaAPI, Router, Schema

    def app(module: str):
        cls = type("ReturnIn", (Schema,), {"__annotations__": {"reason": str}, "__module__": module})
        router = Router()

        def create(request, body):
            return 204, None

        create.__annotations__ = {"body": cls}  # this module's annotations are strings: name the class itself
        create.__name__ = f"create_{module}"
        router.post(f"/{module}/returns", response={204: None})(create)
        return router

    probe = NinjaAPI(urls_namespace="contract-probe")
    probe.add_router("", app("orders"))
    probe.add_router("", app("tradein"))
    assert schema_name_clashes(probe) == {"ReturnIn": ["orders.ReturnIn", "tradein.ReturnIn"]}


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def test_given_the_document_when_an_operation_can_refuse_then_each_refusal_is_declared_as_a_problem(
    client, db
):
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["schemas"]["ProblemOut"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
        "code",
    ]
    for method, path, operation in _operations(document):
        responses = operation["responses"]
        refusals = {int(s) for s in responses if int(s) >= 400}
        assert 503 in refusals, (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            assert 422 in refusals, (method, path)
        if operation.get("requestBody"):
            assert {400, 413} <= refusals, (method, path)
        if operation.get("security"):
            assert {401, 403} <= refusals, (method, path)
        if "{" in path:
            assert 404 in refusals, (method, path)
        for status in refusals:
            content = responses[str(status)]["content"]
            assert list(content) == ["application/problem+json"], (method, path, status)
            assert content["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/ProblemOut"
            }


def test_given_a_rate_limited_operation_when_documented_then_it_declares_429(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert "429" in document["paths"]["/api/v1/auth/token"]["post"]["responses"]
    assert "429" not in document["paths"]["/api/v1/markets"]["get"]["responses"]


def _schema(document, schema):
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _list_operations(document):
    """GET operations answering a list: a JSON array, or an object with an `items` array."""
    for method, path, operation in _operations(document):
        if method != "get":
            continue
        ok = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        if not ok:
            continue
        body = _schema(document, ok["schema"])
        items = _schema(document, body.get("properties", {}).get("items", {}))
        if body.get("type") == "array" or items.get("type") == "array":
            yield path, operation, body


# Answered whole, by nature small and bounded: never cut, so never paged.
WHOLE = {
    "/cart": "one cart, whose lines a buyer adds one by one",
    "/markets": "the five markets",
    "/categories": "the catalogue's category tree",
    "/repair/part-types": "a closed set of part kinds",
    "/seller/listings/{offer_id}/photos": "at most 8 photos of one unit",
    "/partner/models/{product_id}/images": "at most 12 photos per colour of one model",
    "/staff/models/{product_id}/images": "at most 12 photos per colour of one model",
    "/search/suggest": "at most 8 suggestions for what is being typed",
}


def test_given_any_list_when_documented_then_it_takes_page_and_page_size_and_answers_count_and_next(
    client, db
):
    document = client.get("/api/v1/openapi.json").json()
    unpaged = set()
    for path, operation, body in _list_operations(document):
        parameters = {p["name"]: p["schema"] for p in operation.get("parameters", [])}
        paged = (
            body.get("type") == "object"
            and {"count", "page", "page_size", "pages", "next", "previous", "items"}
            <= set(body["properties"])
            and parameters.get("page", {}).get("minimum") == 1
            and parameters.get("page_size", {}).get("maximum") == 100
        )
        if not paged:
            unpaged.add(path.removeprefix("/api/v1"))
    assert unpaged == set(WHOLE)


def test_given_closed_sets_when_documented_then_each_is_an_enum_of_the_domains_values(client, db):
    from comeback.aftersales.models import Fault
    from comeback.orders.models import ReturnReason
    from comeback.repair.models import ServiceKind
    from comeback.tradein.models import Screen, Tier

    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    def enum(schema, field):
        return [v for v in schemas[schema]["properties"][field]["enum"] if v is not None]

    assert enum("ClaimIn", "fault") == Fault.values
    assert enum("OrderReturnIn", "reason") == ReturnReason.values
    assert enum("BookingIn", "service") == ServiceKind.values
    assert enum("AnswersIn", "screen") == Screen.values
    assert enum("BuybackOfferIn", "tier") == Tier.values
    assert enum("SellerDecisionIn", "decision") == [
        "approve",
        "extend",
        "remove",
        "suspend",
        "reinstate",
        "cancel_notice",
    ]
    assert enum("SellerDecisionIn", "ground") == ["", "illegal_content", "repeated_infringement"]
    assert schemas["ListingIn"]["properties"]["grade"]["$ref"].endswith("/Grade")


def test_given_the_markets_in_the_database_when_documented_then_every_market_input_is_their_enum(client, db):
    from comeback.core import markets

    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    codes = markets.codes()
    assert codes and schemas["ListingIn"]["properties"]["market"]["enum"] == codes
    assert schemas["CheckoutIn"]["properties"]["market"]["enum"] == codes
    assert schemas["ApplicationIn"]["properties"]["markets"]["items"]["enum"] == codes
    assert schemas["SignUpIn"]["properties"]["preferred_market"]["enum"] == [*codes, ""]  # "" is none chosen
    (trust,) = document["paths"]["/api/v1/trust/{market}"]["get"]["parameters"]
    assert trust["schema"]["enum"] == codes
    assert "x-closed-set" not in json.dumps(document)


def test_given_a_market_added_by_staff_when_the_document_is_read_again_then_its_enum_lists_it(client, db):
    from comeback.core import markets
    from comeback.core.models import Market

    before = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ListingIn"]
    template = Market.objects.get(code="FR")
    template.code, template.sort_order = "IT", 99
    template.save(force_insert=True)
    markets.changed()
    markets.clear_cache()
    after = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ListingIn"]
    assert "IT" not in before["properties"]["market"]["enum"]
    assert "IT" in after["properties"]["market"]["enum"]


def test_given_texts_a_service_refuses_blank_or_short_when_documented_then_min_length_and_pattern_say_so(
    client, db
):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    description = schemas["ClaimIn"]["properties"]["description"]
    assert description["minLength"] == 10
    assert description["pattern"] == text.filled_pattern(10, multiline=True)
    assert schemas["CollectionIn"]["properties"]["name"]["pattern"] == text.filled_pattern(1)
    filled = _ecma(text.filled_pattern(10, multiline=True))
    assert filled.search("The screen\nflickers") and not filled.search("   short  \n   ")


def test_given_every_error_code_in_the_source_then_the_catalogue_in_docs_names_it_with_its_status():
    from pathlib import Path

    from comeback.core.error_catalogue import catalogue

    documented = (Path(__file__).resolve().parents[2] / "docs" / "api-errors.md").read_text()
    missing = [
        f"{entry.code} ({', '.join(map(str, sorted(entry.statuses)))})"
        for entry in catalogue().values()
        if f"| `{entry.code}` | {', '.join(map(str, sorted(entry.statuses)))} |" not in documented
    ]
    assert missing == [], "regenerate docs/api-errors.md with `comeback api-errors > docs/api-errors.md`"


def _ecma(pattern: str) -> re.Pattern:
    # In JSON Schema (ECMA-262) `$` ends the text; Python's would also match before a final line feed.
    return re.compile(pattern.removesuffix("$") + r"\Z")


def test_given_every_character_when_the_declared_patterns_read_it_then_they_agree_with_the_text_rule():
    import jsonschema_rs  # the validator schemathesis reads the document with: it must take the patterns

    for pattern in (text.SINGLE_LINE_PATTERN, text.MULTI_LINE_PATTERN):
        assert not jsonschema_rs.validator_for({"type": "string", "pattern": pattern}).is_valid("a\x01")
    single, multi = _ecma(text.SINGLE_LINE_PATTERN), _ecma(text.MULTI_LINE_PATTERN)
    for point in [*range(0xD800), *range(0xE000, 0x110000)]:  # every character (surrogates are none)
        char = f"a{chr(point)}b"
        assert bool(single.search(char)) == text.is_clean(char), hex(point)
        assert bool(multi.search(char)) == text.is_clean(char, multiline=True), hex(point)


def _inputs(document):
    """(where, schema) of every string an operation takes, in parameters and bodies, through references."""
    components = document["components"]["schemas"]
    seen = set()

    def walk(schema, where):
        if isinstance(schema, list):
            for item in schema:
                yield from walk(item, where)
        elif isinstance(schema, dict):
            if "$ref" in schema:
                name = schema["$ref"].rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    yield from walk(components[name], name)
                return
            if schema.get("type") == "string":
                yield where, schema
            for name, sub in schema.get("properties", {}).items():
                yield from walk(sub, f"{where}.{name}")
            for key in ("items", "additionalProperties", "anyOf", "oneOf", "allOf"):
                yield from walk(schema.get(key), where)

    for method, path, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            yield from walk(parameter["schema"], f"{method} {path} {parameter['name']}")
        for media in operation.get("requestBody", {}).get("content", {}).values():
            yield from walk(media["schema"], f"{method} {path}")


def test_given_every_text_input_when_documented_then_it_declares_the_text_rule_as_its_pattern(client, db):
    document = client.get("/api/v1/openapi.json").json()
    undeclared = [
        where
        for where, schema in _inputs(document)
        if not {"enum", "const", "format", "pattern"} & set(schema)
    ]
    assert undeclared == []
    answer = document["components"]["schemas"]["AnswerIn"]["properties"]
    ship = document["components"]["schemas"]["ShipIn"]["properties"]
    assert answer["note"]["pattern"] == text.MULTI_LINE_PATTERN  # a note may span lines
    assert ship["tracking_number"]["pattern"] == text.SINGLE_LINE_PATTERN


def test_given_the_openapi_document_then_it_lists_the_public_routes_and_the_docs_page_serves(client, db):
    # Kept from the in-process fuzz test, which the live schemathesis run (test_schemathesis_live.py) replaced.
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    for p in [
        "/api/v1/markets",
        "/api/v1/categories",
        "/api/v1/products",
        "/api/v1/products/{product_id}",
        "/api/v1/seller/listings",
        "/api/v1/seller/listings/{offer_id}",
    ]:
        assert p in paths, p
    assert client.get("/api/v1/docs").status_code == 200


def test_given_bounded_numbers_when_documented_then_bounds_are_json_schema_keywords(client, db):
    # pydantic writes `gt`/`le` as they are when it cannot place a bound: no validator or fuzzer reads those.
    text_of = json.dumps(client.get("/api/v1/openapi.json").json())
    assert not re.search(r'"(gt|ge|lt|le|multiple_of)": ', text_of)
    schemas = json.loads(text_of)["components"]["schemas"]
    stock = schemas["StockIn"]["properties"]
    assert stock["location_id"]["exclusiveMinimum"] == 0 and stock["quantity"]["minimum"] == 0
    # Bounds a service checks with its own codes (price_positive, stars_range) are declared too.
    price = schemas["ListingIn"]["properties"]["price"]
    assert (price["minimum"], price["maximum"]) == (1, 10_000_000)
    assert (
        schemas["ReviewIn"]["properties"]["stars"]["minimum"],
        schemas["ReviewIn"]["properties"]["stars"]["maximum"],
    ) == (1, 5)
