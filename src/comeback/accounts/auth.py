"""API authentication: bearer tokens, hashed at rest, scoped (docs/design.md §3)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from comeback.core import rights
from comeback.core.problems import Forbidden

from . import services
from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        found = services.authenticate_token(token)
        if found is not None:
            request.user = found.user
            request.auth = found
            rights.check(request)  # who may call this path, before ninja reads the body (core/rights.py)
        return found


token_auth = TokenAuth()


def require_scope(request, scope: str) -> ApiToken:
    token: ApiToken = request.auth
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
