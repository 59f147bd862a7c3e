"""Who may act through the API: every actor guard an API handler (and the rights checked before bodies,
`comeback/api_rights.py`) calls lives here, so the refusals (`missing_scope`, `staff_only`, `not_a_seller`)
are decided in one place. Page guards live beside it in `web/access.py`.

A guard takes the request ninja authenticated (`request.auth` is the bearer token) and returns who acts,
or raises a 403 problem. `web` sits below the apps that know what a seller is, so a shop is found through
the lookup the sellers app registers (`web.access.find_sellers_with`); without it nobody is a seller.
An app's own rules about who may touch one of its objects (a repair location's staff, a passport's
writers, the authenticators) stay in that app's access module; the rights table composes them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import Forbidden

from .access import shop_of


def require_scope(request, scope: str):
    """The bearer token, which must carry `scope`."""
    token = request.auth
    if scope not in (token.scopes or []):
        raise Forbidden(
            _("This token lacks the %(scope)s scope.") % {"scope": scope}, code="missing_scope", scope=scope
        )
    return token


def acting_buyer(request):
    """The user behind a token with the buyer scope."""
    require_scope(request, "buyer")
    return request.auth.user


def acting_staff(request, refusal: str | None = None):
    """A staff member's token with the staff scope; `refusal` says what only staff may do."""
    require_scope(request, "staff")
    if not request.auth.user.is_staff:
        raise Forbidden(refusal or _("Only staff may do this."), code="staff_only")
    return request.auth.user


def acting_seller(request, refusal: str | None = None):
    """The shop behind the bearer token: the account must own one (else `refusal`), and the token carry the
    seller scope."""
    # Looked up once per request: the API's rights check (core.rights) and the handler both ask.
    seller = getattr(request, "_acting_seller", None) or shop_of(request.auth.user)
    request._acting_seller = seller
    if seller is None:
        raise Forbidden(
            refusal or _("This account has no seller shop; apply to sell first."), code="not_a_seller"
        )
    require_scope(request, "seller")
    return seller


def _staff_token(request) -> bool:
    return request.auth.user.is_staff and "staff" in (request.auth.scopes or [])


def staff_member(request, refusal: str):
    """A staff member's token with the staff scope, else `refusal` (`staff_only`) whatever the token lacks:
    for routes another actor reaches too, where only part of what they serve is staff's."""
    if not _staff_token(request):
        raise Forbidden(refusal, code="staff_only")
    return request.auth.user


def staff_or_seller(request, refusal: str):
    """None for a staff member's token with the staff scope (staff act on everything); otherwise the shop
    behind a token with the seller scope, as `acting_seller` finds it (`refusal` when there is none)."""
    if _staff_token(request):
        return None
    return acting_seller(request, refusal)
