"""`comeback invoices-monthly [--month YYYY-MM]`: each seller's commission invoice for a month."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from comeback.invoices import services


class Command(BaseCommand):
    help = "Issue every seller's commission invoice for a month (the previous one by default); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: last month)")

    def handle(self, *args, **opts):
        month = None
        if opts["month"]:
            try:
                month = date.fromisoformat(f"{opts['month']}-01")
            except ValueError as exc:
                raise CommandError("--month: expected YYYY-MM, for example 2027-03") from exc
        issued = services.issue_monthly(
            month=month, progress=lambda items, label: tqdm(items, desc=label, unit="invoice", disable=None)
        )
        self.stdout.write(f"{len(issued)} commission invoice(s)")
