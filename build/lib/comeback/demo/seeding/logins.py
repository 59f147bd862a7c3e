"""The demo logins table (`comeback demo-logins`): every demo login with its role and what to try."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core import clock
from comeback.sellers import models as seller_rules

from .context import DEMO_DOMAIN, HOOK_APPS

# Order of the table: staff, buyer, then sellers along their lifecycle.
_STATE_ORDER = ["full", "applied", "probation", "suspended", "removed", "rejected"]


def _probation_hint() -> str:
    """Written when shown, from the probation's daily cap (docs/design.md §2 Probation)."""
    return _("Publish listings until the %(cap)d-a-day probation cap refuses one") % {
        "cap": seller_rules.PROBATION_DAILY_CAP
    }


# Translated when shown, in the reader's language, not once at import.
_SELLER_HINTS = {
    "full": gettext_lazy("Seller portal and API: list, reprice, see the price that would win"),
    "applied": gettext_lazy("Awaiting verification: listing is refused until staff verify it"),
    "probation": lazy(_probation_hint, str)(),
    "suspended": gettext_lazy("Listings hidden from buyers; listing refused until staff review"),
    "removed": gettext_lazy("Removed: cannot sell again; its listings are withdrawn"),
    "rejected": gettext_lazy("Application rejected: cannot list"),
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    hint: str


def demo_logins(*, at: datetime | None = None) -> list[DemoLogin]:
    """Every demo login with its role or seller state and what to try, read from the database."""
    from comeback.accounts.models import User

    at = at or clock.now()
    rows: list[tuple[tuple, DemoLogin]] = []
    for user in User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}").select_related("seller"):
        seller = getattr(user, "seller", None)
        if user.is_staff or user.is_superuser:
            rank = 0
            role = _("staff (superuser)") if user.is_superuser else _("staff")
            hint = _("Back office and /admin/: verify the applicant, review the seller past day %(day)d") % {
                "day": seller_rules.PROBATION_DAYS
            }
        elif seller is None:
            rank, role, hint = (
                1,
                _("buyer"),
                _("Browse, compare grades, buy, return, review, trade in a device"),
            )
            described = _described_by_hooks(user)
            if described is not None:
                rank, (role, hint) = 1.5, described
        else:
            state = seller.status
            rank = 2 + (_STATE_ORDER.index(state) if state in _STATE_ORDER else len(_STATE_ORDER))
            role, hint = _("seller · %s") % state, _SELLER_HINTS.get(state, "")
            if state == "probation" and seller.probation_started_at:
                days = (at - seller.probation_started_at).days
                role = _("seller · probation, %d days in") % days
                if days >= seller_rules.PROBATION_DAYS:  # docs/design.md §2: listings pause until a review
                    hint = _("Review due: listings paused until staff approve, extend or remove")
            elif seller.rating_count:
                role += f" ★{seller.rating_sum / seller.rating_count:.1f}"
        rows.append(((rank, _natural(user.email)), DemoLogin(user.email, str(role), str(hint))))
    return [login for _key, login in sorted(rows, key=lambda r: r[0])]


def _described_by_hooks(user) -> tuple[str, str] | None:
    """Apps whose demo adds logins (partners, stores…) describe them with `describe_login(user)`."""
    for app in HOOK_APPS:
        name = f"comeback.{app}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        describe = getattr(importlib.import_module(name), "describe_login", None)
        found = describe(user) if describe else None
        if found is not None:
            return found
    return None


def _natural(text: str) -> tuple:
    """seller2 before seller10."""
    head = text.split("@")[0]
    stem = head.rstrip("0123456789")
    return (stem, int(head[len(stem) :] or 0), text)
