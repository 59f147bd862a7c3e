"""`comeback seller-jobs`: recompute every seller's quality, send due probation-review notices and carry out
removals whose notice has run out (the scheduler also runs these).

Run it daily (cron, systemd timer or a task scheduler). Rules never depend on it: the probation pause
is derived from time; this only refreshes scores, alerts and suspensions, and notifies people.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.sellers import monitoring, removal


class Command(BaseCommand):
    help = "Recompute seller quality, send due probation-review notices, carry out removals after notice."

    def handle(self, *args, **options):
        n = monitoring.recompute_all(progress=lambda it, desc: tqdm(it, desc=desc, unit="seller"))
        sent = monitoring.notify_due_reviews()
        removed = removal.complete_due()
        self.stdout.write(
            f"recomputed {n} sellers; sent {sent} review notices; removed {removed} after notice"
        )
