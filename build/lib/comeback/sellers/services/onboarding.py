"""A shop applies to sell: its application checked (identity, markets, process), the seller created."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comeback.accounts.models import User
from comeback.core import clock, markets, outbox
from comeback.core.problems import Conflict, Invalid

from .. import identity, registry
from ..models import (
    Seller,
    SellerApplication,
    SellerStatus,
)

MIN_PROCESS_DESCRIPTION = 80  # characters: enough to say how devices are tested, graded and repaired
MAX_PROCESS_DESCRIPTION = 5000


@dataclass
class ApplicationData:
    legal_name: str
    company_registration: str
    vat_number: str
    country: str
    address: str
    contact_name: str
    contact_email: str
    contact_phone: str
    markets: list[str]
    process_description: str
    display_name: str = ""
    password: str | None = None
    extra: dict = field(default_factory=dict)


def _validate_application(data: ApplicationData, *, needs_password: bool) -> tuple[dict, list[dict]]:
    """Every field's rule at once: the applicant fixes all mistakes in one round."""
    errors: list[dict] = []
    clean: dict = {}

    def err(f: str, code: str, msg) -> None:
        errors.append({"field": f, "code": code, "message": str(msg)})

    legal_name = (data.legal_name or "").strip()
    if len(legal_name) < 2:
        err("legal_name", "required", _("Enter the company's legal name."))
    elif len(legal_name) > 200:
        err("legal_name", "too_long", _("The legal name is at most 200 characters."))
    clean["legal_name"] = legal_name
    display = (data.display_name or "").strip() or legal_name
    if len(display) > 120:
        err("display_name", "too_long", _("The shop name is at most 120 characters."))
    clean["display_name"] = display[:120]

    country = (data.country or "").strip().upper()
    if country not in identity.country_names():
        err(
            "country",
            "invalid_country",
            _("Choose the country where the company is registered (ISO code, e.g. FR)."),
        )
    clean["country"] = country
    if country in identity.country_names():
        for f, fn in (
            ("company_registration", identity.normalise_registration),
            ("vat_number", identity.normalise_tax_id),
        ):
            try:
                clean[f] = fn(country, getattr(data, f))
            except ValueError as exc:
                err(f, f"invalid_{f}", exc)
        if "company_registration" in clean and "vat_number" in clean:
            mismatch = identity.vat_registration_mismatch(
                country, clean["company_registration"], clean["vat_number"]
            )
            if mismatch:  # named on both fields: either may be the typo
                err("vat_number", "vat_registration_mismatch", mismatch)
                err("company_registration", "vat_registration_mismatch", mismatch)

    address = (data.address or "").strip()
    if len(address) < 10:
        err("address", "required", _("Enter the company's full postal address."))
    clean["address"] = address[:1000]

    contact_name = (data.contact_name or "").strip()
    if len(contact_name) < 2:
        err("contact_name", "required", _("Enter the name of the person we should contact."))
    clean["contact_name"] = contact_name[:150]
    email = (data.contact_email or "").strip().lower()
    try:
        validate_email(email)
        clean["contact_email"] = email
    except ValidationError:
        err("contact_email", "invalid_email", _("Enter a valid email address."))
    try:
        clean["contact_phone"] = identity.normalise_phone(data.contact_phone)
    except ValueError as exc:
        err("contact_phone", "invalid_phone", exc)

    wanted = data.markets if isinstance(data.markets, list) else []
    codes = sorted({str(c).upper() for c in wanted})
    unknown = [c for c in codes if markets.find(c) is None]
    if not codes:
        err("markets", "required", _("Choose at least one market to sell in."))
    elif unknown:
        err(
            "markets",
            "unknown_market",
            _("Unknown markets %(bad)s; choose among %(codes)s.")
            % {"bad": ", ".join(unknown), "codes": ", ".join(markets.codes())},
        )
    clean["markets"] = [c for c in markets.codes() if c in codes]

    process = (data.process_description or "").strip()
    if len(process) < MIN_PROCESS_DESCRIPTION:
        err(
            "process_description",
            "too_short",
            _(
                "Describe your refurbishing process in at least %(n)d characters (you wrote %(got)d): how you test, "
                "grade, repair and wipe devices."
            )
            % {"n": MIN_PROCESS_DESCRIPTION, "got": len(process)},
        )
    elif len(process) > MAX_PROCESS_DESCRIPTION:
        err("process_description", "too_long", _("At most %d characters.") % MAX_PROCESS_DESCRIPTION)
    clean["process_description"] = process

    if needs_password:
        if not data.password:
            err("password", "required", _("Choose a password for your seller account."))
        else:
            try:
                validate_password(data.password, User(email=email, name=contact_name))
            except ValidationError as exc:
                err("password", "weak_password", " ".join(exc.messages))
    return clean, errors


def _unique_slug(base: str) -> str:
    root = slugify(base)[:120] or "shop"
    slug, n = root, 1
    while Seller.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug


def apply(*, data: ApplicationData, user: User | None = None, at: datetime | None = None) -> Seller:
    """Create a seller application (status applied). With no `user`, the contact email becomes the login."""
    at = at or clock.now()
    clean, errors = _validate_application(data, needs_password=user is None)
    if errors:
        raise Invalid(errors[0]["message"], code="validation_error", errors=errors)
    # Beyond check digits: does a registry know this VAT number? (outside any transaction: it may be remote)
    answer = registry.lookup(
        country=clean["country"], vat_number=clean["vat_number"], registration=clean["company_registration"]
    )
    if answer.status == "invalid":
        raise Invalid.field(
            "vat_number",
            "vat_not_registered",
            _("The %(source)s register does not know this VAT number; check it, or register it first.")
            % {"source": answer.source.upper() or _("company")},
        )
    if user is not None and Seller.objects.filter(user=user).exists():
        raise Conflict(_("This account already has a seller application."), code="already_applied")
    if user is None and User.objects.filter(email__iexact=clean["contact_email"]).exists():
        raise Conflict(
            _("An account already uses %s; log in and apply from it.") % clean["contact_email"],
            code="email_taken",
            errors=[
                {
                    "field": "contact_email",
                    "code": "email_taken",
                    "message": _("This email already has an account."),
                }
            ],
        )
    for _attempt in range(3):
        try:
            with transaction.atomic():
                account = user or User.objects.create_user(
                    clean["contact_email"], data.password, name=clean["contact_name"]
                )
                seller = Seller.objects.create(
                    user=account,
                    legal_name=clean["legal_name"],
                    display_name=clean["display_name"],
                    slug=_unique_slug(clean["display_name"]),
                    country=clean["country"],
                    company_registration=clean["company_registration"],
                    vat_number=clean["vat_number"],
                    address=clean["address"],
                    contact_phone=clean["contact_phone"],
                    markets=clean["markets"],
                    status=SellerStatus.APPLIED,
                    status_changed_at=at,
                )
                SellerApplication.objects.create(
                    seller=seller,
                    contact_name=clean["contact_name"],
                    contact_email=clean["contact_email"],
                    contact_phone=clean["contact_phone"],
                    markets_wanted=clean["markets"],
                    process_description=clean["process_description"],
                    submitted_at=at,
                    registry_check={**answer.as_dict(), "checked_at": at.isoformat()},
                )
                outbox.emit("seller.applied", seller_id=seller.pk)
            return seller
        except IntegrityError as exc:
            # A racing twin took the email or the account; otherwise it was the slug: try again.
            if user is None and User.objects.filter(email__iexact=clean["contact_email"]).exists():
                raise Conflict(_("This email already has an account."), code="email_taken") from exc
            if user is not None and Seller.objects.filter(user=user).exists():
                raise Conflict(
                    _("This account already has a seller application."), code="already_applied"
                ) from exc
    raise Conflict(_("Please submit the application again."), code="application_conflict")
