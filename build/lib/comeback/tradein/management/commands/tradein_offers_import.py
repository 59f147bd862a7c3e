"""`comeback tradein-offers-import EMAIL FILE.csv`: a refurbisher's buyback offers from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comeback.core.problems import Problem
from comeback.sellers.models import Seller
from comeback.tradein.services import buyback


class Command(BaseCommand):
    help = (
        "Create or update a refurbisher's buyback offers from CSV (columns: docs/trade-in.md, Bulk upload)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the refurbisher's login email")
        parser.add_argument("path", type=Path)

    def handle(self, *args, **o):
        seller = Seller.objects.filter(user__email__iexact=o["email"]).first()
        if seller is None:
            raise CommandError(f"no refurbisher with login {o['email']}")
        try:
            result = buyback.import_csv(seller=seller, data=o["path"].read_bytes())
        except Problem as problem:
            lines = [f"{e['field']}: {e['message']}" for e in problem.errors] or [problem.detail]
            raise CommandError("\n".join(lines)) from problem
        self.stdout.write(f"{result.created} created, {result.updated} updated")
