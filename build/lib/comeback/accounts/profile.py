"""What a person manages in their account: profile, saved addresses, their email (changed and verified
through a link mailed to it), a copy of their data, and deleting the account (docs/storefront.md "Accounts").

Deleting keeps the orders (sellers, invoices and the law need them) and anonymises the person: the row
stays with a placeholder email, no name, no password, inactive. Apps holding personal data take part
through `settings.PERSONAL_DATA` (modules with `export(user)`, `check_erasable(user)` and
`erase(user, at=)`), named in one list so nothing is forgotten silently.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from comeback.core import clock, markets, outbox, postcodes, text
from comeback.core.problems import Conflict, Invalid, NotFound

from .models import MAX_ADDRESSES, Address, ApiToken, User
from .registration import normalise_email

ADDRESS_FIELDS = {
    "label": 60,
    "name": 120,
    "line1": 200,
    "line2": 200,
    "postal_code": 20,
    "city": 100,
    "country": 2,
    "phone": 40,
}
ADDRESS_REQUIRED = ("name", "line1", "postal_code", "city", "country")
EMAIL_LINK_MAX_AGE = timedelta(days=3)  # a change or verification link older than this is refused
_CHANGE_SALT = "comeback.accounts.email-change"
_VERIFY_SALT = "comeback.accounts.email-verify"


def _raise(errors: list[dict]) -> None:
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)


# Profile -------------------------------------------------------------------------------------------------
def update_profile(*, user: User, name: str, preferred_market: str) -> User:
    name = (name or "").strip()
    errors = []
    if not text.is_clean(name):
        errors.append(text.refusal("name"))
    elif len(name) > 150:
        errors.append({"field": "name", "code": "too_long", "message": _("Use at most %d characters.") % 150})
    market = (preferred_market or "").strip().upper()
    if market:
        try:
            market = markets.get(market, field="preferred_market").code
        except Invalid as problem:
            errors.extend(problem.errors)
    _raise(errors)
    User.objects.filter(pk=user.pk).update(name=name, preferred_market=market)
    user.name, user.preferred_market = name, market
    return user


# Addresses -----------------------------------------------------------------------------------------------
def addresses_of(user: User) -> list[Address]:
    return list(Address.objects.filter(user=user)) if user.is_authenticated else []


def clean_address(data: dict) -> dict:
    """The address with each field checked: required ones, lengths, the text rule, the postcode format of
    its country (a market's), each error naming its field."""
    clean, errors = {}, []
    for field, limit in ADDRESS_FIELDS.items():
        value = str(data.get(field) or "").strip()
        if field in ADDRESS_REQUIRED and not value:
            errors.append({"field": field, "code": "required", "message": _("This field is required.")})
        elif len(value) > limit:
            errors.append(
                {"field": field, "code": "too_long", "message": _("At most %(n)s characters.") % {"n": limit}}
            )
        elif not text.is_clean(value):
            errors.append(text.refusal(field))
        clean[field] = value
    clean["country"] = clean["country"].upper()
    if clean["country"] and markets.find(clean["country"]) is None:
        errors.append(
            {
                "field": "country",
                "code": "country_not_served",
                "message": _("We deliver to %(codes)s.") % {"codes": ", ".join(markets.codes())},
            }
        )
    elif clean["country"] and clean["postal_code"] and not any(e["field"] == "postal_code" for e in errors):
        clean["postal_code"], refusal = postcodes.checked(
            clean["country"], clean["postal_code"], field="postal_code"
        )
        errors.extend([refusal] if refusal else [])
    _raise(errors)
    return clean


def save_address(
    *, user: User, data: dict, address_id: int | None = None, make_default: bool = False
) -> Address:
    """Create or change a saved address; `make_default` moves the default to it (one default at most)."""
    clean = clean_address(data)
    with transaction.atomic():
        if address_id is None:
            if Address.objects.filter(user=user).count() >= MAX_ADDRESSES:
                raise Conflict(
                    _("You can save up to %d addresses; delete one first.") % MAX_ADDRESSES,
                    code="too_many_addresses",
                )
            address = Address.objects.create(user=user, **clean, created_at=clock.now())
        else:
            address = _own_address(user, address_id)
            Address.objects.filter(pk=address.pk).update(**clean)
        first = not Address.objects.filter(user=user, is_default=True).exists()
        if make_default or first:
            Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(is_default=False)
            Address.objects.filter(pk=address.pk).update(is_default=True)
    address.refresh_from_db()
    return address


def _own_address(user: User, address_id: int) -> Address:
    address = Address.objects.filter(pk=address_id, user=user).first()
    if address is None:
        raise NotFound(_("No saved address %s.") % address_id, code="address_not_found")
    return address


def delete_address(*, user: User, address_id: int) -> None:
    with transaction.atomic():
        address = _own_address(user, address_id)
        address.delete()
        if address.is_default:  # the newest remaining one becomes the default
            nxt = Address.objects.filter(user=user).order_by("-created_at", "-id").first()
            if nxt is not None:
                Address.objects.filter(pk=nxt.pk).update(is_default=True)


# Email ---------------------------------------------------------------------------------------------------
def _check_password(user: User, password: str) -> None:
    if not user.check_password(password or ""):
        raise Invalid.field("password", "wrong_password", _("This is not your current password."))


def request_email_change(*, user: User, password: str, new_email: str) -> str:
    """Mail a confirmation link to the new address; the email changes only when that link is used."""
    _check_password(user, password)
    email = normalise_email(new_email)
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid.field("email", "invalid_email", _("Enter a valid email address.")) from None
    if email == user.email:
        raise Invalid.field("email", "same_email", _("This is already your email."))
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(
            _("This email is already registered."),
            code="email_taken",
            errors=[
                {"field": "email", "code": "email_taken", "message": _("This email is already registered.")}
            ],
        )
    with transaction.atomic():
        outbox.emit(
            "accounts.email_change_requested",
            user_id=user.pk,
            new_email=email,
            language=get_language() or "en",
        )
    return email


def email_change_token(user: User, new_email: str) -> str:
    # Bound to the current email too: once the email changed, every older link is dead.
    return signing.dumps({"u": user.pk, "o": user.email, "e": new_email}, salt=_CHANGE_SALT)


def _load(token: str, salt: str) -> dict:
    try:
        return signing.loads(token, salt=salt, max_age=EMAIL_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise Invalid.field("token", "link_expired", _("This link has expired; ask for a new one.")) from None
    except signing.BadSignature:
        raise Invalid.field("token", "link_invalid", _("This link is not valid.")) from None


def confirm_email_change(*, token: str, at: datetime | None = None) -> User:
    data = _load(token, _CHANGE_SALT)
    at = at or clock.now()
    try:
        with transaction.atomic():
            moved = User.objects.filter(pk=data["u"], email=data["o"], is_active=True).update(
                email=data["e"], email_verified_at=at
            )
    except IntegrityError:
        raise Conflict(_("This email is already registered."), code="email_taken") from None
    if not moved:
        raise Conflict(_("This link was already used."), code="link_used")
    return User.objects.get(pk=data["u"])


def verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=_VERIFY_SALT)


def verify_email(*, token: str, at: datetime | None = None) -> User:
    """Mark the email verified (a second use of the link changes nothing and is not an error)."""
    data = _load(token, _VERIFY_SALT)
    User.objects.filter(pk=data["u"], email=data["e"], email_verified_at__isnull=True).update(
        email_verified_at=at or clock.now()
    )
    user = User.objects.filter(pk=data["u"], email=data["e"]).first()
    if user is None:
        raise Invalid.field("token", "link_invalid", _("This link is not valid."))
    return user


def change_password(*, user: User, current: str, new: str) -> None:
    _check_password(user, current)
    try:
        validate_password(new or "", user=user)
    except ValidationError as exc:
        raise Invalid.field("new_password", "invalid_password", " ".join(exc.messages)) from None
    user.set_password(new)
    User.objects.filter(pk=user.pk).update(password=user.password)


# Their data, and leaving ---------------------------------------------------------------------------------
def _parts():
    return [import_module(path) for path in getattr(settings, "PERSONAL_DATA", ())]


def export_personal_data(*, user: User) -> dict:
    """Everything we hold about the person, as JSON-ready data (GDPR Art. 15 and 20)."""
    data = {
        "account": {
            "email": user.email,
            "name": user.name,
            "preferred_market": user.preferred_market,
            "date_joined": user.date_joined.isoformat(),
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
        },
        "addresses": [
            {**a.as_shipping(), "label": a.label, "is_default": a.is_default} for a in addresses_of(user)
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "scopes": t.scopes,
                "created_at": t.created_at.isoformat(),
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in ApiToken.objects.filter(user=user)
        ],
    }
    for part in _parts():
        data.update(part.export(user))
    return data


def delete_account(*, user: User, password: str, at: datetime | None = None) -> None:
    """Delete the account (GDPR Art. 17): orders stay for the sellers and the law, the person goes.

    Refused while an order is on its way (the carrier needs the address), with the rule named."""
    _check_password(user, password)
    at = at or clock.now()
    parts = _parts()
    for part in parts:
        part.check_erasable(user)
    with transaction.atomic():
        moved = User.objects.filter(pk=user.pk, deleted_at__isnull=True).update(
            email=f"deleted-{user.pk}@deleted.invalid",
            name="",
            password=make_password(None),  # unusable: no password matches it
            is_active=False,
            preferred_market="",
            email_verified_at=None,
            deleted_at=at,
        )
        if not moved:
            raise Conflict(_("This account is already deleted."), code="account_deleted")
        Address.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=at)
        for part in parts:
            part.erase(user, at=at)
