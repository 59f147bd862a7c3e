"""Who may call which API path, checked with the token before any body is read (core/rights.py,
docs/api.md "Rights before bodies"). Paths are below /api/v1, as in the OpenAPI document.

Operations not named here check no actor beyond a valid token: the passport reads (a token only raises the
level read), the partner routes (a partner token is the right itself) and one booking's routes (its
customer, the repairers of its location and staff: decided on the booking, 404 for anyone else), and one
invoice's documents (its buyer, its seller and staff: decided on the invoice, 404 for anyone else).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import Forbidden
from comeback.core.rights import Rule
from comeback.offers import authentication
from comeback.passports import access as passport_access
from comeback.recovery.api import operator as recovery_operator
from comeback.repair import access as repair_access
from comeback.web.api_access import acting_buyer, acting_seller, acting_staff


def _parts_manager(request) -> None:
    repair_access.ensure_manages_parts(request.auth.user)


def _repairer(request) -> None:
    repair_access.ensure_repairer(request.auth.user)


def _passport_writer(request) -> None:
    viewer = passport_access.viewer_for(request.auth.user, scopes=list(request.auth.scopes or []))
    if not viewer.roles:
        raise Forbidden(_("Your token may record no passport event."), code="event_kind_forbidden")


def _authenticator(request) -> None:
    authentication.require_authenticator(request.auth.user)


RULES = [
    Rule(r"/authenticator/", _authenticator, "an authenticator (the authenticators group)"),
    Rule(r"/seller/", acting_seller, "a seller shop's token with the seller scope"),
    Rule(r"/staff/", acting_staff, "a staff member's token with the staff scope"),
    Rule(r"/(cart|checkout|orders)(/|$)", acting_buyer, "a token with the buyer scope"),
    Rule(r"/warranty/", acting_buyer, "a token with the buyer scope"),
    Rule(r"/tradein/(orders(/|$)|quotes/[^/]+/accept$)", acting_buyer, "a token with the buyer scope"),
    Rule(r"/repair/bookings$", acting_buyer, "a token with the buyer scope"),
    Rule(r"/repair/(jobs(/|$)|locations/[^/]+/parts$)", _repairer, "someone who works at a repair location"),
    Rule(
        r"/repair/bookings/[^/]+/information-form$",
        _repairer,
        "someone who works at a repair location",
        frozenset({"POST"}),
    ),
    Rule(r"/repair/bookings/[^/]+/information-form/accept$", acting_buyer, "a token with the buyer scope"),
    Rule(r"/repair/export\.", acting_staff, "a staff member's token with the staff scope"),
    Rule(r"/repair/(parts|obligations)(/|$)", _parts_manager, "staff or a refurbisher"),
    Rule(r"/recovery/", recovery_operator, "staff, or a refurbisher for its own devices"),
    Rule(
        r"/passports/[^/]+/events$",
        _passport_writer,
        "a refurbisher, a repairer or recycler granted by staff, or staff",
        frozenset({"POST"}),
    ),
]
