"""Accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Invalid, NotFound

from . import token_sql
from .models import ApiToken, Scope, User

TOKEN_PREFIX = "cb_"


def hash_secret(secret: str) -> str:
    # Tokens carry 256 bits of entropy, so a fast hash is safe; passwords use argon2 instead.
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def issue_token(*, user: User, scopes: list[str] | None = None, name: str = "api") -> IssuedToken:
    """Create a token for `user`. Default scopes follow what the user is (seller, staff, buyer)."""
    if scopes is None:
        scopes = default_scopes(user)
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise Invalid.field("scopes", "unknown_scope", _("Unknown scopes: %s") % ", ".join(unknown))
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, key_hash=hash_secret(secret), scopes=sorted(set(scopes))
        )
    return IssuedToken(token=token, secret=secret)


def default_scopes(user: User) -> list[str]:
    scopes = [Scope.BUYER.value]
    if _is_seller(user):
        scopes.append(Scope.SELLER.value)
    if user.is_staff:
        scopes.append(Scope.STAFF.value)
    return scopes


def _is_seller(user: User) -> bool:
    # Through the relation the sellers app declares (Seller.user, related_name "seller"): accounts sits below
    # sellers and never imports it (docs/design.md §3 Layers).
    return User.objects.filter(pk=user.pk, seller__isnull=False).exists()


def authenticate_token(secret: str) -> ApiToken | None:
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = token_sql.active_token(hash_secret(secret))  # by hand: every API request asks
    if token is None:
        return None
    at = clock.now()
    # Touch at most once a minute: keeps hot API paths free of a write per request.
    if token.last_used_at is None or (at - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    return token


def revoke_token(*, user: User, token_id: int) -> None:
    moved = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
    if not moved:
        raise NotFound(_("No active token with that id."), code="token_not_found")


def user_for_email(email: str) -> User:
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise NotFound(_("No user with that email."), code="user_not_found")
    return user
