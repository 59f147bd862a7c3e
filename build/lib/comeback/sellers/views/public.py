"""What anyone may open of sellers: the application form (a visitor's contact email becomes the login; a
signed-in user attaches the shop) and a seller's public page. Views translate HTTP and show problems on
forms; rules live in services.py and processes.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comeback.core import ratelimit
from comeback.core.forms import apply_problem
from comeback.core.problems import Problem

from .. import models, selectors, services
from ..forms import ApplicationForm
from ..metrics import latest_comments


def apply(request):
    """The application form. Anyone: a visitor's contact email becomes the login; a user attaches the shop."""
    user = request.user if request.user.is_authenticated else None
    existing = selectors.seller_for_user(user) if user else None
    if existing is not None:
        return redirect("sellers:my_trust")
    form = ApplicationForm(
        request.POST or None,
        needs_password=user is None,
        initial={
            "contact_email": user.email if user else "",
            "contact_name": user.name if user else "",
            "markets": [request.market.code],
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.ApplicationData(
            legal_name=d["legal_name"],
            display_name=d.get("display_name", ""),
            company_registration=d["company_registration"],
            vat_number=d["vat_number"],
            country=d["country"],
            address=d["address"],
            contact_name=d["contact_name"],
            contact_email=d["contact_email"] or "",
            contact_phone=d["contact_phone"],
            markets=d["markets"],
            process_description=d["process_description"],
            password=d.get("password") or None,
        )
        try:
            if user is None:  # it creates an account: same limit as sign-up
                ratelimit.hit("signup", ratelimit.client_ip(request))
            seller = services.apply(data=data, user=user)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            if user is None:
                login(request, seller.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                ngettext(
                    "Thank you: your application is in. We check it within %(days)d business day.",
                    "Thank you: your application is in. We check it within %(days)d business days.",
                    models.APPLICATION_CHECK_BUSINESS_DAYS,
                )
                % {"days": models.APPLICATION_CHECK_BUSINESS_DAYS},
            )
            return redirect("sellers:my_trust")
    return render(
        request,
        "sellers/apply.html",
        {"form": form, "min_process": services.MIN_PROCESS_DESCRIPTION},
        status=422 if form.errors else 200,
    )


def public_seller(request, slug: str):
    seller = selectors.public_seller(slug)
    if seller is None:
        raise Http404(_("No such seller."))
    return render(
        request,
        "sellers/public.html",
        {
            "seller": seller,
            "q": selectors.quality_summary(seller),
            "selling": selectors.phase(seller) in (selectors.Phase.PROBATION, selectors.Phase.FULL),
            "comments": latest_comments(seller.pk, limit=5),
        },
    )
