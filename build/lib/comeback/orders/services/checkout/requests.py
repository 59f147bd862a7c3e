"""What a checkout request must carry: a valid address, an idempotency fingerprint, an order ref."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from comeback.core import postcodes, site
from comeback.core.problems import Conflict, Invalid, Problem

from ...models import (
    Order,
)

if TYPE_CHECKING:
    from .reserve import ReservedLine

ADDRESS_FIELDS = {
    "name": 120,
    "line1": 200,
    "line2": 200,
    "postal_code": 20,
    "city": 100,
    "country": 2,
    "phone": 40,
}
ADDRESS_REQUIRED = ("name", "line1", "postal_code", "city")
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass
class CheckoutResult:
    order: Order
    created: bool
    lines: list[ReservedLine] | None = None  # a new order's lines, as this checkout wrote and moved them


class PaymentDeclined(Conflict):
    status = 402
    default_code = "payment_declined"


class ProviderUnavailable(Problem):
    status = 503
    default_code = "payment_provider_unavailable"


def request_hash(body: dict) -> str:
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()


def order_ref(buyer_id: int, key: str) -> str:
    """A short public reference, derived from (buyer, key) so that demo data is deterministic."""
    n = int.from_bytes(hashlib.sha256(f"{buyer_id}:{key}".encode()).digest()[:8], "big")
    chars = []
    for _i in range(10):
        n, r = divmod(n, 32)
        chars.append(_REF_ALPHABET[r])
    return "ORD-" + "".join(chars)


def clean_address(address: dict | None, market) -> dict:
    address = dict(address or {})
    errors = []
    for name in ADDRESS_REQUIRED:
        if not str(address.get(name) or "").strip():
            errors.append(
                {
                    "field": f"shipping_address.{name}",
                    "code": "required",
                    "message": _("This field is required."),
                }
            )
    clean = {}
    for name, limit in ADDRESS_FIELDS.items():
        value = str(address.get(name) or "").strip()
        if len(value) > limit:
            errors.append(
                {
                    "field": f"shipping_address.{name}",
                    "code": "too_long",
                    "message": _("At most %(n)s characters.") % {"n": limit},
                }
            )
        clean[name] = value
    clean["country"] = (clean["country"] or market.code).upper()
    if clean["country"] != market.code:
        errors.append(
            {
                "field": "shipping_address.country",
                "code": "country_not_served",
                "message": _("Orders in %(m)s ship to %(m)s only.") % {"m": market.code},
            }
        )
    if clean["postal_code"] and not any(e["field"] == "shipping_address.postal_code" for e in errors):
        clean["postal_code"], refusal = postcodes.checked(
            clean["country"], clean["postal_code"], field="shipping_address.postal_code"
        )
        errors.extend([refusal] if refusal else [])
    if errors:
        raise Invalid(errors[0]["message"], code="invalid_address", errors=errors)
    return clean


def confirmation_url(order: Order) -> str:
    return site.absolute(reverse("orders:pay_confirm", args=[order.ref]))
