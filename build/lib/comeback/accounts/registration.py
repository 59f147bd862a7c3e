"""Sign-up and credential checks: who may open an account and who may trade a password for a token.

Kept apart from services.py (API tokens) so each use case reads on its own page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from comeback.core import markets, outbox, text
from comeback.core.problems import Conflict, Invalid, Unauthenticated

from .models import User

MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class SignUp:
    email: str
    password: str
    name: str = ""
    preferred_market: str = ""


def normalise_email(email: str) -> str:
    # Logins compare emails exactly (ModelBackend), so every account stores its email lower-case.
    return (email or "").strip().lower()


def sign_up(*, data: SignUp) -> User:
    """Open a buyer account. The unique email constraint, not a prior lookup, settles races (409)."""
    email = normalise_email(data.email)
    name = (data.name or "").strip()
    errors: list[dict[str, str]] = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append(
            {"field": "email", "code": "invalid_email", "message": _("Enter a valid email address.")}
        )
    if not text.is_clean(name):
        errors.append(text.refusal("name"))
    elif len(name) > MAX_NAME_LENGTH:
        errors.append(
            {
                "field": "name",
                "code": "too_long",
                "message": _("Use at most %d characters.") % MAX_NAME_LENGTH,
            }
        )
    market_code = (data.preferred_market or "").strip().upper()
    if market_code:
        try:
            market_code = markets.get(market_code, field="preferred_market").code
        except Invalid as problem:
            errors.extend(problem.errors)
    try:
        # The similarity validator compares the password with these attributes of the would-be user.
        validate_password(data.password or "", user=User(email=email, name=name))
    except ValidationError as exc:
        for error in exc.error_list:
            message = " ".join(error.messages)
            errors.append({"field": "password", "code": error.code or "invalid_password", "message": message})
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)

    if User.objects.filter(email__iexact=email).exists():  # a friendly early answer; the constraint decides
        raise _email_taken()
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, data.password, name=name, preferred_market=market_code)
            outbox.emit(
                "accounts.signed_up", user_id=user.pk, language=get_language() or "en"
            )  # verify the email
            return user
    except IntegrityError:
        raise _email_taken() from None


def _email_taken() -> Conflict:
    return Conflict(
        _("An account with this email already exists. Log in instead."),
        code="email_taken",
        errors=[{"field": "email", "code": "email_taken", "message": _("This email is already registered.")}],
    )


def check_credentials(*, request, email: str, password: str) -> User:
    """The user with this email and password, or 401 `invalid_credentials` — never saying which part is wrong.

    Goes through Django's authentication backends, which hash a dummy password for unknown emails so the
    answer takes as long either way.
    """
    email = normalise_email(email)
    # A control character cannot be in any stored email (and PostgreSQL refuses NUL in a query).
    usable = email and not any(ord(c) < 32 for c in email)
    user = authenticate(request, username=email, password=password or "") if usable else None
    if user is None:
        raise Unauthenticated(_("The email or password is incorrect."), code="invalid_credentials")
    return user
