"""API authentication: bearer tokens, hashed at rest, scoped (DESIGN.md §3)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from comeback.core.problems import Forbidden

from . import services
from .models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        found = services.authenticate_token(token)
        if found is not None:
            request.user = found.user
        return found


token_auth = TokenAuth()


def require_scope(request, scope: str) -> ApiToken:
    token: ApiToken = request.auth
    if scope not in (token.scopes or []):
        raise Forbidden(
            _("This token lacks the %(scope)s scope.") % {"scope": scope}, code="missing_scope", scope=scope
        )
    return token
