"""`comeback grant-passport-access EMAIL --role repairer --organisation "Fix & Co"` (or `--revoke`).

Repairers and recyclers read restricted passport fields and record their events; authorities read every
field. The user's API tokens and web session carry the role (passports/access.py).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from comeback.accounts.services import user_for_email
from comeback.core.problems import Problem
from comeback.passports import services
from comeback.passports.models import GrantRole, PassportAccessGrant


class Command(BaseCommand):
    help = "Give (or take back) a passport role: repairer, recycler or authority."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=GrantRole.values)
        parser.add_argument("--organisation", default="", help="shown as the author of the events it records")
        parser.add_argument("--revoke", action="store_true")

    def handle(self, *args, email, role, organisation, revoke, **options):
        try:
            user = user_for_email(email)
            if revoke:
                grant = PassportAccessGrant.objects.filter(
                    user=user, role=role, revoked_at__isnull=True
                ).first()
                if grant is None:
                    raise CommandError(f"{email} has no active {role} grant")
                services.revoke_grant(grant_id=grant.pk)
                self.stdout.write(f"revoked: {email} is no longer a {role}")
                return
            grant = services.grant_access(user=user, role=role, organisation=organisation)
        except Problem as exc:
            raise CommandError(exc.detail) from None
        self.stdout.write(f"{email} is a {grant.role} for {grant.organisation} (level: {grant.level})")
