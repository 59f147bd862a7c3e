"""The avoided emissions a passport document shows (a garment's per item, a device's over its use)."""

from __future__ import annotations

from datetime import datetime

from .. import impact
from ..models import Passport, PassportStatus


def _garment_impact(item: impact.ItemFactor, since) -> dict:
    """Per garment: what buying it second-hand instead of new avoids, once it is in someone's use."""
    per_item = float(item.co2e_kg_per_item)
    return {
        "per": "garment",
        "compared_with": "new",
        "co2e_kg_per_item": per_item,
        "co2e_kg_avoided": per_item if since is not None else 0.0,
        "co2e_kg_per_year": None,
        "materials_kg_per_year": None,
        "years_in_use": None,
        "materials_kg_avoided": None,
        "source": item.citation,
        "source_party": item.source.party,
        "source_party_url": item.source.party_url,
        "source_url": item.source.url,
        "year": item.year,
        "estimate": item.estimate,
        "note": str(item.note),
        "e_waste_kg": None,
    }


def _impact(p: Passport, since, doc: dict, at: datetime) -> dict | None:
    item = impact.item_factor_for(p.product.category)
    if item is not None:
        return _garment_impact(item, since)
    factor = impact.factor_for(p.product.category)
    if factor is None:
        return None
    end = at
    if doc["end_of_life"]:
        end = doc["end_of_life"]["at"]
    elif p.status == PassportStatus.SUPERSEDED and hasattr(p, "next_life"):
        end = p.next_life.created_at
    result = impact.avoided(factor, since=since, until=end, weight_grams=p.product.weight_grams)
    return {
        "co2e_kg_per_year": float(factor.co2e_kg_per_year),
        "materials_kg_per_year": float(factor.materials_kg_per_year),
        "years_in_use": float(result.years_in_use),
        "co2e_kg_avoided": float(result.co2e_kg),
        "materials_kg_avoided": float(result.materials_kg),
        "compared_with": "new",  # what it is: avoided per year of use, versus the same device bought new
        "per": "year_of_use",
        "source": factor.citation,
        "source_party": factor.source.party,
        "source_party_url": factor.source.party_url,
        "source_url": factor.source.url,
        "year": factor.year,
        "estimate": factor.estimate,
        "note": str(factor.note),
        "e_waste_kg": float(result.e_waste_kg) if result.e_waste_kg is not None else None,
    }
