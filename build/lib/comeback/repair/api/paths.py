"""What every repair API module checks of its path and query values before the services see them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import Invalid, NotFound

from ..models import ServiceKind
from ..schemas import MAX_ID


def checked_pk(value: int, what: str) -> int:
    """A path id that cannot exist is a 404 before it reaches the database driver (which would overflow)."""
    if not 0 < value <= MAX_ID:
        messages = {
            "location": _("No such repair location."),
            "job": _("No such repair job."),
            "part": _("No such spare part."),
        }
        raise NotFound(messages[what], code=f"{what}_not_found")
    return value


def product_of(product_id: int, field: str = "product_id"):
    from comeback.catalog.models import ProductModel

    product = ProductModel.objects.filter(pk=product_id).first() if 0 < product_id <= MAX_ID else None
    if product is None:
        raise Invalid.field(field, "unknown_product", _("No product model %s.") % product_id)
    return product


def service_kind(value: str | None) -> str | None:
    if value and value not in ServiceKind.values:
        raise Invalid.field(
            "service",
            "unknown_service",
            _("Unknown service; expected one of %s.") % ", ".join(ServiceKind.values),
        )
    return value or None
