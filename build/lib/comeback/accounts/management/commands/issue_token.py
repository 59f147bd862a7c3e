"""`comeback issue-token EMAIL [--scope seller --scope buyer] [--name NAME]`: print a new API token once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from comeback.accounts import services
from comeback.accounts.models import Scope
from comeback.core.problems import Problem


class Command(BaseCommand):
    help = (
        "Create an API token for the user with this email and print its secret (shown once, stored hashed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The user's login email, e.g. seller1@demo.comeback.test")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            choices=Scope.values,
            metavar="SCOPE",
            help=f"Repeatable; one of {', '.join(Scope.values)}. Default: what the user is (buyer, seller, staff).",
        )
        parser.add_argument(
            "--name", default="cli", help="A label to recognise the token later (default: cli)."
        )

    def handle(self, *args, email: str, scopes: list[str] | None, name: str, **options):
        try:
            user = services.user_for_email(email)
            issued = services.issue_token(user=user, scopes=scopes, name=name)
        except Problem as exc:
            raise CommandError(f"{exc.detail} ({exc.code}): {email}") from exc
        # The secret alone on stdout, so `TOKEN=$(comeback issue-token EMAIL)` works; the rest on stderr.
        self.stdout.write(issued.secret)
        self.stderr.write(
            f"Token {issued.token.prefix} for {user.email}, scopes: {', '.join(issued.token.scopes)}. "
            "Store it now: it is shown once.",
            style_func=str,
        )
