"""Query budgets on lists: a page costs the same number of queries for a few rows or many (no N+1), and stays
within its budget. Each app's `test_query_budgets.py` uses `assert_flat` on every list it serves."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

FEW, MANY = 2, 8


def rows(page) -> list:
    """The rows of a list answer: an array, or a paged list's `items`."""
    return page["items"] if isinstance(page, dict) else page


def queries(client, path: str, params: dict | None = None) -> tuple[int, object]:
    """Queries of one read, after a first read warms the token's last-used stamp and per-process caches."""
    client.get(path, params).expect(200)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(path, params).expect(200)
    return len(captured), page


def assert_flat(
    client,
    path: str | Callable[[], str],
    add: Callable[[int], object],
    *,
    budget: int,
    params: dict | None = None,
    already: int = 0,
    counts: tuple[int, int] = (FEW, MANY),
) -> None:
    """Given `add(n)` creating n more rows of the list, the read costs the same with FEW rows as with MANY."""
    url = path if isinstance(path, str) else None
    n_few, n_many = counts
    add(n_few)
    few, page = queries(client, url or path(), {"page_size": 50, **(params or {})})
    assert len(rows(page)) == n_few + already, rows(page)
    add(n_many - n_few)
    many, page = queries(client, url or path(), {"page_size": 50, **(params or {})})
    assert len(rows(page)) == n_many + already, rows(page)
    assert many == few, f"{path}: {few} queries for {n_few} rows, {many} for {n_many}"
    assert many <= budget, f"{path}: {many} queries, budget {budget}"


def page_queries(client, path: str) -> int:
    """Queries of one page view, after a first view warms the session and per-process caches."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(captured)


def assert_flat_page(
    client,
    path: str | Callable[[], str],
    add: Callable[[int], object],
    *,
    budget: int,
    counts: tuple[int, int] = (FEW, MANY),
) -> None:
    """Given `add(n)` creating n more rows of a web page's list, the page costs the same with FEW rows as with
    MANY, within its budget; `client` is a test client logged in as the reader."""
    n_few, n_many = counts
    add(n_few)
    few = page_queries(client, path if isinstance(path, str) else path())
    add(n_many - n_few)
    many = page_queries(client, path if isinstance(path, str) else path())
    assert many == few, f"{path}: {few} queries for {n_few} rows, {many} for {n_many}"
    assert many <= budget, f"{path}: {many} queries, budget {budget}"
