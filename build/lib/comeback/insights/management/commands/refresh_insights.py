"""`comeback refresh-insights [--days N | --full]`: rebuild the insights rollups from the facts.

Cron it (or schedule the `refresh_recent` task); rules never depend on it, only the dashboard's
"correct to" time does.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.core import clock
from comeback.insights import services
from comeback.insights.tasks import RECENT_DAYS


class Command(BaseCommand):
    help = "Rebuild the operator insights rollups (the last days, or everything with --full)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=RECENT_DAYS, help="How many past days to rebuild.")
        parser.add_argument("--full", action="store_true", help="Rebuild everything from the beginning.")

    def handle(self, *args, **options):
        since = None if options["full"] else (clock.now() - timedelta(days=options["days"] + 1)).date()
        refresh = services.refresh(
            since=since,
            progress=lambda it, desc: tqdm(list(it), desc=desc, unit="market", file=self.stderr),
        )
        self.stdout.write(
            f"insights correct to {refresh.correct_to.isoformat()}: {refresh.rows} rows "
            f"(from {since.isoformat() if since else 'the beginning'})"
        )
