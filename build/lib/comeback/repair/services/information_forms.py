"""The European Repair Information Form (Directive (EU) 2024/1799, Art. 4 and Annex I; docs/repair.md).

A repairer issues it from a booking before repairing; its conditions hold for VALIDITY_DAYS (Art. 4(4):
at least 30 calendar days). The customer who accepts it within that time binds the booking to it: the
booking's price becomes the form's price (or its maximum), and the repair is due within the form's working
days, counted in the location's country (its public holidays excluded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, ids, markets
from comeback.core.problems import Conflict, Forbidden, Invalid
from comeback.orders.calendar import nth_business_day_after

from .. import access, bonus
from ..models import Booking, BookingStatus, InformationForm

VALIDITY_DAYS = 30  # Directive (EU) 2024/1799 Art. 4(4): the conditions hold 30 calendar days at least
MAX_WORKING_DAYS = 90
OPEN_BOOKING = (BookingStatus.BOOKED, BookingStatus.IN_REPAIR)


@dataclass(frozen=True)
class FormDraft:
    defect: str
    repair: str
    working_days: int
    price: int | None = None  # minor units of the booking's currency
    max_price: int | None = None
    price_method: str = ""
    replacement_available: bool = False
    replacement_price: int | None = None
    ancillary: str = ""
    language: str = ""


def _amount(value, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid.field(
            field, "invalid_amount", _("An amount is a whole number of minor units, 0 or more.")
        )
    return value


def _check(draft: FormDraft) -> FormDraft:
    for field in ("defect", "repair"):
        if not (getattr(draft, field) or "").strip():
            raise Invalid.field(field, "field_required", _("Say what it is."))
    price, max_price = _amount(draft.price, "price"), _amount(draft.max_price, "max_price")
    _amount(draft.replacement_price, "replacement_price")
    if price is None and max_price is None:
        raise Invalid.field("price", "price_required", _("Give the price of the repair, or its maximum."))
    if price is None and not draft.price_method.strip():
        raise Invalid.field(
            "price_method", "field_required", _("Without a fixed price, say how the price is calculated.")
        )
    days = draft.working_days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WORKING_DAYS:
        raise Invalid.field(
            "working_days",
            "invalid_working_days",
            _("The repair takes 1 to %d working days.") % MAX_WORKING_DAYS,
        )
    return draft


def issue(*, booking: Booking, user, draft: FormDraft, at: datetime | None = None) -> InformationForm:
    """The repairer (or staff) gives the customer the form for this booking."""
    access.ensure_works_at(user, booking.location)
    draft = _check(draft)
    if booking.status not in OPEN_BOOKING:
        raise Conflict(_("This booking is closed."), code="booking_closed", status=booking.status)
    at = at or clock.now()
    market = markets.get(booking.location.market_id)
    today = clock.local_date(at, booking.location.timezone)
    customer_market = markets.find(getattr(booking.customer, "preferred_market", "") or "")
    language = draft.language or (customer_market or market).language
    return InformationForm.objects.create(
        reference=ids.public_ref("RIF", 10),
        booking=booking,
        issued_by=user,
        language=language[:8],
        defect=draft.defect.strip()[:1000],
        repair=draft.repair.strip()[:1000],
        price_amount=draft.price,
        max_price_amount=draft.max_price,
        price_method=draft.price_method.strip()[:500],
        currency=booking.currency or market.currency,
        working_days=draft.working_days,
        replacement_available=bool(draft.replacement_available),
        replacement_price_amount=draft.replacement_price if draft.replacement_available else None,
        ancillary=draft.ancillary.strip()[:500],
        issued_at=at,
        valid_until=today + timedelta(days=VALIDITY_DAYS),
    )


def accept(*, form: InformationForm, user, at: datetime | None = None) -> InformationForm:
    """The customer accepts the form: the booking's price and deadline become the form's (one guarded
    transaction; a second acceptance, or one after the form's validity, is refused)."""
    booking = form.booking
    if user is None or not user.is_authenticated or booking.customer_id != user.pk:
        raise Forbidden(_("Only the customer who booked accepts this form."), code="not_your_booking")
    at = at or clock.now()
    today = clock.local_date(at, booking.location.timezone)
    if today > form.valid_until:
        raise Conflict(
            _("This form was valid until %s; ask the repairer for a new one.") % form.valid_until.isoformat(),
            code="form_expired",
        )
    ready_by = nth_business_day_after(today, form.working_days, booking.location.market_id)
    try:
        with transaction.atomic():
            if not InformationForm.objects.filter(pk=form.pk, accepted_at__isnull=True).update(
                accepted_at=at, ready_by=ready_by
            ):
                raise Conflict(_("This form is already accepted."), code="form_already_accepted")
            # The bonus recorded at booking follows the bound price (its cap and minimum are shares of it).
            rate = booking.bonus_rate
            granted = (
                bonus.amount_for(
                    rate_amount=rate.amount,
                    cap_bps=rate.cap_bps,
                    min_price=rate.min_price_amount,
                    price=form.binding_amount,
                )
                if rate is not None and rate.currency == form.currency
                else 0
            )
            bound = Booking.objects.filter(pk=booking.pk, status__in=OPEN_BOOKING).update(
                price_amount=form.binding_amount,
                currency=form.currency,
                bonus_amount=granted,
                bonus_rate=rate if granted else None,
            )
            if not bound:
                raise Conflict(_("This booking is closed."), code="booking_closed")
    except IntegrityError as exc:  # another form of this booking was accepted meanwhile
        raise Conflict(_("Another form already binds this booking."), code="form_already_accepted") from exc
    form.accepted_at, form.ready_by = at, ready_by
    return form


def current_for(booking: Booking) -> InformationForm | None:
    """The form that binds the booking if one was accepted, else the latest issued."""
    forms = list(booking.information_forms.all()[:20])
    return next((f for f in forms if f.accepted_at), forms[0] if forms else None)
