"""`comeback repair-parts-import EMAIL FILE.csv`: spare parts (and stock) from a CSV file, with a progress bar."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from comeback.accounts.models import User
from comeback.core.problems import Problem
from comeback.repair.services import parts_csv


class Command(BaseCommand):
    help = "Create or update spare parts (and stock at locations) from CSV (columns: docs/repair.md, CSV import)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="login of the staff member or refurbisher the parts belong to")
        parser.add_argument("path", type=Path)

    def handle(self, *args, **o):
        user = User.objects.filter(email__iexact=o["email"]).first()
        if user is None:
            raise CommandError(f"no user with login {o['email']}")
        data = o["path"].read_bytes()
        rows = max(0, data.decode("utf-8-sig", errors="replace").count("\n") - 1)
        try:
            with tqdm(total=rows, unit="part", desc="import", disable=o["verbosity"] == 0) as bar:
                result = parts_csv.import_csv(data=data, actor=user, progress=bar.update)
        except Problem as problem:
            lines = [f"{e['field']}: {e['message']}" for e in problem.errors] or [problem.detail]
            raise CommandError("\n".join(lines)) from problem
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.stocked} stock counts set"
        )
