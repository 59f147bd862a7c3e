"""The European Repair Information Form as shown and printed: the rows Annex I of Directive (EU)
2024/1799 asks for, in the form's language, for the HTML page and the PDF (core.pdf)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from comeback.core import locales, pdf
from comeback.core.money import Money

from .models import InformationForm

DIRECTIVE = "Directive (EU) 2024/1799, Art. 4 and Annex I"


def _money(amount: int | None, form: InformationForm) -> str:
    if amount is None:
        return ""
    return locales.money(Money(amount, form.currency), form.booking.location.market_id)


def rows(form: InformationForm) -> list[tuple[str, str]]:
    """(label, value) in Annex I's order; call inside the form's language."""
    booking, location = form.booking, form.booking.location
    price = _money(form.price_amount, form)
    if not price:
        price = _("at most %(max)s — %(method)s") % {
            "max": _money(form.max_price_amount, form),
            "method": form.price_method,
        }
    elif form.max_price_amount is not None:
        price = _("%(price)s (at most %(max)s)") % {
            "price": price,
            "max": _money(form.max_price_amount, form),
        }
    if form.replacement_available:
        cost = _money(form.replacement_price_amount, form) or _("free of charge")
        replacement = _("Yes, %s") % cost
    else:
        replacement = _("No")
    time = _("%d working days") % form.working_days
    if form.ready_by:
        time += " — " + _("ready by %s") % form.ready_by.isoformat()
    address = ", ".join(x for x in (location.address, location.postal_code, location.city) if x)
    return [
        (_("Form"), form.reference),
        (_("Repairer"), location.name),
        (_("Address"), address),
        (_("Contact"), location.phone or "—"),
        (_("Item to repair"), str(booking.product)),
        (_("Defect"), form.defect),
        (_("Repair proposed"), form.repair),
        (_("Price"), price),
        (_("Time needed"), time),
        (_("Temporary replacement during the repair"), replacement),
        (_("Where the repair is carried out"), address),
        (_("Ancillary services"), form.ancillary or "—"),
        (_("Issued"), form.issued_at.date().isoformat()),
        (_("Valid until"), form.valid_until.isoformat()),
        (_("Accepted"), form.accepted_at.date().isoformat() if form.accepted_at else _("Not yet")),
    ]


def render_pdf(form: InformationForm) -> bytes:
    with translation.override(form.language):
        return pdf.rows_pdf(
            title=_("European Repair Information Form"),
            subtitle=_("Issued under %s on Comeback") % DIRECTIVE,
            rows=rows(form),
            footnote=_(
                "The repairer may not change these conditions until the form's end of validity. Once you accept "
                "it, the repair is carried out at this price (or less) and within this time."
            ),
        )
