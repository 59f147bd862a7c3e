"""The trade-in demo's partner logins (retail headquarters, a store counter, a brand) and the blocked IMEI."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password

from ..models import (
    Partner,
    PartnerMember,
    Store,
)

BUYER = "buyer@demo.comeback.test"
PARTNER_HQ = "partner@demo.comeback.test"
STORE_STAFF = "store@demo.comeback.test"
BRAND_HQ = "brand@demo.comeback.test"
BLOCKED_IMEI = "356938035643809"  # on the demo block list: accepting it is refused


def _members(ctx, brand: Partner, retail: Partner) -> None:
    from comeback.accounts.models import User

    # Every demo login shares the one hash of the demo password (argon2 is slow on purpose: hash once).
    hashed = ctx.users[BUYER].password if BUYER in ctx.users else make_password(ctx.password)
    paris = Store.objects.get(partner=retail, code="PAR-RIV")
    for login, name, partner, store in (
        (PARTNER_HQ, "Rita Relay", retail, None),
        (STORE_STAFF, "Sam Store", retail, paris),
        (BRAND_HQ, "Nora NovaPlay", brand, None),
    ):
        user = User.objects.create(
            email=login,
            name=name,
            password=hashed,
            preferred_market="FR",
            date_joined=ctx.now - timedelta(days=100),
        )
        ctx.users[login] = user
        PartnerMember.objects.create(
            user=user, partner=partner, store=store, created_at=ctx.now - timedelta(days=90)
        )


def describe_login(user) -> tuple[str, str] | None:
    """Role and what to try for the partner logins in `comeback demo-logins`."""
    from django.utils.translation import gettext as _

    return {
        PARTNER_HQ: (
            _("partner · retail network HQ"),
            _("Partner dashboard: every store's trade-ins, commission"),
        ),
        STORE_STAFF: (
            _("partner · store counter"),
            _("Store counter: questionnaire, inspect and pay on the spot"),
        ),
        BRAND_HQ: (_("partner · brand programme"), _("Brand trade-in landing page and dashboard")),
    }.get(user.email)
