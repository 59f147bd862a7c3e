"""Demo data of insights, run last by `comeback seed-demo`: exchange rates to the euro (so the dashboard
can convert), then a full refresh of the rollups over everything the other apps seeded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from .models import ExchangeRate
from .services import refresh

# Rounded reference rates (1 unit = n EUR), illustrative: staff maintain the real ones.
DEMO_RATES = {"GBP": Decimal("1.17"), "USD": Decimal("0.92"), "JPY": Decimal("0.0061")}


def seed_demo(ctx) -> None:
    staff = ctx.users.get("staff@demo.comeback.test")
    valid_on = (ctx.now - timedelta(days=120)).date()
    for currency, rate in DEMO_RATES.items():
        ExchangeRate.objects.update_or_create(
            currency=currency,
            target="EUR",
            valid_on=valid_on,
            defaults={
                "rate": rate,
                "source": "Comeback demo (rounded)",
                "created_by": staff,
                "created_at": ctx.now,
            },
        )
    refresh(at=ctx.now, progress=ctx.progress)
