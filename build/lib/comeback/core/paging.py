"""One way to page every list the API answers (docs/api.md "Paging"): `page` (from 1) and `page_size`
(1–100, default 25) in the query; `count`, `page`, `page_size`, `pages`, `next` and `previous` beside the
page's `items` in the answer. Nothing is silently cut: a client follows `next` until it is null.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from ninja import Field, Schema

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000  # beyond any list's length; keeps the offset a small integer for every database


class PageQuery(Schema):
    """The paging parameters; a filter schema of a list subclasses it (or an operation takes it as
    `Query[PageQuery]`)."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1 to {MAX_PAGE_SIZE}"
    )


class PageOut(Schema):
    count: int = Field(..., description="Items in the whole list")
    page: int
    page_size: int
    pages: int = Field(..., description="Number of pages (at least 1)")
    next: str | None = Field(..., description="The next page's URL (path and query), null on the last page")
    previous: str | None = Field(..., description="The previous page's URL, null on the first page")


_pages: dict[type, type[PageOut]] = {}


def page_of(item: type[Schema], name: str | None = None) -> type[PageOut]:
    """The page schema of a list of `item`, named `<Item>Page` (`ListingOut` → `ListingOutPage`) unless
    `name` is given; the same class each time it is asked for."""
    if item not in _pages:
        cls_name = name or f"{item.__name__}Page"
        _pages[item] = type(
            cls_name,
            (PageOut,),
            {
                "__annotations__": {"items": list[item]},
                "__module__": item.__module__,
                "__qualname__": cls_name,
            },
        )
    return _pages[item]


def paginate(
    request,
    rows: Sequence | Iterable,
    query: PageQuery,
    *,
    out: Callable[[Any], Any] | None = None,
    count: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The page `query` asks for out of `rows` (a queryset is sliced in the database, so only one page is
    read), each item passed through `out`. `count` when the caller already knows it; `extra` fields go
    beside the paging ones (a list's own summary)."""
    if count is None:
        count = rows.count() if hasattr(rows, "count") and not isinstance(rows, (list, tuple)) else len(rows)
    start = (query.page - 1) * query.page_size
    items = list(rows[start : start + query.page_size]) if start < count else []
    if out is not None:
        items = [out(row) for row in items]
    return page_answer(request, items, query, count=count, **extra)


def page_answer(request, items: list, query: PageQuery, *, count: int, **extra: Any) -> dict[str, Any]:
    """The answer for one page whose `items` the caller has read itself (`count` in the whole list)."""
    pages = max(1, math.ceil(count / query.page_size))
    return {
        **extra,
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "pages": pages,
        "next": _link(request, query.page + 1) if query.page < pages else None,
        "previous": _link(request, min(query.page - 1, pages)) if query.page > 1 else None,
        "items": items,
    }


def _link(request, page: int) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k != "page"]
    params.append(("page", str(page)))
    return f"{request.path}?{urlencode(params)}"
