"""Upcycled editions on the web: a shop's editions in the seller portal (/seller/editions/), where it
creates an edition and makes its numbered pieces from the units it upcycled. Each form posts to one action
view that calls the service; a refusal comes back on the form (422). Another shop's edition is a 404; a
visitor without a shop gets the portal's 403 page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.recovery.services import Operator
from comeback.web.access import seller_required

from . import forms, selectors, services


def _page(request, *, form=None, piece_for: int | None = None, piece_form=None, status: int = 200):
    seller = request.seller
    editions = list(selectors.editions_of(seller=seller))
    units = selectors.unused_units(seller=seller, collection_ids={e.collection_id for e in editions})
    rows = [
        (
            e,
            piece_form
            if e.pk == piece_for and piece_form is not None
            else forms.PieceForm(units=units.get(e.collection_id, [])),
        )
        for e in editions
    ]
    return render(
        request,
        "editions/seller.html",
        {
            "space": "seller",
            "seller": seller,
            "rows": rows,
            "form": form or forms.EditionForm(seller=seller),
        },
        status=status,
    )


@require_GET
@seller_required
def seller_editions(request):
    return _page(request)


@require_POST
@seller_required
def seller_create(request):
    seller = request.seller
    form = forms.EditionForm(request.POST, seller=seller)
    if form.is_valid():
        price = form.price_minor()
        if price is not None:
            d = form.cleaned_data
            try:
                services.create_edition(
                    op=Operator.refurbisher(seller, user=request.user),
                    draft=services.EditionDraft(
                        collection_id=d["collection_id"],
                        name=d["name"],
                        category=d["category"],
                        size=d["size"],
                        price=price,
                        market=d["market"],
                        story=d.get("story") or "",
                    ),
                )
            except Problem as problem:
                apply_problem(form, problem)
            else:
                messages.success(request, _("Edition created: make its first piece below."))
                return redirect("editions:seller_editions")
    return _page(request, form=form, status=422)


@require_POST
@seller_required
def seller_make(request, edition_id: int):
    seller = request.seller
    op = Operator.refurbisher(seller, user=request.user)
    try:
        edition = services.edition_for(op=op, edition_id=edition_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    units = selectors.unused_units(seller=seller, collection_ids=[edition.collection_id])
    form = forms.PieceForm(request.POST, units=units.get(edition.collection_id, []))
    if form.is_valid():
        try:
            item = services.make_item(op=op, edition_id=edition.pk, donors=form.cleaned_data["donors"])
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(request, _("Piece %(label)s made and listed.") % {"label": item.label})
            return redirect("editions:seller_editions")
    return _page(request, piece_for=edition.pk, piece_form=form, status=422)
