"""`comeback tradein-pay REF`: pay one validated trade-in now (idempotent: never pays twice)."""

from django.core.management.base import BaseCommand, CommandError

from comeback.core.problems import Problem
from comeback.tradein.services import payouts


class Command(BaseCommand):
    help = "Pay a validated trade-in whose activation lock and wipe certificate are recorded."

    def add_arguments(self, parser):
        parser.add_argument("ref")

    def handle(self, *args, **o):
        try:
            payout = payouts.pay(ref=o["ref"])
        except Problem as problem:
            raise CommandError(f"{problem.code}: {problem.detail}") from problem
        self.stdout.write(
            "blocked: never paid" if payout is None else f"{payout.status} {payout.transfer_id}"
        )
