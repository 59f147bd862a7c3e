"""Accounts API: sign up and trade email + password for a bearer token (docs/design.md §4 accounts)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from comeback.core import ratelimit
from comeback.core.problems import Forbidden, Invalid
from comeback.core.schemas import PROBLEM_CONTENT

from . import registration, services
from .models import Scope
from .schemas import AccountOut, SignUpIn, TokenIn, TokenOut

router = Router(tags=["accounts"])


@router.post(
    "/accounts",
    response={201: AccountOut},
    summary="Sign up",
    openapi_extra={
        "responses": {
            409: {"description": "email_taken", **PROBLEM_CONTENT},
            429: {"description": "rate_limited", **PROBLEM_CONTENT},
        }
    },
)
def sign_up(request, body: SignUpIn):
    ratelimit.hit("signup", ratelimit.client_ip(request))
    user = registration.sign_up(data=registration.SignUp(**body.dict()))
    return 201, {"id": user.pk, "email": user.email}


@router.post(
    "/auth/token",
    response={201: TokenOut},
    summary="Issue an API token for email + password",
    openapi_extra={
        "responses": {
            401: {"description": "invalid_credentials", **PROBLEM_CONTENT},
            429: {"description": "rate_limited", **PROBLEM_CONTENT},
        }
    },
)
def issue_token(request, body: TokenIn):
    ratelimit.check_login(request, body.email, scope="token")
    user = registration.check_credentials(request=request, email=body.email, password=body.password)
    allowed = services.default_scopes(user)
    scopes = allowed if body.scopes is None else sorted(set(body.scopes))
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown or not scopes:
        raise Invalid.field("scopes", "unknown_scope", _("Choose scopes among: %s.") % ", ".join(allowed))
    refused = sorted(set(scopes) - set(allowed))
    if refused:
        raise Forbidden(
            _("This account may not hold the scopes: %s.") % ", ".join(refused),
            code="scope_not_allowed",
            scopes=refused,
        )
    issued = services.issue_token(user=user, scopes=scopes, name=body.name)
    return 201, {"token": issued.secret, "token_id": issued.token.pk, "scopes": issued.token.scopes}
