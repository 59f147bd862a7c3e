"""Staff API: payout runs, their SEPA files and bank statements (docs/payouts.md)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Query, Router, Status, UploadedFile

from comeback.accounts.auth import token_auth
from comeback.core import clock
from comeback.core.paging import PageQuery, page_answer, page_of
from comeback.core.problems import Conflict, NotFound
from comeback.web.api_access import acting_staff

from .. import selectors
from ..models import PayoutFile, PayoutRun
from ..schemas.staff import BankStatementOut, RunIn, RunOut
from ..services import runs as run_service
from ..services import statements
from . import refused

router = Router(tags=["staff payouts"])


STAFF_ONLY = gettext_lazy(
    "Only staff run payouts and import bank statements."
)  # what a token without staff rights is told


@router.get(
    "/staff/payouts/runs",
    auth=token_auth,
    response=page_of(RunOut, "RunList"),
    summary="Payout runs, newest first, with their money per currency and status",
)
def list_runs(request, paging: Query[PageQuery]):
    acting_staff(request, STAFF_ONLY)
    rows = selectors.runs(limit=paging.page_size, offset=(paging.page - 1) * paging.page_size)
    return page_answer(request, rows, paging, count=selectors.run_count())


@router.post(
    "/staff/payouts/runs",
    auth=token_auth,
    response={200: RunOut, 201: RunOut},
    summary="Run today's payouts (idempotent: today's run again pays nothing twice)",
    openapi_extra=refused((409, "not_a_payout_day")),
)
def start_run(request, body: RunIn):
    user = acting_staff(request, STAFF_ONLY)
    now = clock.now()
    day = run_service.run_date(now)
    existed = PayoutRun.objects.filter(run_date=day).exists()
    run = run_service.run_due(at=now, user=user, force=body.force)
    if run is None:
        raise Conflict(
            _("Today is not a payout day; send force=true to run anyway."),
            code="not_a_payout_day",
            next_payout_day=run_service.next_payout_day(day).isoformat(),
        )
    row = next(r for r in selectors.runs() if r.run.pk == run.pk)
    return Status(200 if existed else 201, row)


@router.get(
    "/staff/payouts/runs/{run_id}/sepa.xml",
    auth=token_auth,
    url_name="staff_run_sepa",
    summary="The run's SEPA Credit Transfer file (pain.001.001.09), as handed to the bank",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {"description": "pain.001.001.09", "content": {"application/xml": {}}},
            **refused((404, "sepa_file_not_found"))["responses"],
        }
    },
)
def run_sepa(request, run_id: int):
    acting_staff(request, STAFF_ONLY)
    file = PayoutFile.objects.filter(run_id=run_id, currency="EUR").order_by("created_at", "pk").first()
    if file is None:
        raise NotFound(_("This run has no SEPA file."), code="sepa_file_not_found")
    return xml_download(file)


def xml_download(file: PayoutFile) -> HttpResponse:
    response = HttpResponse(file.content.encode(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file.message_id}.xml"'
    return response


@router.post(
    "/staff/payouts/statements",
    auth=token_auth,
    response={201: BankStatementOut},
    summary="Import a camt.053 bank statement: transfers are marked paid or failed",
    openapi_extra=refused((409, "statement_already_imported")),
)
def import_statement(request, file: File[UploadedFile]):
    user = acting_staff(request, STAFF_ONLY)
    statement = statements.import_statement(content=file.read(statements.MAX_BYTES + 1), user=user)
    return Status(201, statement)
