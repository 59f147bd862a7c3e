"""`comeback aftersales-sweep`: notify staff, sellers and buyers of claims that passed their answer deadline."""

from django.core.management.base import BaseCommand

from comeback.aftersales import services


class Command(BaseCommand):
    help = "Notify escalated warranty claims (idempotent: each missed deadline is notified once)."

    def handle(self, *args, **opts):
        self.stdout.write(f"escalations notified: {services.notify_escalations()}")
