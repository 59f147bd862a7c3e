"""Staff insights over the API: the dashboard's numbers as JSON and the dead outbox events to replay.
Handlers only translate HTTP; the same selectors feed the page, the CSV and this."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_answer
from comeback.core.problems import NotFound
from comeback.core.schemas import MarketCodeOrBlank, ProblemOut
from comeback.web.api_access import acting_staff

from .. import backstage, filters, selectors
from ..schemas import PROBLEMS, DeadEventPage, InsightsOut, PanelOut, ReplayOut

router = Router()  # tagged "insights" by the router that gathers it (api/__init__.py)


STAFF_ONLY = gettext_lazy(
    "Only staff read the operator insights."
)  # what a token without staff rights is told


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
    market: MarketCodeOrBlank | None = None,
    category: int | None = None,
    seller: int | None = None,
    convert: str | None = None,
):
    acting_staff(request, STAFF_ONLY)
    f = filters.parse(
        {"weeks": weeks, "market": market, "category": category, "seller": seller, "convert": convert}
    )
    return {
        "correct_to": _correct_to(),
        "filters": f,
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
    market: MarketCodeOrBlank | None = None,
    category: int | None = None,
    seller: int | None = None,
    convert: str | None = None,
):
    acting_staff(request, STAFF_ONLY)
    f = filters.parse(
        {"weeks": weeks, "market": market, "category": category, "seller": seller, "convert": convert}
    )
    panel = selectors.panel(key, f)
    if panel is None:
        raise NotFound(_("No such panel: %(key)s.") % {"key": key}, code="unknown_panel")
    return panel.as_dict()


@router.get(
    "/staff/outbox/dead",
    response={200: DeadEventPage, **PROBLEMS},
    auth=token_auth,
    summary="Outbox events that used up their attempts, newest first (staff)",
)
def dead_events(request, paging: Query[PageQuery]):
    acting_staff(request, _("Only staff see the dead letters."))
    offset = (paging.page - 1) * paging.page_size
    items, count = backstage.dead_letters(offset=offset, limit=paging.page_size)
    return page_answer(request, items, paging, count=count)


@router.post(
    "/staff/outbox/dead/{event_id}/replay",
    response={200: ReplayOut, 409: ProblemOut, **PROBLEMS},
    auth=token_auth,
    summary="Give a dead outbox event a new set of attempts (staff); 409 event_not_dead when it is not dead",
)
def replay_dead_event(request, event_id: int):
    staff = acting_staff(request, _("Only staff replay dead letters."))
    backstage.replay(event_id=event_id, staff=staff)
    return {"id": event_id, "replayed": True}
