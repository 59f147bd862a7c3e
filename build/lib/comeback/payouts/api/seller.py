"""Seller API: where the seller is paid (docs/payouts.md "Bank accounts")."""

from __future__ import annotations

from ninja import Query, Router, Status

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.web.api_access import acting_seller

from .. import selectors
from ..schemas.seller import BankAccountIn, BankAccountOut
from ..services import bank_accounts
from . import refused

router = Router(tags=["seller payouts"])


@router.get(
    "/seller/bank-accounts",
    auth=token_auth,
    response=page_of(BankAccountOut, "BankAccountList"),
    summary="My payout bank accounts, one per currency",
)
def list_bank_accounts(request, paging: Query[PageQuery]):
    accounts = selectors.active_accounts(acting_seller(request))
    return paginate(request, accounts, paging)


@router.post(
    "/seller/bank-accounts",
    auth=token_auth,
    response={201: BankAccountOut},
    summary="Register or change my bank account for a currency (password again; a change holds payouts)",
    openapi_extra=refused((403, "password_incorrect"), (409, "bank_account_changed_meanwhile")),
)
def register_bank_account(request, body: BankAccountIn):
    seller = acting_seller(request)
    account = bank_accounts.register(
        seller=seller,
        user=request.auth.user,
        password=body.password,
        currency=body.currency,
        data=body.details(),
    )
    return Status(201, account)
