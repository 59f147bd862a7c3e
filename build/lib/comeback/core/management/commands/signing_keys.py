"""`comeback signing-keys`: list the platform's signing keyring; `--rotate` or `--import PATH` change it.

Every node reads the same keyring from the database (core/keyring.py): the current key signs, retired keys
stay published so what they signed still verifies.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F

from comeback.core import keyring
from comeback.core.models import SigningKey


class Command(BaseCommand):
    help = "List the signing keyring shared by every node; rotate it or import an older key file."

    def add_arguments(self, parser):
        parser.add_argument("--purpose", default=keyring.PASSPORTS)
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rotate", action="store_true", help="generate a new current key")
        action.add_argument(
            "--import", dest="import_path", default="", help="adopt a PEM key file as current"
        )

    def handle(self, *args, purpose, rotate, import_path, **options):
        try:
            if rotate:
                self.stdout.write(f"rotated: {keyring.rotate(purpose)} signs from now on")
            elif import_path:
                self.stdout.write(f"imported: {keyring.import_file(import_path, purpose)} signs from now on")
            else:
                keyring.ring(purpose)  # the first key, when there is none yet
        except (ImproperlyConfigured, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        for key in SigningKey.objects.filter(purpose=purpose).order_by(
            F("retired_at").desc(nulls_first=True), "-created_at"
        ):
            state = f"retired {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else "current"
            where = "encrypted in the database" if key.private_key_encrypted else "PASSPORT_SIGNING_KEY"
            self.stdout.write(f"{key.kid}  {state:<24} since {key.created_at:%Y-%m-%d %H:%M}  ({where})")
