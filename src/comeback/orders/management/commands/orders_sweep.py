"""`comeback orders-sweep [--payouts] [--force-payouts]`: run the buying clock once."""

from django.core.management.base import BaseCommand

from comeback.orders.services import fulfilment, payouts, refunds


class Command(BaseCommand):
    help = "Release lapsed reservations, deliver/complete lines by time, retry refunds, and run payouts."

    def add_arguments(self, parser):
        parser.add_argument("--payouts", action="store_true", help="also run payouts (on payout days)")
        parser.add_argument("--force-payouts", action="store_true", help="run payouts even if today is not a payout day")

    def handle(self, *args, **opts):
        done = dict(fulfilment.catch_up())
        done["refunds"] = refunds.retry_refunds()
        if opts["payouts"] or opts["force_payouts"]:
            done["payouts"] = len(payouts.run_payouts(force=opts["force_payouts"]))
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in done.items()))
