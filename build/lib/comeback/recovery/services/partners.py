"""The platform's partners: creative collections and certified recyclers (staff only)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Forbidden, Invalid

from ..models import (
    Certification,
    Collection,
    Recycler,
)
from ..processes import Actor
from .access import Operator, _text


def _staff_only(op: Operator) -> None:
    if op.actor != Actor.STAFF:
        raise Forbidden(_("Only staff manage the platform's recyclers and collections."), code="staff_only")


def create_collection(
    *, op: Operator, name: str, maker: str, description: str = "", at: datetime | None = None
) -> Collection:
    _staff_only(op)
    name, maker = _text(name, 120), _text(maker, 120)
    errors = [
        {"field": f, "code": f"{f}_required", "message": _("This field is required.")}
        for f, v in (("name", name), ("maker", maker))
        if not v
    ]
    Invalid.raise_any(errors)
    slug = slugify(f"{name}-{maker}")[:50] or "collection"
    try:
        with transaction.atomic():
            return Collection.objects.create(
                slug=slug,
                name=name,
                maker=maker,
                description=_text(description, 2000),
                created_at=at or clock.now(),
            )
    except IntegrityError:
        raise Conflict(_("This collection exists already."), code="collection_exists") from None


def create_recycler(
    *,
    op: Operator,
    name: str,
    certification: str,
    country: str,
    certificate_number: str = "",
    at: datetime | None = None,
) -> Recycler:
    _staff_only(op)
    name, country = _text(name, 120), _text(country, 3).upper()
    errors = []
    if not name:
        errors.append({"field": "name", "code": "name_required", "message": _("This field is required.")})
    if certification not in Certification.values:
        errors.append(
            {
                "field": "certification",
                "code": "invalid_certification",
                "message": _("Certification must be one of %s.") % ", ".join(Certification.values),
            }
        )
    if len(country) != 2 or not country.isalpha():
        errors.append(
            {
                "field": "country",
                "code": "invalid_country",
                "message": _("Country is an ISO 3166 two-letter code."),
            }
        )
    Invalid.raise_any(errors)
    try:
        with transaction.atomic():
            return Recycler.objects.create(
                name=name,
                certification=certification,
                country=country,
                certificate_number=_text(certificate_number, 60),
                created_at=at or clock.now(),
            )
    except IntegrityError:
        raise Conflict(_("A recycler with this name exists already."), code="recycler_exists") from None
