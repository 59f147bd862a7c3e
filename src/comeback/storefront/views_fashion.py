"""The fashion section's landing page: its own navigation, grades, guarantees and shop window."""

from __future__ import annotations

from django.shortcuts import render

from comeback.editions import selectors as editions

from . import fashion


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
