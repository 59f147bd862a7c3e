"""`comeback tradein-blocklist add|remove|list [IDENTIFIER] [--reason …]`: the demo's local block list."""

from django.core.management.base import BaseCommand, CommandError

from comeback.core import clock
from comeback.tradein.models import BlockedDevice


class Command(BaseCommand):
    help = "Manage the local IMEI / serial block list (the default block-list provider)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove", "list"])
        parser.add_argument("identifier", nargs="?")
        parser.add_argument("--reason", default="reported lost or stolen")

    def handle(self, *args, **o):
        if o["action"] == "list":
            for row in BlockedDevice.objects.all():
                self.stdout.write(f"{row.identifier}\t{row.reason}\t{row.source}")
            return
        ident = (o["identifier"] or "").strip().upper()
        if not ident:
            raise CommandError("give an IMEI or serial number")
        if o["action"] == "add":
            BlockedDevice.objects.update_or_create(
                identifier=ident, defaults={"reason": o["reason"], "added_at": clock.now()}
            )
        else:
            BlockedDevice.objects.filter(identifier=ident).delete()
        self.stdout.write(f"{o['action']}: {ident}")
