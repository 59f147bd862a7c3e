"""The public trust report over the API (docs/insights.md): formulas and platform-wide rates, nothing
personal. Handlers only translate HTTP."""

from __future__ import annotations

from ninja import Router

from comeback.core import clock
from comeback.core.schemas import MarketCode

from ..schemas import PROBLEMS, TrustOut
from ..trust import trust_report

router = Router()  # tagged "insights" by the router that gathers it (api/__init__.py)


@router.get(
    "/trust/{market}",
    response={200: TrustOut, **PROBLEMS},
    auth=None,
    summary="A market's public trust report: formulas and platform-wide rates, nothing personal",
)
def trust(request, market: MarketCode):
    return trust_report(market, at=clock.now()).as_dict()
