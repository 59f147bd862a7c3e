from __future__ import annotations

from .models import Seller


def seller_for_user(user) -> Seller | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Seller.objects.filter(user=user).first()
