"""`comeback verify-passport ID…`: recompute passports' hash chains and check their signed heads.

ID is a passport serial, its Digital Link path (/01/…/21/…) or full URI. Locally the chain is read from
the database with every level disclosed; with `--url https://host` it is fetched like anyone would
(GET /api/v1/passports/{id}/events and /.well-known/jwks.json) and nothing local is trusted.
Exit status 1 when any passport fails. `--all` checks every passport (with a progress bar).
"""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from comeback.core.problems import NotFound
from comeback.passports import chain, selectors
from comeback.passports.models import Passport


def fetch_json(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.loads(response.read().decode("utf-8"))


def serial_of(value: str) -> str:
    path = urlsplit(value).path if "://" in value else value
    parts = [p for p in path.split("/") if p]
    if "21" in parts[:-1]:
        return parts[parts.index("21") + 1]
    return parts[-1] if parts else value


class Command(BaseCommand):
    help = "Verify passports' tamper-evident histories (hash chain and Ed25519-signed head)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", help="passport serial, /01/…/21/… path or full URI")
        parser.add_argument("--all", action="store_true", help="verify every passport in the database")
        parser.add_argument(
            "--url", default="", help="verify against a running server instead of the database"
        )

    def handle(self, *args, **options):
        ids = options["ids"]
        if not ids and not options["all"]:
            raise CommandError("give passport ids, or --all")
        failed = 0
        if options["all"]:
            qs = Passport.objects.order_by("id")
            for p in tqdm(qs.iterator(), total=qs.count(), desc="verifying passports"):
                failed += not self._report(selectors.verify(p), quiet=True)
            self.stdout.write(f"{qs.count() - failed} of {qs.count()} passports verify")
        for value in ids:
            serial = serial_of(value)
            try:
                report = (
                    self._remote(options["url"], serial)
                    if options["url"]
                    else selectors.verify(selectors.passport(serial))
                )
            except NotFound as exc:
                raise CommandError(str(exc)) from None
            failed += not self._report(report)
        if failed:
            raise CommandError(f"{failed} passport(s) failed verification")

    def _remote(self, base: str, serial: str) -> chain.Report:
        base = base.rstrip("/")
        try:
            document = fetch_json(f"{base}/api/v1/passports/{serial}/events")
            keys = {
                k["kid"]: chain.public_key_from_jwk(k)
                for k in fetch_json(f"{base}/.well-known/jwks.json")["keys"]
            }
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"could not fetch passport {serial} from {base}: {exc}") from None
        return chain.verify(document, keys)

    def _report(self, report: chain.Report, *, quiet: bool = False) -> bool:
        if report.ok:
            if not quiet:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"OK {report.passport_id}: {report.length} events, every hash recomputed, head signature valid"
                        + (
                            f", {report.disclosed_checked} sealed field sets checked"
                            if report.disclosed_checked
                            else ""
                        )
                    )
                )
            return True
        self.stdout.write(self.style.ERROR(f"FAILED {report.passport_id}:"))
        for problem in report.problems:
            self.stdout.write(f"  - {problem}")
        return False
