"""The public trust report of a market (docs/insights.md): formulas and platform-wide rates, nothing
personal. Views only translate HTTP; the numbers come from trust.py."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from comeback.aftersales import metrics as defects
from comeback.core import clock, markets
from comeback.sellers import metrics as seller_metrics

from ..trust import trust_report


def trust(request, market: str):
    found = markets.find(market)
    if found is None:
        raise Http404(_("Unknown market."))
    report = trust_report(found.code, at=clock.now())
    return render(
        request,
        "insights/trust.html",
        {
            "report": report,
            "trust_market": found,
            "all_markets": markets.all_markets(),
            # the windows the sentences spell, read where the rules keep them
            "trailing_days": seller_metrics.TRAILING_WINDOW.days,
            "defect_days": defects.DEFECT_WINDOW.days,
        },
    )
