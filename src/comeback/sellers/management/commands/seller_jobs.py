"""`comeback seller-jobs`: recompute every seller's quality and send due probation-review notices.

Run it daily (cron, systemd timer or a task scheduler). Rules never depend on it: the probation pause
is derived from time; this only refreshes scores, alerts and suspensions, and notifies people.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.sellers import monitoring


class Command(BaseCommand):
    help = "Recompute seller quality scores and alerts, and send due probation-review notices."

    def handle(self, *args, **options):
        n = monitoring.recompute_all(progress=lambda it, desc: tqdm(it, desc=desc, unit="seller"))
        sent = monitoring.notify_due_reviews()
        self.stdout.write(f"recomputed {n} sellers; sent {sent} review notices")
