"""`comeback worker --queue outbox`: run tasks of one queue (or several), surviving database restarts and
running again the tasks of workers that died (core/worker.py, docs/deploy.md "Freshness and healing")."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError

from comeback.core import queues
from comeback.core.worker import Worker, worker_id


class Command(BaseCommand):
    help = "Run a task worker for the named queues (outbox, webhooks, emails, reports; '*' for every queue)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="append",
            default=[],
            help="A queue to serve (repeat, or separate with commas). Default: every queue.",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args, queue, interval, batch, max_tasks, verbosity, **options):
        names = [name.strip() for value in queue for name in value.split(",") if name.strip()] or ["*"]
        unknown = sorted(set(names) - set(queues.ALL) - {"*"})
        if unknown:
            raise CommandError(f"unknown queue(s) {', '.join(unknown)}; known: {', '.join(queues.ALL)}")
        served = sorted({q for name in names for q in queues.SERVED_WITH.get(name, (name,))})
        logging.getLogger("django_tasks_db").setLevel(logging.INFO if verbosity > 1 else logging.WARNING)
        worker = Worker(
            queue_names=served,
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=max_tasks,
            worker_id=worker_id(),
            excluded_queue_names=[],
        )
        if verbosity:
            self.stdout.write(f"worker {worker.worker_id} serving {', '.join(served)}")
        worker.configure_signals()
        worker.run()
