"""`comeback tradein-sweep`: apply missed trade-in deadlines and pay what is due (idempotent; cron it)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.tradein.services import deadlines


class Command(BaseCommand):
    help = "Lapse unshipped trade-ins, auto-validate uninspected ones, return unanswered counter-offers, pay due payouts."

    def handle(self, *args, **opts):
        quiet = opts["verbosity"] == 0

        def progress(items, desc):
            return tqdm(items, desc=desc, disable=quiet, dynamic_ncols=True)

        done = deadlines.sweep(progress=progress)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(done.items())) or "nothing to do")
