"""A brand programme's portal for the official photos of its brand's models (catalog/gallery.py): the list
of the brand's models, and one model's photos, colour by colour (add several at once, reorder, delete).
Headquarters of a brand programme only; another brand's model is a 404, a retail network or a store's
staff get the page that says who may."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comeback.catalog import gallery
from comeback.catalog.images import model_images
from comeback.core.problems import Forbidden, NotFound, Problem

from ..services import partners
from .partner import member_required


def _brand(request, member) -> int | None:
    try:
        return partners.brand_of(partner=member.partner, scope_store=member.store)
    except Forbidden:
        return None


def _refused(request, member):
    return render(request, "tradein/partner_brand_only.html", {"partner": member.partner}, status=403)


def _model(brand_id: int, product_id: int):
    try:
        return gallery.model_of(product_id=product_id, brand_id=brand_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _back(product_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("tradein:partner_model_photos", args=(product_id,)))


@require_GET
@member_required
def models(request, member):
    brand_id = _brand(request, member)
    if brand_id is None:
        return _refused(request, member)
    return render(
        request,
        "tradein/partner_models.html",
        {"partner": member.partner, "models": gallery.models_of(brand_id=brand_id)},
    )


@require_http_methods(["GET", "POST"])
@member_required
def model_photos(request, member, product_id: int):
    brand_id = _brand(request, member)
    if brand_id is None:
        return _refused(request, member)
    product = _model(brand_id, product_id)
    status, error = 200, ""
    if request.method == "POST":
        try:
            added = gallery.add_images(
                product_id=product.pk,
                brand_id=brand_id,
                files=request.FILES.getlist("images"),
                colour=request.POST.get("colour", ""),
                alt=request.POST.get("alt", ""),
            )
        except Problem as exc:
            status, error = 422, exc.detail
        else:
            messages.success(request, _("%(n)d photo(s) added.") % {"n": len(added)})
            return _back(product.pk)
    shown = [i for i in model_images(product) if i.uploaded]
    colours = gallery.colours_of(product)
    groups = [(c, [i for i in shown if i.colour == c]) for c in colours] + [
        ("", [i for i in shown if i.colour is None])
    ]
    return render(
        request,
        "tradein/partner_model_photos.html",
        {
            "partner": member.partner,
            "product": product,
            "colours": colours,
            "groups": groups,
            "order": [i.id for i in shown],
            "error": error,
            "max_per_colour": gallery.MAX_PER_COLOUR,
        },
        status=status,
    )


@require_POST
@member_required
def delete_model_photo(request, member, product_id: int, image_id: int):
    brand_id = _brand(request, member)
    if brand_id is None:
        return _refused(request, member)
    try:
        gallery.delete_image(product_id=product_id, brand_id=brand_id, image_id=image_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    messages.success(request, _("Photo deleted."))
    return _back(product_id)


@require_POST
@member_required
def move_model_photo(request, member, product_id: int, image_id: int):
    """Move one photo a place earlier ("up") or later ("down") among the photos of its colour."""
    brand_id = _brand(request, member)
    if brand_id is None:
        return _refused(request, member)
    product = _model(brand_id, product_id)
    shown = [i for i in model_images(product) if i.uploaded]
    order = [i.id for i in shown]
    if image_id in order:
        i = order.index(image_id)
        same = [k for k, other in enumerate(shown) if other.colour == shown[i].colour]
        at = same.index(i) + (-1 if request.POST.get("direction") == "up" else 1)
        if 0 <= at < len(same):
            j = same[at]
            order[i], order[j] = order[j], order[i]
            try:
                gallery.reorder_images(product_id=product.pk, brand_id=brand_id, image_ids=order)
            except Problem as exc:
                messages.error(request, exc.detail)
    return _back(product.pk)
