"""Staff API of trust: mystery orders (docs/trust.md "Mystery orders")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, paginate
from comeback.core.schemas import ProblemOut
from comeback.web.api_access import acting_staff

from .. import mystery, reports, statements
from ..models import MysteryOrder, Report, Statement
from ..schemas import (
    InspectionIn,
    MysteryIn,
    MysteryList,
    MysteryOut,
    ReportDecisionIn,
    ReportList,
    ReportOut,
    StatementDecisionIn,
    StatementList,
    StatementOut,
)

router = Router(tags=["trust"], auth=token_auth)
PROBLEMS = {code: ProblemOut for code in (401, 402, 403, 404, 409, 422)}


STAFF_ONLY = gettext_lazy(
    "Only staff place and inspect mystery orders."
)  # what a token without staff rights is told


@router.get(
    "/staff/mystery-orders", response={200: MysteryList, **PROBLEMS}, summary="Mystery orders, newest first"
)
def list_mystery(request, paging: Query[PageQuery]):
    acting_staff(request, STAFF_ONLY)
    return paginate(request, MysteryOrder.objects.all(), paging)


@router.post(
    "/staff/mystery-orders",
    response={201: MysteryOut, **PROBLEMS},
    summary="Place a mystery order: an ordinary order the seller cannot tell apart",
)
def place(request, body: MysteryIn):
    user = acting_staff(request, STAFF_ONLY)
    return 201, mystery.place(
        staff=user,
        offer_id=body.offer_id,
        shipping_address=body.shipping_address.dict(),
        payment_method=body.payment_method,
    )


@router.post(
    "/staff/mystery-orders/{mystery_id}/inspection",
    response={200: MysteryOut, **PROBLEMS},
    summary="Record what arrived; the result counts in the seller's quality",
)
def inspect(request, mystery_id: int, body: InspectionIn):
    user = acting_staff(request, STAFF_ONLY)
    return mystery.inspect(mystery_id=mystery_id, staff=user, inspection=mystery.Inspection(**body.dict()))


@router.get(
    "/staff/statements",
    response={200: StatementList, **PROBLEMS},
    summary="Statements of reasons (contested first)",
)
def staff_statements(request, paging: Query[PageQuery], status: str = "contested"):
    acting_staff(request, STAFF_ONLY)
    rows = Statement.objects.all() if status == "all" else Statement.objects.filter(status=status)
    return paginate(request, rows.order_by("contested_at", "id"), paging)


@router.post(
    "/staff/statements/{statement_id}/decision",
    response={200: StatementOut, **PROBLEMS},
    summary="Answer a contest with a statement: upheld or reversed",
)
def decide_statement(request, statement_id: int, body: StatementDecisionIn):
    user = acting_staff(request, STAFF_ONLY)
    return statements.decide(statement_id=statement_id, outcome=body.outcome, text=body.statement, by=user)


@router.get(
    "/staff/reports", response={200: ReportList, **PROBLEMS}, summary="Reported listings, oldest first"
)
def staff_reports(request, paging: Query[PageQuery], status: str = "open"):
    acting_staff(request, STAFF_ONLY)
    rows = Report.objects.all() if status == "all" else Report.objects.filter(status=status)
    return paginate(request, rows, paging)


@router.post(
    "/staff/reports/{report_id}/decision",
    response={200: ReportOut, **PROBLEMS},
    summary="Withdraw the reported listing (statement of reasons; buyers told) or dismiss the report",
)
def decide_report(request, report_id: int, body: ReportDecisionIn):
    user = acting_staff(request, STAFF_ONLY)
    return reports.decide(report_id=report_id, action=body.action, note=body.note, by=user)
