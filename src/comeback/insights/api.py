"""Insights API: the dashboard's numbers as JSON for staff tokens, and the public trust report.
Handlers only translate HTTP; the same selectors feed the page, the CSV and this."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from comeback.accounts.auth import acting_staff, token_auth
from comeback.core import clock
from comeback.core.problems import NotFound
from comeback.core.schemas import ProblemOut

from . import filters, selectors
from .schemas import InsightsOut, PanelOut, TrustOut
from .trust import trust_report

router = Router(tags=["insights"])
PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 422)}


def _staff(request) -> None:
    acting_staff(request, _("Only staff read the operator insights."))


def _filters_out(f: filters.Filters) -> dict:
    prev_start, prev_end = f.previous
    return {
        "weeks": f.weeks,
        "start": f.start.isoformat(),
        "end": f.end.isoformat(),
        "previous_start": prev_start.isoformat(),
        "previous_end": prev_end.isoformat(),
        "market": f.market or None,
        "category": f.category,
        "seller": f.seller,
        "convert": f.convert or None,
    }


def _correct_to() -> str | None:
    refresh = selectors.correct_to()
    return refresh.correct_to.isoformat() if refresh else None


@router.get(
    "/staff/insights",
    response={200: InsightsOut, **PROBLEMS},
    auth=token_auth,
    summary="Every dashboard panel for the filters (staff)",
)
def insights(
    request,
    weeks: int | None = None,
    market: str | None = None,
    category: int | None = None,
    seller: int | None = None,
    convert: str | None = None,
):
    _staff(request)
    f = filters.parse(
        {"weeks": weeks, "market": market, "category": category, "seller": seller, "convert": convert}
    )
    return {
        "correct_to": _correct_to(),
        "filters": _filters_out(f),
        "panels": [p.as_dict() for p in selectors.dashboard(f)],
    }


@router.get(
    "/staff/insights/{key}",
    response={200: PanelOut, **PROBLEMS},
    auth=token_auth,
    summary="One dashboard panel (markets, revenue, orders, sellers, tradeins, quality, seller_quality, "
    "durations, impact) for the filters (staff)",
)
def insights_panel(
    request,
    key: str,
    weeks: int | None = None,
    market: str | None = None,
    category: int | None = None,
    seller: int | None = None,
    convert: str | None = None,
):
    _staff(request)
    f = filters.parse(
        {"weeks": weeks, "market": market, "category": category, "seller": seller, "convert": convert}
    )
    panel = selectors.panel(key, f)
    if panel is None:
        raise NotFound(_("No such panel: %(key)s.") % {"key": key}, code="unknown_panel")
    return panel.as_dict()


@router.get(
    "/trust/{market}",
    response={200: TrustOut, **PROBLEMS},
    auth=None,
    summary="A market's public trust report: formulas and platform-wide rates, nothing personal",
)
def trust(request, market: str):
    return trust_report(market, at=clock.now()).as_dict()
