"""API authentication: bearer tokens, hashed at rest, scoped (docs/design.md §3). Who may act with a token
is decided by the guards in `web/api_access.py`."""

from __future__ import annotations

from ninja.security import HttpBearer

from comeback.core import rights

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
