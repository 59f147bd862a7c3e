"""Reading passports: the passport document at a level, its chain, its lineage, its verification.

Everything a reader sees is folded from the events, keeping only the fields of the reader's level
and below (kinds.KINDS declares each field's level). Nothing personal is ever stored: ownership is a
count and dates; actors are organisations.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from comeback.catalog import images, textile
from comeback.core import clock
from comeback.core.problems import NotFound
from comeback.offers import photos as unit_photos

from . import chain, conf, impact, kinds
from .models import LEVEL_ORDER, ModelIdentifier, Passport, PassportEvent, PassportStatus, level_rank

OWNER_IN = ("delivered", "ownership_changed")
BACK_WITH_PROFESSIONALS = ("returned", "traded_in")


# Look-ups ---------------------------------------------------------------------------------------------
def _qs():
    return Passport.objects.select_related(
        "product__brand", "product__category__parent", "variant", "issuer", "previous"
    )


def find(serial: str) -> Passport | None:
    return _qs().filter(serial=(serial or "").strip().upper()).first()


def passport(serial: str) -> Passport:
    found = find(serial)
    if found is None:
        raise NotFound(_("No passport %s.") % serial, code="passport_not_found")
    return found


def by_identifier(*, gtin: str, serial: str) -> Passport:
    found = _qs().filter(gtin=gtin, serial=serial).first()
    if found is None:
        raise NotFound(
            _("No unit (01)%(gtin)s(21)%(serial)s is known here.") % {"gtin": gtin, "serial": serial},
            code="passport_not_found",
        )
    return found


def model_for_gtin(gtin: str):
    """The product model a GTIN names: our identifier record, else a catalogue GTIN (model or variant)."""
    from comeback.catalog.models import ProductModel, Variant

    ident = (
        ModelIdentifier.objects.select_related("product__brand", "product__category")
        .filter(gtin=gtin)
        .first()
    )
    if ident is not None:
        return ident.product, None
    short = gtin.lstrip("0")
    forms = {gtin, gtin[1:], short, short.zfill(8), short.zfill(12), short.zfill(13)}
    product = ProductModel.objects.select_related("brand", "category").filter(gtin__in=forms).first()
    if product is not None:
        return product, None
    variant = (
        Variant.objects.select_related("product__brand", "product__category").filter(gtin__in=forms).first()
    )
    if variant is not None:
        return variant.product, variant
    raise NotFound(_("No product is known here under GTIN %s.") % gtin, code="gtin_not_found")


def events(p: Passport) -> list[PassportEvent]:
    return list(PassportEvent.objects.filter(passport=p).order_by("seq"))


def issued_by(seller, *, limit: int = 100, offset: int = 0) -> tuple[list[Passport], int]:
    qs = _qs().filter(issuer=seller)
    return list(qs[offset : offset + limit]), qs.count()


def active_unit(*, product, imei: str, maker_serial: str) -> Passport | None:
    """The active passport of the same physical unit (same model and IMEI, or maker's serial without IMEI)."""
    if imei:
        match = Q(imei=imei)
    elif maker_serial:
        match = Q(maker_serial=maker_serial)
    else:
        return None
    return _qs().filter(match, product=product, status=PassportStatus.ACTIVE).order_by("-life").first()


def listed_unit(*, product, offer_id: int) -> Passport | None:
    """A unit without IMEI or serial (a garment taken back and resold) is known by the offer it was listed on
    (its `listed` event names it): the active passport listed there and not sold since, oldest first."""
    listed = (
        PassportEvent.objects.select_related("passport")
        .filter(
            kind="listed",
            data__public__offer_id=offer_id,
            passport__product=product,
            passport__status=PassportStatus.ACTIVE,
        )
        .order_by("at", "pk")
    )
    for event in listed:
        if not PassportEvent.objects.filter(passport=event.passport, kind="sold", seq__gt=event.seq).exists():
            return event.passport
    return None


def with_owner(p: Passport) -> bool:
    """Whether the unit's last change of hands put it with an owner (rather than back with a professional)."""
    last = (
        PassportEvent.objects.filter(passport=p, kind__in=OWNER_IN + BACK_WITH_PROFESSIONALS)
        .order_by("-seq")
        .values_list("kind", flat=True)
        .first()
    )
    return last in OWNER_IN


def lineage(p: Passport) -> list[Passport]:
    """Every life of this physical unit, oldest first."""
    lives = [p]
    cursor = p
    while cursor.previous_id and len(lives) < 50:
        cursor = _qs().get(pk=cursor.previous_id)
        lives.insert(0, cursor)
    cursor = p
    while len(lives) < 50:
        nxt = _qs().filter(previous=cursor).first()
        if nxt is None:
            break
        lives.append(nxt)
        cursor = nxt
    return lives


# Levels ----------------------------------------------------------------------------------------------
def visible(event: PassportEvent, level: str) -> dict:
    """The event's fields a reader at `level` sees (its level and every level below it)."""
    rank = level_rank(level)
    out: dict = {}
    for lvl in LEVEL_ORDER[: rank + 1]:
        out.update((event.data or {}).get(lvl.value, {}))
    return out


def event_json(event: PassportEvent, level: str) -> dict:
    """One event as the chain document carries it: public fields in clear, higher levels sealed (salted
    digests), and disclosed with their salt up to the reader's level."""
    data = event.data or {}
    salts = event.salts or {}
    sealed = {lvl: chain.commitment(salts.get(lvl, ""), data.get(lvl, {})) for lvl in chain.SEALED_LEVELS}
    out = {
        "seq": event.seq,
        "kind": event.kind,
        "at": chain.timestamp(event.at),
        "actor": {"role": event.actor_role, "name": event.actor_name},
        "data": data.get("public", {}),
        "sealed": sealed,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }
    disclosed = {
        lvl: {"salt": salts.get(lvl, ""), "data": data.get(lvl, {})}
        for lvl in chain.SEALED_LEVELS
        if level_rank(lvl) <= level_rank(level)
    }
    if disclosed:
        out["disclosed"] = disclosed
    return out


def head_json(p: Passport) -> dict:
    return {
        "seq": p.head_seq,
        "hash": p.head_hash,
        "signed_at": chain.timestamp(p.head_signed_at) if p.head_signed_at else None,
        "kid": p.head_key_id,
        "alg": chain.ALG,
        "signature": p.head_signature,
    }


def chain_document(p: Passport, level: str) -> dict:
    """`GET /api/v1/passports/{id}/events`: everything needed to recompute the chain (chain.verify)."""
    return {
        "id": p.path,
        "serial": p.serial,
        "uri": conf.absolute(p.path),
        "level": str(level),
        "algorithm": {
            "canonicalization": "RFC 8785 (JCS)",
            "hash": "SHA-256",
            "genesis": chain.GENESIS,
            "signature": "Ed25519 over JCS({id, seq, hash, signed_at})",
            "keys": "/.well-known/jwks.json",
            "documentation": "docs/passports.md#verifying-a-passport",
        },
        "events": [event_json(e, level) for e in events(p)],
        "head": head_json(p),
    }


def verify(p: Passport) -> chain.Report:
    """Recompute the whole chain from the database, every level disclosed (what `verify-passport` runs)."""
    return chain.verify(chain_document(p, "authority"), chain.current_keys())


# The passport document -----------------------------------------------------------------------------------
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
