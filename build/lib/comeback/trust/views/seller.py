"""The seller's statements of reasons, and contesting one (docs/trust.md "Every restriction explained")."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core.forms import apply_problem
from comeback.core.problems import Problem
from comeback.web.access import seller_required

from .. import statements
from ..forms import ContestForm
from ..models import Statement


@seller_required
def statement_list(request):
    rows = list(Statement.objects.filter(seller=request.seller)[:200])
    return render(request, "trust/seller_statements.html", {"rows": rows})


@seller_required
def statement_detail(request, statement_id: int):
    statement = statements.for_seller(seller=request.seller, statement_id=statement_id)
    form = ContestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                statements.contest(
                    seller=request.seller,
                    statement_id=statement.pk,
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
            except Problem as problem:
                apply_problem(form, problem)
            else:
                messages.success(request, _("Your contest was sent; a person will review the decision."))
                return redirect("trust:seller_statement", statement_id=statement.pk)
        status = 422
    return render(request, "trust/seller_statement.html", {"s": statement, "form": form}, status=status)
