"""The facets: counts of brands, grades, attributes and colours among the filtered offers, as lists."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import F, QuerySet

from comeback.catalog import colours, kept
from comeback.catalog.models import Category
from comeback.offers.models import Offer

from .filters import GRADES


def _attr_facet_sql() -> str:
    if connection.vendor == "postgresql":
        return (
            "SELECT 'attr', je.key, je.value #>> '{}', COUNT(DISTINCT d.pid) "
            "FROM (SELECT DISTINCT vid, pid FROM m) d JOIN catalog_variant v ON v.id = d.vid "
            "CROSS JOIN LATERAL jsonb_each(v.attributes) je "
            "WHERE jsonb_typeof(je.value) NOT IN ('object', 'array', 'null') GROUP BY je.key, je.value #>> '{}'"
        )
    return (
        "SELECT 'attr', je.key, CASE je.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
        "ELSE CAST(je.value AS TEXT) END AS val, COUNT(DISTINCT d.pid) "
        "FROM (SELECT DISTINCT vid, pid FROM m) d JOIN catalog_variant v ON v.id = d.vid, json_each(v.attributes) je "
        "WHERE je.type NOT IN ('object', 'array', 'null') GROUP BY je.key, val"
    )


def _colour_pairs_sql() -> str:
    """(product, colour name) pairs of the matching variants: the base colour facet is counted from them."""
    colour = (
        "v.attributes->>'colour'"
        if connection.vendor == "postgresql"
        else "json_extract(v.attributes, '$.colour')"
    )
    return (
        f"SELECT DISTINCT 'colour', CAST(d.pid AS TEXT), {colour}, 0 "
        "FROM (SELECT DISTINCT vid, pid FROM m) d JOIN catalog_variant v ON v.id = d.vid "
        f"WHERE {colour} IS NOT NULL"
    )


def _sql_facets(offers: QuerySet[Offer]) -> dict:
    """Matching products per brand, grade, category and variant attribute value: one query."""
    inner, params = offers.values(
        "grade",
        pid=F("variant__product_id"),
        bid=F("variant__product__brand_id"),
        cid=F("variant__product__category_id"),
        vid=F("variant_id"),
    ).query.sql_with_params()
    sql = (
        f"WITH m AS ({inner}) "
        "SELECT 'brand', CAST(bid AS TEXT), '', COUNT(DISTINCT pid) FROM m GROUP BY bid "
        "UNION ALL SELECT 'grade', grade, '', COUNT(DISTINCT pid) FROM m GROUP BY grade "
        "UNION ALL SELECT 'category', CAST(cid AS TEXT), '', COUNT(DISTINCT pid) FROM m GROUP BY cid "
        f"UNION ALL {_attr_facet_sql()} "
        f"UNION ALL {_colour_pairs_sql()}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    raw: dict = {"brand": {}, "grade": {}, "category": {}, "attr": defaultdict(dict)}
    by_colour: dict[str, set[str]] = defaultdict(set)
    for facet, k, v, n in rows:
        if facet == "colour":
            if group := colours.group_of(v):
                by_colour[group].add(k)
        elif facet == "attr":
            raw["attr"][k][str(v)] = n
        else:
            raw[facet][str(k)] = n
    if by_colour:
        raw["attr"][colours.GROUP] = {group: len(pids) for group, pids in by_colour.items()}
    return raw


def _brands() -> dict[int, tuple[str, str]]:
    """Every brand as id -> (slug, name), for the filter and the facet names: kept per process under the
    catalogue version (catalog/kept.py), like the category table. Shared: never change it."""
    return kept.table("brand-names", lambda: {b.pk: (b.slug, b.name) for b in kept.brands()})


def _facet_lists(raw: dict, categories: list[Category], brands: dict[int, tuple[str, str]]) -> dict:
    """Counts as the storefront lists them: (slug, name, count) best first; grades in grade order."""
    cats = {str(c.pk): c for c in categories}
    named = {str(pk): v for pk, v in brands.items()}
    return {
        "brand": sorted(
            ((*named[b], n) for b, n in raw["brand"].items() if b in named), key=lambda t: (-t[2], t[1])
        ),
        "grade": [(g, raw["grade"][g]) for g in GRADES if g in raw["grade"]],
        "category": sorted(
            ((cats[c].slug, cats[c].name, n) for c, n in raw["category"].items() if c in cats),
            key=lambda t: (-t[2], t[1]),
        ),
        "attrs": {
            name: sorted(
                values.items(),
                key=(lambda kv: colours.order(kv[0]))
                if name == colours.GROUP
                else (lambda kv: natural_order(kv[0])),
            )
            for name, values in sorted(raw["attr"].items())
        },
    }


def natural_order(value: str) -> tuple:
    """Numbers in numeric order before words in alphabetical order: 64, 128, 256, Black, White."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value.casefold())
