"""Every list has a query budget (docs/design.md §5 "Query budgets"): each GET of the OpenAPI document that
answers an array or a page of `items` is registered in `tests/list_budgets.py` with the test that reads it
with a few rows and with more and asserts the queries do not grow. A new list without one fails here."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from django.urls import URLResolver, get_resolver, resolve

from comeback.api import api
from tests.list_budgets import API_LISTS, WEB_LISTS, WEB_LISTS_WITHOUT_BUDGET

TESTS = Path(__file__).resolve().parents[1]
# What a budget test measures queries with: the shared helpers or pytest-django's and Django's counters.
MEASURES = re.compile(r"assert_flat|queries\(|counted\(|django_assert_max_num_queries|CaptureQueriesContext")
HOW = (
    "read it with a few rows then more and assert the queries do not grow and stay within a budget "
    "(tests/budgets.py assert_flat), and register the test in tests/list_budgets.py API_LISTS"
)


def _resolve(schema: dict, schemas: dict) -> dict:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def list_operations(document: dict) -> set[str]:
    """The paths whose GET answers 200 with an array, or with a page: an object whose `items` is an array."""
    schemas = document.get("components", {}).get("schemas", {})
    found = set()
    for path, item in document["paths"].items():
        responses = item.get("get", {}).get("responses", {})
        ok = responses.get(200) or responses.get("200") or {}
        for content in ok.get("content", {}).values():
            body = _resolve(content.get("schema", {}), schemas)
            items = body.get("properties", {}).get("items") if body.get("type") == "object" else None
            if body.get("type") == "array" or (items and _resolve(items, schemas).get("type") == "array"):
                found.add(path)
    return found


def _test_source(module: str, name: str) -> str | None:
    file = TESTS / module
    if not file.is_file():
        return None
    source = file.read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return ast.get_source_segment(source, node)
    return None


def _reads(source: str, path: str) -> bool:
    """The test names the path (each `{parameter}` standing for whatever the test puts there), or reverses
    the name of a web page's route."""
    pattern = re.sub(r"\\\{[^}]*\\\}", r"(?:\\{[^}]*\\}|[^/\"']+)", re.escape(path))
    if re.search(f"[\"']{pattern}[\"'?]", source):
        return True
    if path.startswith("/api/"):
        return False
    name = resolve(re.sub(r"\{\w+\}", "1", path)).view_name
    return re.search(f"reverse\\([\"']{re.escape(name)}[\"']", source) is not None


def _budget_faults(registry: dict[str, tuple[str, str]]) -> dict[str, str]:
    wrong = {}
    for path, (module, name) in sorted(registry.items()):
        source = _test_source(module, name)
        if source is None:
            wrong[path] = f"no test {name} in tests/{module}"
        elif not _reads(source, path):
            wrong[path] = f"tests/{module}::{name} does not read {path}"
        elif not MEASURES.search(source):
            wrong[path] = f"tests/{module}::{name} counts no queries"
    return wrong


def web_pages() -> dict[str, object]:
    """Every routed web page outside the API and the admin: its path (`<int:pk>` written `{pk}`) -> its view."""

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry, route)
            else:
                yield route, entry.callback

    pages = {}
    for route, view in walk(get_resolver(), "/"):
        if not route.startswith(("/api/", "/admin/")) and "^" not in route:
            pages[re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)] = view
    return pages


def _pages_rows(view) -> bool:
    """A view that pages its rows (Django's Paginator or the house's paginate) serves a list."""
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False
    return re.search(r"\bPaginator\(|\bpaginate\(", source) is not None


def test_given_the_api_when_its_lists_are_enumerated_then_each_has_a_registered_budget():
    # given every list of the OpenAPI document
    lists = list_operations(api.get_openapi_schema())
    # then each is registered, and nothing registered is gone
    missing = sorted(lists - API_LISTS.keys())
    assert not missing, f"these API lists have no query budget: {missing}; {HOW}"
    stale = sorted(API_LISTS.keys() - lists)
    assert not stale, f"tests/list_budgets.py registers lists the API no longer has: {stale}; remove them"


def test_given_the_registered_budgets_when_each_test_is_read_then_it_exists_reads_its_list_and_counts_queries():
    # given each registered list and its test, then the test exists, names the path and measures queries
    wrong = _budget_faults(API_LISTS)
    assert wrong == {}, f"registered budget tests that do not budget their list: {wrong}; {HOW}"


def test_given_the_web_list_pages_when_checked_then_each_is_routed_and_each_registered_test_budgets_it():
    # given the routed pages
    pages = web_pages()
    # then every registered page exists, none is both budgeted and waiting, and each budget test is real
    unrouted = sorted((WEB_LISTS.keys() | WEB_LISTS_WITHOUT_BUDGET) - pages.keys())
    assert not unrouted, f"tests/list_budgets.py names web pages that are not routed: {unrouted}"
    both = sorted(WEB_LISTS.keys() & WEB_LISTS_WITHOUT_BUDGET)
    assert not both, f"budgeted pages still listed in WEB_LISTS_WITHOUT_BUDGET: {both}; remove them there"
    wrong = _budget_faults(WEB_LISTS)
    assert wrong == {}, f"registered budget tests that do not budget their page: {wrong}"


def test_given_a_web_view_that_pages_its_rows_when_checked_then_its_page_is_registered():
    # given every routed view that pages rows
    paged = {path for path, view in web_pages().items() if _pages_rows(view)}
    # then each page is registered with its budget test (or, for the pages that predate the rule, waiting)
    missing = sorted(paged - WEB_LISTS.keys() - WEB_LISTS_WITHOUT_BUDGET)
    assert not missing, (
        f"these web pages list rows with no query budget: {missing}; give each a test that opens it with a "
        "few rows then more (tests/budgets.py assert_flat_page) and register it in tests/list_budgets.py WEB_LISTS"
    )


def test_given_the_web_pages_waiting_for_a_budget_then_their_number_only_shrinks():
    # A new list page goes to WEB_LISTS with its test; lower the ceiling when a page leaves the waiting list.
    assert len(WEB_LISTS_WITHOUT_BUDGET) <= 0


def test_given_a_document_when_its_lists_are_enumerated_then_arrays_and_pages_are_found_and_others_not():
    # given an array, a page of items, a single object and a write
    page = {"type": "object", "properties": {"items": {"type": "array"}, "count": {"type": "integer"}}}
    document = {
        "components": {"schemas": {"ThingPage": page, "Thing": {"type": "object", "properties": {}}}},
        "paths": {
            "/things": {"get": {"responses": {200: {"content": {"j": {"schema": {"type": "array"}}}}}}},
            "/paged": {
                "get": {"responses": {200: {"content": {"j": {"schema": {"$ref": "#/s/ThingPage"}}}}}}
            },
            "/one": {"get": {"responses": {200: {"content": {"j": {"schema": {"$ref": "#/s/Thing"}}}}}}},
            "/made": {"post": {"responses": {201: {"content": {"j": {"schema": {"type": "array"}}}}}}},
        },
    }
    # when enumerated, then only the array and the page are lists
    assert list_operations(document) == {"/things", "/paged"}
