"""The passport document: folded from the events at the reader's level, with links, lives and photos."""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse

from comeback.catalog import images, textile
from comeback.core import clock
from comeback.offers import photos as unit_photos

from .. import conf, kinds
from ..models import Passport, PassportEvent, level_rank
from .footprint import _impact
from .levels import head_json, visible
from .lookups import OWNER_IN, events, lineage


def links(p: Passport) -> dict:
    serial = p.serial
    out = {
        "passport": p.path,
        "api": f"/api/v1/passports/{serial}",
        "events": f"/api/v1/passports/{serial}/events",
        "credential": f"/api/v1/passports/{serial}/credential",
        "linkset": f"{p.path}?linkType=linkset",
        "qr_svg": reverse("passports:qr", args=[serial, "svg"]),
        "qr_png": reverse("passports:qr", args=[serial, "png"]),
        "label": reverse("passports:label", args=[serial]),
        "keys": "/.well-known/jwks.json",
        "product_page": reverse("storefront:product", args=[p.product.slug]),
        "category": reverse("storefront:category", args=[p.product.category.slug]),
        "brand": reverse("storefront:search") + "?brand=" + p.product.brand.slug,
    }
    return out


def _life_json(p: Passport) -> dict:
    return {
        "id": p.serial,
        "uri": conf.absolute(p.path),
        "path": p.path,
        "life": p.life,
        "status": p.status,
        "opened_at": p.created_at,
    }


def warranty_until(starts: date, months: int) -> date:
    return clock.add_months(starts, months)


def fold(p: Passport, evs: list[PassportEvent], level: str, *, at: datetime | None = None) -> dict:
    """The passport's contents at `level`, derived from its events."""
    at = at or clock.now()
    doc: dict = {
        "grading": None,
        "battery_health": [],
        "refurbishments": [],
        "repairs": [],
        "alterations": [],
        "parts_replaced": [],
        "ownership": {"owners": 0, "changes": [], "returns": 0},
        "sale": None,
        "warranty": {"status": "not_started"},
        "claims": [],
        "trade_ins": [],
        "data_wipes": [],
        "route": None,
        "end_of_life": None,
        "listings": [],
    }
    opened: dict = {}
    in_use_since = None
    for e in evs:
        d = visible(e, level)
        when = e.at
        by = e.actor_name
        if e.kind == "opened":
            opened = d
        elif e.kind == "graded":
            doc["grading"] = {"at": when, "by": by, **d}
            if "battery_health" in d:
                doc["battery_health"].append({"at": when, "health": d["battery_health"], "kind": e.kind})
        elif e.kind == "battery_measured":
            doc["battery_health"].append(
                {
                    "at": when,
                    "health": d["battery_health"],
                    "kind": e.kind,
                    **{k: v for k, v in d.items() if k != "battery_health"},
                }
            )
        elif e.kind == "refurbished":
            doc["refurbishments"].append({"at": when, "by": by, **d})
        elif e.kind == "repaired":
            alteration = d.get("service") in kinds.ALTERATION_SERVICES
            doc["alterations" if alteration else "repairs"].append({"at": when, "by": by, **d})
            for part in d.get("parts_replaced", []):
                doc["parts_replaced"].append({"at": when, "by": by, **part})
        elif e.kind == "part_replaced":
            doc["parts_replaced"].append(
                {
                    "at": when,
                    "by": by,
                    "part": d["part"],
                    "source": d["part_source"],
                    **{k: v for k, v in d.items() if k not in ("part", "part_source")},
                }
            )
        elif e.kind == "listed":
            doc["listings"].append({"at": when, "by": by, **d})
        elif e.kind == "sold":
            doc["sale"] = {"at": when, **d}
        elif e.kind in OWNER_IN:
            doc["ownership"]["owners"] += 1
            doc["ownership"]["changes"].append(when)
            in_use_since = in_use_since or when
            if e.kind == "delivered" and d.get("warranty_until"):
                doc["warranty"] = {
                    "months": d.get("warranty_months"),
                    "starts": d.get("warranty_starts"),
                    "until": d["warranty_until"],
                    "legal_guarantee_months": d.get("legal_guarantee_months"),
                }
        elif e.kind == "returned":
            doc["ownership"]["returns"] += 1
            doc["ownership"]["changes"].append(when)
        elif e.kind in ("claim_opened", "claim_resolved"):
            doc["claims"].append({"at": when, "kind": e.kind, **d})
        elif e.kind == "guarantee_extended" and doc["warranty"]:
            extended = doc["warranty"].get("legal_extension_months", 0) + d["months"]
            doc["warranty"]["legal_extension_months"] = extended
            doc["warranty"]["legal_guarantee_months"] = (
                doc["warranty"].get("legal_guarantee_months") or 0
            ) + d["months"]
        elif e.kind == "traded_in":
            doc["trade_ins"].append({"at": when, "by": by, **d})
        elif e.kind == "data_wiped":
            doc["data_wipes"].append({"at": when, "by": by, **d})
        elif e.kind == "routed":
            doc["route"] = {"at": when, "by": by, **d}
        elif kinds.KINDS.get(e.kind) and kinds.KINDS[e.kind].ends_life:
            doc["end_of_life"] = {"at": when, "kind": e.kind, "by": by, **d}
    until = doc["warranty"].get("until")
    if until:
        doc["warranty"]["status"] = "active" if date.fromisoformat(until) >= at.date() else "expired"
    doc["opened"] = opened
    doc["impact"] = _impact(p, in_use_since, doc, at)
    return doc


def document(p: Passport, level: str, *, at: datetime | None = None) -> dict:
    """`GET /api/v1/passports/{id}` (and the resolver's JSON): the passport at a level."""
    evs = events(p)
    folded = fold(p, evs, level, at=at)
    opened = folded.pop("opened")
    product = opened.get("product") or {}
    lives = lineage(p)
    out = {
        "id": p.serial,
        "uri": conf.absolute(p.path),
        "path": p.path,
        "gtin": p.gtin,
        "serial": p.serial,
        "level": str(level),
        "status": p.status,
        "life": p.life,
        "opened_at": p.created_at,
        "previous": _life_json(p.previous) if p.previous_id else None,
        "next": next((_life_json(x) for x in lives if x.previous_id == p.pk), None),
        "lineage": [_life_json(x) for x in lives],
        "product": {**product, "variant": opened.get("variant")},
        "images": [
            {"url": i.path, "alt": i.alt, "illustration": i.illustration}
            for i in images.model_images(p.product, colour=images.colour_of(p.variant))
        ],
        "materials": opened.get("materials", []),
        "origin": opened.get("origin"),
        "weight_grams": opened.get("weight_grams"),
        "energy_label": p.product.energy_label or None,  # the model's, as the catalogue has it now
        "textile": textile.present(p.product.textile),  # a garment's fibres, stages and care: the model's
        "care_instructions": opened.get("care_instructions", []),
        "repair_instructions": opened.get("repair_instructions"),
        "issuer": {"name": opened.get("issuer")} if opened.get("issuer") else None,
        "source": opened.get("source", p.source),
        **folded,
        "chain": {"length": len(evs), "head": head_json(p)},
        "links": links(p),
    }
    if out.get("grading") and out["grading"].get("photos"):
        shots = grading_photos(out["grading"]["photos"], seller_id=p.issuer_id)
        out["grading"] = {**out["grading"], "photos": shots}
    if level_rank(level) >= level_rank("restricted"):
        out["restricted"] = {"imei": opened.get("imei"), "maker_serial": opened.get("maker_serial")}
    if level_rank(level) >= level_rank("authority"):
        out["authority"] = {
            "issuer_legal": opened.get("issuer_legal"),
            "source_ref": opened.get("source_ref"),
        }
    return out


def grading_photos(recorded: list[dict], *, seller_id: int | None) -> list[dict]:
    """The unit's photos its grading report names (by content hash), with the URLs of every stored width.
    Pixels only, as the image gate stored them: no camera, place or owner. Only the issuing refurbisher's
    own photos are shown (a hash copied from another unit's passport shows nothing); a photo no longer
    stored is left out."""
    hashes = [str(r.get("sha256", "")) for r in recorded if isinstance(r, dict)]
    stored = unit_photos.by_content(hashes, seller_id=seller_id)
    out = []
    for r in recorded:
        shot = stored.get(str(r.get("sha256", ""))) if isinstance(r, dict) else None
        if shot is None:
            continue
        out.append(
            {
                "sha256": r["sha256"],
                "alt": str(r.get("alt") or shot.alt),
                "defect": str(r.get("defect") or ""),
                "defect_label": shot.defect_label,
                "width": shot.width,
                "height": shot.height,
                "url": shot.card.jpeg,
                "sizes": [
                    {"width": x.width, "height": x.height, "webp": x.webp, "jpeg": x.jpeg} for x in shot.sizes
                ],
            }
        )
    return out
