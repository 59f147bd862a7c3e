"""`comeback prune-idempotency-keys`: forget Idempotency-Keys past their period (docs/api.md "Idempotency")."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comeback.core import idempotency


class Command(BaseCommand):
    help = (
        "Delete stored Idempotency-Key answers older than their period (24 hours) now; the scheduler's"
        " hourly prune job does it too."
    )

    def handle(self, *args, **options) -> None:
        deleted = idempotency.prune()
        self.stdout.write(f"{deleted} expired idempotency key(s) deleted.")
