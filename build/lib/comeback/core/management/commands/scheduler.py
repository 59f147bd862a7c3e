"""`comeback scheduler`: run every periodic job on one node at a time (core/scheduler.py). Start one on
every node if you like: one holds the lease and runs the jobs, the others wait to take over."""

from __future__ import annotations

import signal

from django.core.management.base import BaseCommand, CommandError

from comeback.core import scheduler
from comeback.core.models import ScheduledJob


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (sweeps, due webhooks, seller jobs, insights, pruning) on one node at a time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="List the jobs and their last runs, then exit."
        )
        parser.add_argument("--once", action="store_true", help="Run the due jobs once (holding the lease).")
        parser.add_argument("--run", metavar="JOB", help="Run one job now, whatever its schedule.")

    def handle(self, *args, list, once, run, **options):
        if list:
            return self._list()
        if run:
            job = next((j for j in scheduler.registered() if j.name == run), None)
            if job is None:
                raise CommandError(f"no job {run!r}; see `comeback scheduler --list`")
            ok = scheduler.run_job(job)
            self.stdout.write(f"{job.name}: {'done' if ok else 'failed (see the log)'}")
            return
        runner = scheduler.Scheduler()
        if once:
            started = runner.tick(wait=True)
            self.stdout.write(
                f"ran: {', '.join(started) or 'nothing due (or another scheduler holds the lease)'}"
            )
            return

        def stop(signum, frame):
            runner.stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"scheduler {runner.holder}: {len(scheduler.registered())} jobs")
        runner.run_forever()

    def _list(self):
        known = {job.name: job for job in ScheduledJob.objects.all()}
        for job in scheduler.registered():
            rec = known.get(job.name)
            last_ok = rec.last_succeeded_at.isoformat() if rec and rec.last_succeeded_at else "never"
            failed = f", last failure {rec.last_failed_at.isoformat()}" if rec and rec.last_failed_at else ""
            self.stdout.write(
                f"{job.name:24} every {int(job.every.total_seconds()):>6} s, last success {last_ok}{failed}"
            )
