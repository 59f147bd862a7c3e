"""`comeback sign-passports`: sign every passport's chain head again with the current key.

Optional after rotating the signing key (PASSPORT_SIGNING_KEY or `comeback signing-keys --rotate`): heads
signed by a retired key still verify, since retired keys stay published at /.well-known/jwks.json; this moves
every head to the current key. The chains do not change, only the signatures over their heads.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from comeback.passports import services
from comeback.passports.models import Passport


class Command(BaseCommand):
    help = "Re-sign every passport's chain head with the current platform key."

    def handle(self, *args, **options):
        qs = Passport.objects.filter(head_seq__gt=0).order_by("id")
        count = 0
        for p in tqdm(qs.iterator(), total=qs.count(), desc="signing passport heads"):
            services.resign(p)
            count += 1
        self.stdout.write(f"signed {count} passport heads")
