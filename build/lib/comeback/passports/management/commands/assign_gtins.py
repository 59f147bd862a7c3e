"""`comeback assign-gtins`: give every variant its own GTIN (GS1: one GTIN per trade item).

Variants without a GTIN, whose model has none either (a brand using one GTIN for every variant keeps it),
get one allocated under COMEBACK_GS1_COMPANY_PREFIX, kept on the variant. Passports do this lazily when a
unit's first passport opens; this command does it for the whole catalogue at once (before printing labels
or exporting the catalogue).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Q
from tqdm import tqdm

from comeback.catalog.models import Variant
from comeback.passports import services


class Command(BaseCommand):
    help = "Allocate a GTIN to every variant that has none (and whose model has none)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the variants without a GTIN.")

    def handle(self, *args, dry_run: bool = False, **options):
        missing = (
            Variant.objects.filter(gtin__isnull=True)
            .filter(Q(product__gtin__isnull=True) | Q(product__gtin=""))
            .select_related("product")
            .order_by("id")
        )
        total = missing.count()
        if dry_run:
            self.stdout.write(f"{total} variants without a GTIN")
            return
        for variant in tqdm(missing.iterator(), total=total, desc="allocating GTINs", disable=total == 0):
            services.unit_gtin(product=variant.product, variant=variant)
        self.stdout.write(f"allocated {total} GTINs")
