"""`comeback tradein-partner-token SLUG [--store CODE]`: print a new partner API token (shown once)."""

from django.core.management.base import BaseCommand, CommandError

from comeback.tradein.models import Partner, Store
from comeback.tradein.services import partners


class Command(BaseCommand):
    help = "Issue a partner API token; with --store it sees only that store."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--store", default=None, help="store code")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, **o):
        partner = Partner.objects.filter(slug=o["slug"]).first()
        if partner is None:
            raise CommandError(f"no partner {o['slug']!r}")
        store = None
        if o["store"]:
            store = Store.objects.filter(partner=partner, code=o["store"]).first()
            if store is None:
                raise CommandError(f"no store {o['store']!r} at {partner}")
        self.stdout.write(partners.issue_token(partner=partner, store=store, name=o["name"]).secret)
