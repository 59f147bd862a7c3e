from __future__ import annotations

from .models import Category


def home_page(*, market: str) -> dict:
    return {"categories": list(Category.objects.filter(parent__isnull=True))}
