"""Storefront pages for every visitor: home, search (with category landing pages), the product page, the
search box's suggestions and the fashion section's landing page.

Views only translate HTTP: they read the query string into the selectors' arguments, turn refusals
(`Invalid`, `NotFound`) into messages on the filter form or a 404 page, and pick the full page or,
for htmx, only the results region.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from comeback.catalog import sizes, textile, vocabulary
from comeback.catalog.conditions import DEVICE
from comeback.catalog.images import colour_of, model_images
from comeback.core.problems import Invalid, NotFound
from comeback.editions import selectors as editions
from comeback.orders import selectors as buying

from .. import fashion, fragment_keys, search_form, selectors, suggest
from ..variant_picker import variant_picker

REVIEWS_SHOWN = 5  # the newest reviews on a product page (orders/_reviews.html)


def _is_partial(request) -> bool:
    # htmx asks for the results region only; a history restore (back button, cache miss) needs the whole page.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def home(request):
    context = selectors.home_page(market=request.market.code)
    return render(request, "storefront/home.html", {**context, "grades": DEVICE.codes})


def search(request, category_slug: str | None = None):
    market = request.market
    params = search_form.parse_search(request.GET, market=market, category=category_slug)
    result = search_form.run_search(market, params)
    if result is not None and result.total and params.page > result.pages:
        # Past the last page (an old link, a hand-typed ?page=): show the last page instead of nothing.
        params.page = result.pages
        result = search_form.run_search(market, params)
    if category_slug and params.category != category_slug:
        # /c/<slug>/ names a category that does not exist (or no longer does).
        return render(request, "web/404.html", status=404)
    facets = (result.facets if result is not None else None) or {}
    category_name = next(
        (name for slug, name, _n in facets.get("category", []) if slug == params.category), None
    )
    if params.category and category_name is None:  # a category with nothing on sale right now
        category_name = search_form.category_name(params.category)
    category_name = vocabulary.category_name(category_name) or None
    context = {
        "chips": search_form.chips(request, params, facets, category_name, market),
        # Grade and price errors sit beside their fields; the rest (unknown brand, category…) above the results.
        "notices": [message for name, message in params.errors.items() if name not in ("grade", "price")],
        "params": params,
        "result": result,
        "facets": facets,
        # Storage, colour, size… only mean something within a category; across the catalogue they are noise.
        "attr_facets": [
            (
                name,
                search_form.attr_label(name, unit_suffix=False),
                search_form.in_schema_order(result, params.category, name, values),
            )
            for name, values in (facets.get("attrs") or {}).items()
            # base colours replace the makers' names, unless a shared link filters by one of those
            if not (name == "colour" and "colour_group" in facets["attrs"] and "colour" not in params.attrs)
        ]
        if params.category or params.attrs
        else [],
        "sorts": search_form.sort_labels(),
        "category_name": category_name,
        "min_price_major": (request.GET.get("min_price") or "")[:20],
        "max_price_major": (request.GET.get("max_price") or "")[:20],
        "page_range": search_form.page_range(result.page, result.pages) if result is not None else [],
        "attr_prefix": search_form.ATTR_PREFIX,
        # Nothing found for the words: the most offered models, as somewhere to go next.
        "popular": search_form.popular(market) if params.q and (result is None or not result.total) else [],
        # A fashion category has its section's navigation and promises (the search read the categories).
        "fashion_section": fashion.section_of(params.category, result.categories if result else None),
        # The device promise ("100% functional", warranty) only over a category whose scheme makes it.
        "device_promise": search_form.makes_device_promise(result, params.category),
    }
    context["filters_key"] = search_form.filters_key(
        params=params,
        facets=facets,
        attr_facets=context["attr_facets"],
        chips=context["chips"],
        market=market,
        prices=(context["min_price_major"], context["max_price_major"]),
    )
    template = "storefront/_results.html" if _is_partial(request) else "storefront/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _variant_id(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if 0 < value < 2**63 else None


def product(request, slug: str):
    market = request.market
    variant_id = _variant_id(request.GET.get("variant"))
    try:
        try:
            detail = selectors.product_detail(
                market=market.code, slug=slug, variant_id=variant_id, reviews=REVIEWS_SHOWN, shown=True
            )
        except (Invalid, NotFound):
            if variant_id is None:
                raise
            # An unknown or foreign ?variant= falls back to the product's default variant.
            detail = selectors.product_detail(
                market=market.code, slug=slug, variant_id=None, reviews=REVIEWS_SHOWN, shown=True
            )
    except (Invalid, NotFound):
        return render(request, "web/404.html", status=404)
    offered = {slot.grade: slot for slot in detail.grades if slot.winner is not None}
    # The very unit each sells; they all sell this page's variant, named once for the photos' alt text.
    subject = f"{detail.product} {detail.variant.label}" if detail.variant else str(detail.product)
    shots, authenticated = selectors.winners_shown(
        [slot.winner for slot in offered.values()], product=subject, read=detail.shown
    )
    scheme = detail.product.category.conditions
    colour = colour_of(detail.variant)
    numbered = editions.is_numbered(detail.product.category)
    # Add-ons that fit, and those a buyer may attach to each best offer (from its seller), in one read.
    addons = buying.product_addons(
        product_id=detail.product.pk, market_code=market.code, offers=[s.winner for s in offered.values()]
    )
    context = {
        "detail": detail,
        "product": detail.product,
        "conditions": scheme,
        "size_guide": sizes.size_guide_for(detail.product) if scheme.size_guides else None,
        # A garment's fibres per part, manufacturing countries and care symbols: fields of the product row.
        "textile": textile.present(detail.product.textile) if scheme.textile_facts else None,
        # (grade, slot, photos of the very unit, those of them disclosing a defect, the key of what the card shows)
        "grade_cards": [
            (g, slot, unit, [p for p in unit if p.defect], key)
            for g in scheme.codes
            if (slot := offered.get(g)) is not None
            for unit in [shots.get(slot.winner.pk, [])]
            for key in [
                fragment_keys.grade_card_key(
                    grade=g,
                    slot=slot,
                    photos=unit,
                    badge=authenticated.get(slot.winner.pk),
                    scheme=scheme,
                    market=market,
                    addons=addons.by_offer.get(slot.winner.pk),
                )
            ]
        ],
        "unavailable_grades": [g for g in scheme.codes if g not in offered],
        "authenticated": authenticated,
        "product_addons": addons,
        "picker": variant_picker(detail.variants, detail.variant),
        # The chosen colour's gallery: its own photos, else those of every colour, else the drawing.
        "model_images": model_images(detail.product, colour=colour),
        "gallery_colour": colour,
        # A numbered piece of an upcycled edition: its number, story and donor passports (docs/fashion.md).
        "edition_item": editions.item_of_variant(detail.variant.id if detail.variant else None)
        if numbered
        else None,
    }
    # The run itself, so a page without a numbered piece still reads "limited edition", never "second-hand".
    context["edition"] = (
        context["edition_item"].edition
        if context["edition_item"]
        else editions.edition_of_product(detail.product.pk)
        if numbered
        else None
    )
    # The regions that show only the model, the market and the variants' prices, kept under what they show
    # (storefront/fragment_keys.py); a numbered edition's page shows its pieces, read apart: never kept.
    page_key = None if numbered else fragment_keys.product_page_key(product=detail.product, market=market)
    context["page_key"] = page_key
    context["top_key"] = (
        fragment_keys.product_top_key(page=page_key, detail=detail, cards=len(context["grade_cards"]))
        if page_key
        else None
    )
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "product-main":
        # Another colour or configuration picked: only the region that depends on it (gallery, offers).
        response = render(request, "storefront/_product_main.html", context)
    else:
        response = render(request, "storefront/product.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def suggestions(request):
    """The search box's list while typing (htmx swaps it in): at most 8 models on sale, or an empty list."""
    found = suggest.suggest(q=request.GET.get("q", ""), market=request.market.code)
    response = render(request, "storefront/_suggestions.html", {"found": found})
    patch_vary_headers(response, ("Cookie",))
    return response


def fashion_home(request):
    market = request.market
    found = fashion.sections()
    if not found:
        return render(request, "web/404.html", status=404)
    section = found[0]
    window = fashion.shop_window(market=market.code, section=section)
    context = {
        "section": section,
        "conditions": section.scheme,
        "cards": window.items if window is not None else [],
        "total": window.total if window is not None else 0,
        "capsules": editions.capsules(market=market.code),
    }
    return render(request, "storefront/fashion.html", context)
