"""The seller portal: dashboard, listings table with inline edits, the new-listing form, and the photo page
(add several photos of a listing's unit at once, reorder and delete them).

Only users with a Seller get in (others see a 403 page); a seller only ever sees and edits its own
offers (`services.own_offer` answers 404 for anyone else's). Every row action works as a plain form
post and, with htmx, swaps just the row it changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comeback.core.problems import NotFound, Problem
from comeback.web.access import seller_required

from .. import photos as unit_photos
from .. import selectors, services
from ..forms import ListingFilterForm, ListingForm, RowEditForm, apply_problem
from ..models import Offer, OfferStatus

PAGE_SIZE = 50

# The row buttons: the status each one asks for, and its label.
STATUS_ACTIONS = {
    OfferStatus.ACTIVE: [
        (OfferStatus.PAUSED, gettext_lazy("Pause")),
        (OfferStatus.WITHDRAWN, gettext_lazy("Withdraw")),
    ],
    OfferStatus.PAUSED: [
        (OfferStatus.ACTIVE, gettext_lazy("Resume")),
        (OfferStatus.WITHDRAWN, gettext_lazy("Withdraw")),
    ],
    OfferStatus.DRAFT: [
        (OfferStatus.ACTIVE, gettext_lazy("Publish")),
        (OfferStatus.WITHDRAWN, gettext_lazy("Withdraw")),
    ],
    OfferStatus.WITHDRAWN: [],
}


@dataclass
class Row:
    offer: Offer
    standing: selectors.Standing | None
    form: RowEditForm
    notice: str = ""
    error: str = ""

    @property
    def actions(self):
        return STATUS_ACTIONS.get(self.offer.status, [])

    @property
    def can_match(self) -> bool:
        s = self.standing
        return (
            self.offer.status != OfferStatus.WITHDRAWN
            and s is not None
            and not s.is_winning
            and s.price_to_win is not None
            and s.price_to_win != self.offer.price_amount
        )


def _row(
    offer: Offer, standing=None, *, form: RowEditForm | None = None, notice: str = "", error: str = ""
) -> Row:
    if form is None:
        form = RowEditForm(
            initial={"price": offer.price.major, "quantity": offer.quantity}, offer_id=offer.pk
        )
    return Row(offer=offer, standing=standing, form=form, notice=notice, error=error)


def _own(request, pk: int) -> Offer:
    try:
        return services.own_offer(seller=request.seller, offer_id=pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _back(request) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) or not target.startswith("/"):
        target = reverse("offers:portal")
    return HttpResponseRedirect(target)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_GET
@seller_required
def portal(request):
    seller = request.seller
    filter_form = ListingFilterForm(request.GET or None, seller=seller)
    listings = selectors.seller_listings(seller, **filter_form.filters())
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    offers = list(page.object_list)
    standing = selectors.standings(offers)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "offers/portal.html",
        {
            "seller": seller,
            "summary": selectors.portal_summary(seller),
            "filter_form": filter_form,
            "page": page,
            "rows": [_row(o, standing.get(o.pk)) for o in offers],
            "query": query.urlencode(),
            "filtered": bool(filter_form.filters()),
        },
    )


def _row_reply(request, offer_id: int, *, ok: str = "", problem: Problem | None = None, form=None):
    """htmx: the updated row (and the counts, out of band). Without JS: back to the table with a message."""
    refused = form if form is not None and form.errors else None
    if not _is_htmx(request):
        if problem is not None:
            messages.error(request, problem.detail)
        elif refused is not None:
            messages.error(request, " ".join(str(e) for errs in refused.errors.values() for e in errs))
        else:
            messages.success(request, ok)
        return _back(request)
    offer = _own(request, offer_id)
    error = problem.detail if problem is not None else ""
    row = _row(
        offer,
        selectors.standings([offer]).get(offer.pk),
        form=refused,
        notice="" if error or refused else ok,
        error=error,
    )
    # htmx swaps only 2xx answers: a refused edit is still a 200 that shows its error in the row.
    return render(
        request,
        "offers/_row_reply.html",
        {
            "row": row,
            "summary": selectors.portal_summary(request.seller),
            "next": request.POST.get("next", ""),
        },
    )


@require_POST
@seller_required
def edit_listing(request, pk: int):
    """Inline edit of price and stock."""
    offer = _own(request, pk)
    form = RowEditForm(request.POST, offer_id=offer.pk)
    if not form.is_valid():
        return _row_reply(request, offer.pk, form=form)
    changes = form.changes(offer.currency)
    if changes is None:
        return _row_reply(request, offer.pk, form=form)
    try:
        services.update_listing(seller=request.seller, offer_id=offer.pk, changes=changes)
    except Problem as exc:
        apply_problem(form, exc)  # the message sits next to the input; the typed values stay
        return _row_reply(request, offer.pk, form=form)
    return _row_reply(request, offer.pk, ok=_("Saved."))


@require_POST
@seller_required
def change_status(request, pk: int):
    """Pause, resume or withdraw one listing."""
    offer = _own(request, pk)
    try:
        services.update_listing(
            seller=request.seller, offer_id=offer.pk, changes={"status": request.POST.get("status", "")}
        )
    except Problem as exc:
        return _row_reply(request, offer.pk, problem=exc)
    return _row_reply(request, offer.pk, ok=_("Status changed."))


@require_POST
@seller_required
def match_price(request, pk: int):
    """Set the price to the one that wins the slot now (computed at the click, not from the page)."""
    offer = _own(request, pk)
    try:
        services.match_price_to_win(seller=request.seller, offer_id=offer.pk)
    except Problem as exc:
        return _row_reply(request, offer.pk, problem=exc)
    return _row_reply(request, offer.pk, ok=_("Price matched; this offer now wins its slot."))


@require_http_methods(["GET", "POST"])
@seller_required
def new_listing(request):
    """Pick a product (search), then its variant, market, grade, price and terms."""
    seller = request.seller
    raw_product = request.POST.get("product") if request.method == "POST" else request.GET.get("product")
    product = selectors.product_with_variants(int(raw_product)) if (raw_product or "").isdigit() else None
    q = request.GET.get("q", "")[:100]
    status = 200
    form = None
    if product is not None:
        form = ListingForm(request.POST or None, seller=seller, product=product)
        if request.method == "POST":
            if form.is_valid() and (draft := form.to_draft()) is not None:
                try:
                    offer = services.publish_listing(seller=seller, draft=draft)
                except Problem as exc:
                    apply_problem(form, exc)
                else:
                    messages.success(
                        request,
                        _("Listing %(id)s is live: %(product)s.")
                        % {"id": offer.pk, "product": offer.variant},
                    )
                    return HttpResponseRedirect(reverse("offers:portal"))
            status = 422
    return render(
        request,
        "offers/new_listing.html",
        {
            "seller": seller,
            "product": product,
            "form": form,
            "q": q,
            "suggestions": selectors.suggest_products(q) if q and product is None else [],
        },
        status=status,
    )


@require_GET
@seller_required
def product_suggestions(request):
    """htmx: products matching the search box, each a link that picks it."""
    q = request.GET.get("q", "")[:100]
    return render(
        request, "offers/_product_suggestions.html", {"q": q, "suggestions": selectors.suggest_products(q)}
    )


def _back_to_photos(pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("offers:listing_photos", args=(pk,)))


@require_http_methods(["GET", "POST"])
@seller_required
def listing_photos(request, pk: int):
    """The listing's photos; when its condition scheme knows defects (a garment's stain, pilling…), an
    upload may disclose one, with a note, through the same service as the API."""
    offer = _own(request, pk)
    defects = offer.variant.product.category.conditions.defects
    status, error, field_errors = 200, "", {}
    if request.method == "POST":
        try:
            added = unit_photos.add_photos(
                seller=request.seller,
                offer_id=offer.pk,
                files=request.FILES.getlist("photos"),
                alt=request.POST.get("alt", ""),
                defect=request.POST.get("defect", ""),
                defect_note=request.POST.get("defect_note", ""),
            )
        except Problem as exc:
            status, field_errors = exc.status, _photo_field_errors(exc)
            error = "" if field_errors else exc.detail
        else:
            messages.success(request, _("%(n)d photo(s) added.") % {"n": len(added)})
            return _back_to_photos(offer.pk)
    shown = unit_photos.photos_of([offer])[offer.pk]
    return render(
        request,
        "offers/listing_photos.html",
        {
            "offer": offer,
            "photos": shown,
            "error": error,
            "field_errors": field_errors,
            "defects": defects,
            "max_note": unit_photos.MAX_ALT,
            "posted": request.POST if request.method == "POST" else {},
            "max_photos": unit_photos.MAX_PER_OFFER,
            "room": unit_photos.MAX_PER_OFFER - len(shown),
        },
        status=status,
    )


# The upload form's fields, for the service's error field names ("photos[2]" is the photos input).
PHOTO_FIELDS = ("photos", "alt", "defect", "defect_note")


def _photo_field_errors(problem: Problem) -> dict[str, str]:
    """A refusal's messages by the form field they belong next to; a message of the whole file (not an
    image, too large) carries the detail, which names the file."""
    found: dict[str, str] = {}
    for e in problem.errors:
        field = str(e.get("field", "")).split("[", 1)[0]
        if field in PHOTO_FIELDS and field not in found:
            found[field] = problem.detail if e.get("file") else str(e.get("message", problem.detail))
    return found


@require_POST
@seller_required
def delete_photo(request, pk: int, photo_id: int):
    offer = _own(request, pk)
    try:
        unit_photos.delete_photo(seller=request.seller, offer_id=offer.pk, photo_id=photo_id)
    except Problem as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Photo deleted."))
    return _back_to_photos(offer.pk)


@require_POST
@seller_required
def move_photo(request, pk: int, photo_id: int):
    """Move one photo a place earlier ("up") or later ("down")."""
    offer = _own(request, pk)
    order = [p.id for p in unit_photos.photos_of([offer])[offer.pk]]
    if photo_id in order:
        i = order.index(photo_id)
        j = i - 1 if request.POST.get("direction") == "up" else i + 1
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
            try:
                unit_photos.reorder_photos(seller=request.seller, offer_id=offer.pk, photo_ids=order)
            except Problem as exc:
                messages.error(request, exc.detail)
    return _back_to_photos(offer.pk)
