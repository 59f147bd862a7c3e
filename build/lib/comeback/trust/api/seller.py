"""A seller's statements of reasons and its contests (docs/trust.md "Every restriction explained")."""

from __future__ import annotations

from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, paginate
from comeback.core.schemas import ProblemOut
from comeback.web.api_access import acting_seller

from .. import statements
from ..models import Statement
from ..schemas import ContestIn, StatementList, StatementOut

router = Router(tags=["trust"], auth=token_auth)
PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}


@router.get(
    "/seller/statements", response={200: StatementList, **PROBLEMS}, summary="My statements of reasons"
)
def list_statements(request, paging: Query[PageQuery]):
    seller = acting_seller(request)
    return paginate(request, Statement.objects.filter(seller=seller), paging)


@router.get(
    "/seller/statements/{statement_id}", response={200: StatementOut, **PROBLEMS}, summary="One statement"
)
def get_statement(request, statement_id: int):
    return statements.for_seller(seller=acting_seller(request), statement_id=statement_id)


@router.post(
    "/seller/statements/{statement_id}/contest",
    response={200: StatementOut, **PROBLEMS},
    summary="Contest a decision: a person reviews it",
)
def contest(request, statement_id: int, body: ContestIn):
    seller = acting_seller(request)
    return statements.contest(seller=seller, statement_id=statement_id, text=body.text, by=request.auth.user)
