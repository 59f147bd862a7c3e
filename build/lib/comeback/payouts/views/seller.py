"""The seller's payouts page: balances, where it is paid (one account per currency) and its transfers."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.forms import apply_problem
from comeback.core.problems import Problem
from comeback.web.access import seller_required

from .. import conf, selectors
from ..forms import BankAccountForm
from ..services import bank_accounts, runs


@seller_required
def home(request):
    seller = request.seller
    form = BankAccountForm(request.POST or None, initial={"currency": request.GET.get("currency", "EUR")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                account = bank_accounts.register(
                    seller=seller,
                    user=request.user,
                    password=form.cleaned_data["password"],
                    currency=form.cleaned_data["currency"],
                    data=form.details(),
                )
            except Problem as problem:
                apply_problem(form, problem)
                status = problem.status
            else:
                messages.success(
                    request,
                    _("Your %(currency)s payouts now go to %(masked)s.")
                    % {"currency": account.currency, "masked": account.masked},
                )
                return redirect("payouts:seller_home")
        else:
            status = 422
    now = clock.now()
    today = runs.run_date(now)
    return render(
        request,
        "payouts/seller_home.html",
        {
            "form": form,
            "accounts": selectors.active_accounts(seller),
            "balances": selectors.balances(seller),
            "transfers": selectors.seller_transfers(seller),
            "failures": selectors.recent_failures(seller, at=now),
            "next_run": runs.next_payout_day(today) if not runs.is_payout_day(today) else today,
            "payout_days": conf.payout_days(),
            "hold_days": conf.change_hold().days,
            "now": now,
        },
        status=status,
    )
