"""The fashion storefront's reads: its sections, their navigation and a shop window (docs/fashion.md).

A section is a top-level category graded by a scheme made for clothing (catalog/conditions.py, e.g.
"Fashion" holding jackets, knitwear, jeans, dresses, shoes and bags); nothing here names a category.
"""

from __future__ import annotations

from dataclasses import dataclass

from comeback.catalog import conditions
from comeback.catalog.models import Category
from comeback.core.problems import Invalid

from .browse import SearchResult, search_products
from .selectors import category_tree

WINDOW = 8  # products in the shop window


@dataclass
class Section:
    root: Category
    children: list[Category]
    scheme: conditions.ConditionScheme

    @property
    def slugs(self) -> set[str]:
        return {self.root.slug, *(c.slug for c in self.children)}


def _is_fashion(category: Category) -> bool:
    return conditions.of_category(category).size_guides  # clothing, shoes and bags have sizes


def sections(categories: list[Category] | None = None) -> list[Section]:
    """Top-level categories of clothing, each with its sub-categories in display order: one query, none
    when the caller already holds the category table (`categories`)."""
    if categories is None:
        roots = category_tree()
        children = {c.pk: list(c.children_list) for c in roots}
    else:
        roots = [c for c in categories if c.parent_id is None]
        children = {c.pk: [k for k in categories if k.parent_id == c.pk] for c in roots}
    return [
        Section(root=c, children=children[c.pk], scheme=conditions.of_category(c))
        for c in roots
        if _is_fashion(c)
    ]


def section_of(slug: str | None, categories: list[Category] | None = None) -> Section | None:
    """The fashion section a category belongs to, if it is in one."""
    if not slug:
        return None
    return next((s for s in sections(categories) if slug in s.slugs), None)


def shop_window(*, market: str, section: Section) -> SearchResult | None:
    """The section's most offered items in the market, without facets."""
    try:
        return search_products(market=market, category=section.root.slug, per_page=WINDOW, with_facets=False)
    except Invalid:  # a market or category gone since the page was asked for
        return None
