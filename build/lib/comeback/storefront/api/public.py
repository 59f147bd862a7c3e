"""Catalogue API: `GET markets`, `GET categories`, `GET products`, `GET products/{id}` (docs/design.md §4).

Public reads, no token needed. Handlers only translate HTTP; every read is in selectors.
"""

from __future__ import annotations

from dataclasses import asdict

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router

from comeback.catalog import conditions, sizes, textile
from comeback.catalog.images import model_images
from comeback.catalog.models import Category
from comeback.core import markets
from comeback.core.paging import PageQuery, page_answer
from comeback.core.problems import Invalid
from comeback.core.schemas import MarketCode
from comeback.offers import authentication
from comeback.offers import photos as unit_photos
from comeback.offers.models import Offer

from .. import selectors, suggest
from ..schemas import (
    MARKET_CODE,
    CategoryOut,
    MarketOut,
    ProblemOut,
    ProductFilters,
    ProductOut,
    ProductPageOut,
    SuggestionsOut,
    SuggestQuery,
)

router = Router(tags=["catalogue"])


MAX_ATTR_FILTERS = 10


def _problems(*statuses: int) -> dict:
    """Document that these error responses are RFC 9457 application/problem+json."""
    body = {"schema": {"$ref": "#/components/schemas/ProblemOut"}}
    return {"responses": {s: {"content": {"application/problem+json": body}} for s in statuses}}


@router.get("/markets", response=list[MarketOut], summary="List markets")
def list_markets(request):
    """Every active market with its currency, locale, time zone and legal settings."""
    return [
        {
            "code": m.code,
            "name": m.name,
            "currency": m.currency,
            "locale": m.locale,
            "timezone": m.timezone,
            "commercial_warranty_min_months": m.commercial_warranty_min_months,
            "return_window_days": m.return_window_days,
            "legal_guarantee_months": m.legal_guarantee_months,
            "legal_guarantee_note": m.legal_guarantee_note,
        }
        for m in markets.all_markets()
    ]


def _category(c: Category) -> dict:
    return {
        "id": c.pk,
        "slug": c.slug,
        "name": c.name,
        "parent": c.parent_id,
        "kind": c.kind,
        "condition_scheme": c.condition_scheme,
        "battery_floor": c.battery_floor,
        "attribute_schema": c.attribute_schema,
        "variant_schema": c.variant_schema,
        "children": [_category(child) for child in c.children_list],
    }


@router.get("/categories", response=list[CategoryOut], summary="The category tree")
def list_categories(request):
    """Top-level categories with their `children`, each with the JSON Schemas its models and variants follow."""
    return [_category(c) for c in selectors.category_tree()]


def _attr_filters(request) -> dict[str, str]:
    """`attr.storage_gb=128` or, the same in OpenAPI's deepObject style, `attr[storage_gb]=128`."""
    attrs = {}
    for key, value in request.GET.items():
        if key.startswith("attr.") and len(key) > 5:
            attrs[key[5:]] = value
        elif key.startswith("attr[") and key.endswith("]") and len(key) > 6:
            attrs[key[5:-1]] = value
    if len(attrs) > MAX_ATTR_FILTERS:
        raise Invalid.field("attr", "too_many_filters", _("At most %d attribute filters.") % MAX_ATTR_FILTERS)
    return attrs


@router.get(
    "/products",
    response={200: ProductPageOut, 422: ProblemOut},
    summary="Search products",
    openapi_extra={
        **_problems(422),
        "parameters": [
            {
                "in": "query",
                "name": "attr",
                "required": False,
                "style": "deepObject",
                "explode": True,
                "schema": {"type": "object", "additionalProperties": {"type": "string"}},
                "description": "Variant attribute filters: `attr[storage_gb]=128&attr[colour]=Black`; "
                "`attr.storage_gb=128` works too.",
            }
        ],
    },
)
def list_products(request, filters: Query[ProductFilters]):
    """Product models with at least one visible offer in the market, matching the words and filters.

    Price and grade filters apply to offers, so `from_price` is the cheapest offer within them. Facets
    count the matching products per brand, grade, category and variant attribute value. Filter by a
    variant attribute with `attr[<name>]=<value>` (or `attr.<name>=<value>`).
    """
    criteria = filters.model_dump()
    criteria["per_page"] = criteria.pop("page_size")
    result = selectors.search_products(**criteria, attrs=_attr_filters(request))
    paging = PageQuery(page=filters.page, page_size=filters.page_size)
    schemes = {c.slug: c.condition_scheme for c in result.categories}  # read by the search already
    return page_answer(
        request,
        [
            {
                "id": c.product_id,
                "slug": c.slug,
                "name": c.name,
                "brand": c.brand_name,
                "brand_slug": c.brand_slug,
                "category": c.category_slug,
                "category_name": c.category_name,
                "illustration": c.illustration,
                "from_price": c.from_price.amount,
                "currency": c.from_price.currency,
                "offer_count": c.offer_count,
                "condition_scheme": schemes.get(c.category_slug, conditions.DEFAULT_SCHEME),
                "grades": c.grades,
                "release_year": c.release_year,
            }
            for c in result.items
        ],
        paging,
        count=result.total,
        market=result.market,
        currency=result.currency,
        facets={
            "brand": [{"slug": s, "name": n, "count": c} for s, n, c in result.facets["brand"]],
            "grade": [{"grade": g, "count": c} for g, c in result.facets["grade"]],
            "category": [{"slug": s, "name": n, "count": c} for s, n, c in result.facets["category"]],
            "attrs": {
                k: [{"value": v, "count": c} for v, c in values]
                for k, values in result.facets["attrs"].items()
            },
        },
    )


@router.get(
    "/search/suggest",
    response={200: SuggestionsOut, 422: ProblemOut},
    summary="Suggestions as you type",
    openapi_extra=_problems(422),
)
def suggest_products(request, query: Query[SuggestQuery]):
    """Up to 8 product models on sale in the market whose brand and name hold every word typed, the last
    one possibly unfinished, devices before accessories. Typos are forgiven as search forgives them: when
    the words match nothing, `corrected` says which query the suggestions answer."""
    market = markets.get(query.market)
    found = suggest.suggest(q=query.q, market=market.code)
    return {
        "q": found.q,
        "corrected": found.corrected,
        "market": market.code,
        "currency": market.currency,
        "items": [
            {
                "id": s.product_id,
                "slug": s.slug,
                "name": s.name,
                "brand": s.brand,
                "title": f"{s.brand} {s.name}",
                "url": reverse("storefront:product", args=(s.slug,)),
                "from_price": s.from_price,
                "offer_count": s.offer_count,
            }
            for s in found.items
        ],
    }


def _offer(o: Offer, scheme: str, shots: dict | None = None, badges: dict | None = None) -> dict:
    badge = (badges or {}).get(o.pk)
    return {
        "offer_id": o.pk,
        "authenticated": badge is not None,
        "authenticated_at": badge["authenticated_at"] if badge else None,
        "photos": [asdict(x) for x in (shots or {}).get(o.pk, [])],
        "condition_scheme": scheme,
        "grade": o.grade,
        "price": o.price_amount,
        "currency": o.currency,
        "quantity": o.quantity,
        "seller": {
            "id": o.seller_id,
            "name": o.seller.display_name,
            "rating": o.seller.rating_avg,
            "rating_count": o.seller.rating_count,
        },
        "battery_health_min": o.battery_health_min,
        "warranty_months": o.warranty_months,
        "handling_days": o.handling_days,
    }


def _ref(p) -> dict:
    return {"id": p.pk, "slug": p.slug, "name": p.name, "brand": p.brand.name}


@router.get(
    "/products/{product_id}",
    response={200: ProductOut, 404: ProblemOut, 422: ProblemOut},
    summary="A product with its best offers",
    openapi_extra=_problems(404, 422),
)
def get_product(
    request,
    product_id: int,
    market: MarketCode = Query(  # noqa: B008 (ninja's parameter declaration, read once)
        "FR", description="Market code; offers and prices are in it", pattern=MARKET_CODE
    ),
):
    """A product model, its variants and, per variant and grade, the best offer in the market with the
    reasons it wins (the published ranking formula) and the other offers, best first."""
    detail = selectors.product_detail(market=market, product_id=product_id)
    p = detail.product
    scheme = p.category.conditions
    guide = sizes.size_guide_for(p) if scheme.size_guides else None
    slots = [slot for v in detail.variants for slot in detail.slots_by_variant.get(v.id, [])]
    shown = [o for slot in slots for o in (slot.winner, *slot.others)]
    shots = unit_photos.photos_of(shown)
    badges = authentication.badges(shown)
    variants = []
    for v in detail.variants:
        best = []
        for slot in detail.slots_by_variant.get(v.id, []):
            best.append(
                {
                    **_offer(slot.winner, scheme.code, shots, badges),
                    "why": slot.reasons,
                    "why_codes": slot.reason_codes,
                    "why_factors": slot.factors,
                    "seller_quality": slot.winner_quality,
                    "other_offers": [_offer(o, scheme.code, shots, badges) for o in slot.others],
                }
            )
        variants.append(
            {
                "id": v.id,
                "label": v.label,
                "sku": v.sku,
                "gtin": v.gtin or p.gtin,  # the variant's own, or the model's where one serves every variant
                "attributes": v.attributes,
                "from_price": v.from_price.amount if v.from_price else None,
                "offer_count": v.offer_count,
                "best_offers": best,
            }
        )
    return {
        "id": p.pk,
        "slug": p.slug,
        "name": p.name,
        "brand": p.brand.name,
        "brand_slug": p.brand.slug,
        "category": p.category.slug,
        "category_name": p.category.name,
        "kind": p.category.kind,
        "condition_scheme": scheme.code,
        "condition_grades": [
            {"code": g.code, "label": str(g.label), "description": str(g.description)} for g in scheme.grades
        ],
        "description": p.description,
        "images": [
            {
                "url": i.path,
                "alt": i.alt,
                "illustration": i.illustration,
                "width": i.width,
                "height": i.height,
                "sizes": [asdict(size) for size in i.sizes],
                "colour": i.colour,
            }
            for i in model_images(p)
        ],
        "release_date": p.release_date.isoformat() if p.release_date else None,
        "end_of_placement": p.end_of_placement.isoformat() if p.end_of_placement else None,
        "gtin": p.gtin,
        "materials": p.materials,
        "origin": p.origin,
        "attributes": p.attributes,
        "weight_grams": p.weight_grams,
        "energy_label": p.energy_label or None,
        "textile": textile.present(p.textile),
        "market": detail.market.code,
        "currency": detail.market.currency,
        "from_price": detail.from_price.amount if detail.from_price else None,
        "offer_count": detail.offer_count,
        "variants": variants,
        "size_guide": guide.as_json() if guide else None,
        "compatible_with": [_ref(x) for x in detail.compatible_with],
        "accessories": [_ref(x) for x in detail.accessories],
    }
