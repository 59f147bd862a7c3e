"""`comeback seed-demo`: reset and load the demo data (docs/design.md §4)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comeback.demo import seeding as demo


class Command(BaseCommand):
    help = (
        "Load the demo marketplace: catalogue, sellers in every trust state, offers in every market, then the "
        f"apps' demo hooks. Re-running first deletes the previous demo data (users @{demo.DEMO_DOMAIN}, the demo product "
        "models and everything hanging off them), so it is safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help="Random seed (default %(default)s); the same seed gives the same data.",
        )
        parser.add_argument(
            "--no-hooks",
            action="store_true",
            help="Only the core data: skip the sellers/orders/webhooks demo hooks.",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        summary = demo.seed(
            random_seed=options["seed"], hooks=not options["no_hooks"], show_progress=verbosity > 0
        )
        if verbosity > 0:
            hooks = ", ".join(summary.hooks) or "none"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ready in {summary.seconds:.1f} s: {summary.categories} categories, "
                    f"{summary.products} product models, {summary.variants} variants, {summary.sellers} sellers, "
                    f"{summary.offers} offers, {summary.users} logins (password {demo.PASSWORD!r}); hooks: {hooks}."
                )
            )
