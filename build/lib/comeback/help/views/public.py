"""Help centre, legal pages and the contact form: open to everyone, per market and language."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core.forms import apply_problem
from comeback.core.problems import Problem

from .. import content, services
from ..forms import ContactForm


def help_home(request):
    query = (request.GET.get("q") or "").strip()[:100]
    results = content.search(query, market=request.market) if query else None
    return render(
        request,
        "help/home.html",
        {"pages": content.help_pages(market=request.market), "query": query, "results": results},
    )


def help_article(request, slug: str):
    page = content.page("help", slug, market=request.market) if slug in content.HELP_TOPICS else None
    if page is None:
        raise Http404
    return render(
        request, "help/article.html", {"page": page, "pages": content.help_pages(market=request.market)}
    )


def legal(request, slug: str):
    page = content.page("legal", slug, market=request.market) if slug in content.LEGAL_PAGES else None
    if page is None:
        raise Http404
    return render(request, "help/legal.html", {"page": page, "slug": slug})


def guarantee(request):
    page = content.guarantee_notice(market=request.market)
    return render(request, "help/legal.html", {"page": page, "slug": "guarantee"})


def contact(request):
    user = request.user if request.user.is_authenticated else None
    initial = {"email": user.email, "name": user.name} if user else {}
    form = ContactForm(request.POST or None, initial={**initial, "topic": request.GET.get("topic", "other")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ticket = services.open_ticket(**form.cleaned_data, market=request.market.code, user=user)
            except Problem as problem:
                apply_problem(form, problem)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your ticket #%s is open; we answer by email, usually within one business day."
                    )
                    % ticket.pk,
                )
                return redirect("help:home")
        status = 422
    return render(request, "help/contact.html", {"form": form}, status=status)
