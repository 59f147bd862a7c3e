"""The repair demo's people: the repairer who works at the two Paris locations, and its login line."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password

from ..models import (
    Location,
    Membership,
)

REPAIRER = "repairer@demo.comeback.test"
BUYER = "buyer@demo.comeback.test"
DEMO_NOTE = "demo"


def _people(ctx, paris: list[Location]):
    from comeback.accounts.models import User

    hashed = ctx.users[BUYER].password if BUYER in ctx.users else make_password(ctx.password)
    repairer = User.objects.create(
        email=REPAIRER,
        name="Rémi Réparateur",
        password=hashed,
        preferred_market="FR",
        date_joined=ctx.now - timedelta(days=150),
    )
    ctx.users[REPAIRER] = repairer
    for loc in paris:
        Membership.objects.create(user=repairer, location=loc, created_at=ctx.now - timedelta(days=150))
    return repairer


def describe_login(user) -> tuple[str, str] | None:
    """Role and what to try for the repairer login in `comeback demo-logins`."""
    from django.utils.translation import gettext as _

    if user.email == REPAIRER:
        return _("repairer · Paris"), _("Repair desk /repair/desk/: today's bookings, jobs, parts, passports")
    return None
