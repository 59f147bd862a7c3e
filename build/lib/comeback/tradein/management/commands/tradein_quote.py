"""`comeback tradein-quote MODEL --market FR --storage 128 --screen flawless --body scratches [--no-power] …`:
the instant quote from the command line (MODEL is a product id or slug)."""

from django.core.management.base import BaseCommand, CommandError

from comeback.catalog.models import ProductModel
from comeback.core.money import Money
from comeback.core.problems import Problem
from comeback.tradein.services import quotes


class Command(BaseCommand):
    help = "Quote a device: the best refurbisher's price for the model, storage and condition in a market."

    def add_arguments(self, parser):
        parser.add_argument("model", help="product id or slug, e.g. apple-iphone-13")
        parser.add_argument("--market", default="FR")
        parser.add_argument(
            "--storage", type=int, default=0, help="GB; 0 for a model without storage options"
        )
        parser.add_argument("--screen", default=None, choices=["flawless", "scratches", "cracked"])
        parser.add_argument("--body", default="flawless", choices=["flawless", "scratches", "dents"])
        parser.add_argument("--no-power", action="store_true", help="the device does not power on")
        parser.add_argument("--faulty", action="store_true", help="a function does not work")
        parser.add_argument("--accounts-on", action="store_true", help="accounts are not removed yet")
        parser.add_argument("--partner", default=None, help="brand programme slug")

    def handle(self, *args, **o):
        key = o["model"]
        product = (
            ProductModel.objects.filter(pk=int(key)).first()
            if key.isdigit()
            else ProductModel.objects.filter(slug=key).first()
        )
        if product is None:
            raise CommandError(f"no model {key!r}")
        answers = {
            "powers_on": not o["no_power"],
            "screen": o["screen"],
            "body": o["body"],
            "functional": not o["faulty"],
            "accounts_removed": not o["accounts_on"],
        }
        try:
            q = quotes.request_quote(
                product_id=product.pk,
                storage_gb=o["storage"],
                market=o["market"],
                answers=answers,
                partner=o["partner"],
            )
        except Problem as problem:
            raise CommandError(f"{problem.code}: {problem.detail} {problem.errors or ''}") from problem
        total = Money(q.price_amount + q.bonus_amount, q.currency)
        self.stdout.write(
            f"{q.ref}  {product} {q.storage_gb or ''} {q.tier}: {total.format()} "
            f"from {q.seller.display_name}, valid until {q.expires_at:%Y-%m-%d}"
        )
