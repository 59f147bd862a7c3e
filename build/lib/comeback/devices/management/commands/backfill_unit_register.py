"""`comeback backfill-unit-register [--dry-run]`: give the unit register the identifiers of units shipped,
returned or traded in before it existed (devices/backfill.py). Idempotent: run it again at any time."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.devices import backfill


class Command(BaseCommand):
    help = "Write the unit register's rows for identifiers shipped, returned or traded in before it existed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be written; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = backfill.backfill(
            dry_run=dry_run, progress=lambda items: tqdm(items, desc="identifiers", unit="unit")
        )
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            f"{counts['identifiers']} identifiers: {verb} {counts['created']}, "
            f"{counts['existing']} already registered, {counts['alerts']} histories alerted to staff"
        )
