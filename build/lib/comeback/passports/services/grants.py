"""Access grants: letting a professional read a passport's restricted sections, and revoking that."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Invalid, NotFound

from ..models import (
    GrantRole,
    PassportAccessGrant,
)


def grant_access(
    *, user, role: str, organisation: str, granted_by=None, at: datetime | None = None
) -> PassportAccessGrant:
    """Give a user a passport role (repairer, recycler, authority). Idempotent per active (user, role)."""
    if role not in GrantRole.values:
        raise Invalid.field(
            "role", "invalid_role", _("Role must be one of: %s.") % ", ".join(GrantRole.values)
        )
    organisation = (organisation or "").strip()
    if not organisation or len(organisation) > 120:
        raise Invalid.field(
            "organisation",
            "organisation_required",
            _("Name the organisation (at most 120 characters): it signs the events."),
        )
    existing = PassportAccessGrant.objects.filter(user=user, role=role, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return PassportAccessGrant.objects.create(
                user=user,
                role=role,
                organisation=organisation,
                granted_by=granted_by,
                created_at=at or clock.now(),
            )
    except IntegrityError:
        return PassportAccessGrant.objects.get(user=user, role=role, revoked_at__isnull=True)


def revoke_grant(*, grant_id: int, at: datetime | None = None) -> None:
    moved = PassportAccessGrant.objects.filter(pk=grant_id, revoked_at__isnull=True).update(
        revoked_at=at or clock.now()
    )
    if not moved:
        raise NotFound(_("No active passport grant %s.") % grant_id, code="grant_not_found")
