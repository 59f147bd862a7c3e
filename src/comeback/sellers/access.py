"""Who acts as a seller through the API: the one check every seller endpoint makes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.accounts.auth import require_scope
from comeback.core.problems import Forbidden

from . import selectors
from .models import Seller


def acting_seller(request) -> Seller:
    """The shop behind the bearer token: the account must own one, and the token carry the seller scope."""
    # Looked up once per request: the API's rights check (core.rights) and the handler both ask.
    seller = getattr(request, "_acting_seller", None) or selectors.seller_for_user(request.auth.user)
    request._acting_seller = seller
    if seller is None:
        raise Forbidden(_("This account has no seller shop; apply to sell first."), code="not_a_seller")
    require_scope(request, "seller")
    return seller
