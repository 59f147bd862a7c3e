"""Search over the catalogue: filters, facets, sorting and pages (the storefront's and the API's search).

Only offers from `offers.selectors.visible_offers(market)` count: a product without a visible offer in the
market is not listed. Price, grade and attribute filters apply to offers, so a card's `from_price` is the
cheapest offer within them.

Search costs a fixed number of queries whatever the page size. In a small market: the full-text match,
one aggregated query for the page (its total from a window function), one for the page's products and
one for every facet at once. In a large market the aggregation runs in memory over a snapshot of the
market's visible offers (snapshot.py), so only the match and the page's products hit the database.

The parts:

- results.py  what a search returns: product cards, the result, the category tree
- filters.py  checking the query's filters, and the offers they select
- paging.py   running a search: ordering, paging and the page's cards, in SQL or over a snapshot
- facets.py   the facets' counts and lists
"""

from __future__ import annotations

from comeback.catalog import kept
from comeback.core import markets

from .. import snapshot
from .facets import natural_order
from .filters import (
    ATTR_NAME,
    DEFAULT_PER_PAGE,
    GRADES,
    MAX_ATTR_VALUE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_PRICE,
    SLUG,
    SORTS,
    Filters,
    _validate,
)
from .paging import ORDERINGS, run_search
from .results import CardPage, ProductCard, SearchResult, categories, descendants


def search_products(
    *,
    market: str,
    q: str | None = None,
    category: str | None = None,
    brand: str | None = None,
    grade: str | None = None,
    min_price: int | None = None,
    max_price: int | None = None,
    attrs: dict[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
    with_facets: bool = True,
    exact: bool = False,
    attr_facets: bool = True,
) -> SearchResult:
    """Products with a visible offer in `market` matching the words and filters, with facets.

    Words that find nothing are corrected against the catalogue's vocabulary (`result.corrected_q`) unless
    `exact`; a model query lists devices before accessories (forgiving.py).

    `attr_facets=False` leaves the attribute facet out where the page does not show it (in a large market it
    is then not counted). `category` includes its descendants; price, grade and attribute filters apply to the offers (so
    `from_price` is the cheapest offer within them). Invalid filters raise Invalid naming the field.
    """
    m = markets.get(market)
    sort = sort or "relevance"
    filters = _validate(
        q=q,
        category=category,
        brand=brand,
        grade=grade,
        min_price=min_price,
        max_price=max_price,
        attrs=attrs,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    # The category table changes only with the catalogue: kept per process (catalog/kept.py), never changed here.
    every_category = kept.categories()
    result = run_search(
        market=m,
        filters=filters,
        sort=sort,
        page=page,
        per_page=per_page,
        categories=every_category,
        with_facets=with_facets,
        snap=snapshot.for_market(m.code),
        exact=exact,
        attr_facets=attr_facets,
    )
    result.categories = every_category
    return result


__all__ = [
    "ATTR_NAME",
    "CardPage",
    "DEFAULT_PER_PAGE",
    "Filters",
    "GRADES",
    "MAX_ATTR_VALUE",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_PRICE",
    "ORDERINGS",
    "ProductCard",
    "SLUG",
    "SORTS",
    "SearchResult",
    "categories",
    "descendants",
    "natural_order",
    "run_search",
    "search_products",
]
