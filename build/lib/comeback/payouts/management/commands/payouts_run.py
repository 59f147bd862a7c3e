"""`comeback payouts-run [--force] [--sync]`: today's payout run (docs/payouts.md "Schedule")."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.payouts.services import runs, sending


class Command(BaseCommand):
    help = "Run today's payouts if today is a payout day (idempotent), and settle provider transfers."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even if today is not a payout day")
        parser.add_argument(
            "--sync", action="store_true", help="only resend pending and settle sent provider transfers"
        )

    def handle(self, *args, **opts):
        if not opts["sync"]:

            def progress(items, label):
                return tqdm(items, desc=label, unit="seller", disable=None)

            run = runs.run_due(force=opts["force"], progress=progress)
            if run is None:
                today = runs.run_date(runs.clock.now())
                self.stdout.write(f"{today} is not a payout day; next: {runs.next_payout_day(today)}")
            else:
                self.stdout.write(
                    f"run {run.run_date}: {run.status}, {run.transfers.count()} transfers, "
                    f"{run.files.count()} SEPA file(s)"
                )
        resent = sending.send_pending()
        settled = sending.sync_sent()
        self.stdout.write(f"provider: {resent} sent, {settled['paid']} paid, {settled['failed']} failed")
