"""`comeback orders-sweep`: run the buying clock once (payouts: `comeback payouts-run`)."""

from django.core.management.base import BaseCommand

from comeback.orders.services import checkout, fulfilment, refunds


class Command(BaseCommand):
    help = "Release lapsed reservations, deliver/complete lines by time and retry refunds."

    def handle(self, *args, **opts):
        done = dict(fulfilment.catch_up())
        done["resumed"] = checkout.resume_stalled()
        done["refunds"] = refunds.retry_refunds()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in done.items()))
