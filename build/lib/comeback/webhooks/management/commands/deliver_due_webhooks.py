"""`comeback deliver-due-webhooks`: attempt every webhook delivery that is due now (cron-able, idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.webhooks import services


class Command(BaseCommand):
    help = "Attempt every webhook delivery whose next attempt is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=1000, help="at most this many deliveries (default 1000)"
        )

    def handle(self, *args, limit: int, **options):
        counts = services.deliver_due(
            limit=limit, progress=lambda ids: tqdm(ids, desc="webhooks", unit="delivery", disable=not ids)
        )
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
