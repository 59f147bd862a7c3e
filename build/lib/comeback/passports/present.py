"""Words for people: a line of text per event, and labels for the values the pages show."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.catalog import conditions

from . import kinds, selectors
from .models import Passport, PassportEvent

# Every condition scheme's grades (catalog/conditions.py): a jacket is graded "Very good", not "Excellent".
GRADE_LABELS = {g.code: g.label for s in conditions.SCHEMES.values() for g in s.grades}
ROUTE_LABELS = {
    "resell": gettext_lazy("resell as is"),
    "refurbish": gettext_lazy("refurbish, then resell"),
    "harvest": gettext_lazy("harvest for spare parts"),
    "upcycle": gettext_lazy("upcycle"),
    "recycle": gettext_lazy("recycle with a certified recycler"),
}
PART_SOURCE_LABELS = {
    "oem": gettext_lazy("original part"),
    "compatible": gettext_lazy("compatible part"),
    "harvested": gettext_lazy("part harvested from a donor unit"),
}
RESOLUTION_LABELS = {
    "remote_assistance": gettext_lazy("remote assistance"),
    "repair": gettext_lazy("repair"),
    "replace": gettext_lazy("replacement"),
    "refund": gettext_lazy("refund"),
}


def kind_label(kind: str) -> str:
    """The human label of an event kind in the active language (every kind has one in `kinds.KINDS`)."""
    spec = kinds.KINDS.get(kind)
    return str(spec.label) if spec else ""


def _parts(parts: list[dict]) -> str:
    return ", ".join(f"{p['part']} ({PART_SOURCE_LABELS.get(p.get('source', ''), _('part'))})" for p in parts)


def summary(kind: str, d: dict) -> str:
    if kind == "opened":
        if d.get("previous"):
            return _("Life %(life)s of this unit begins; the earlier passport stays linked.") % {
                "life": d.get("life")
            }
        return _("Passport opened for this unit.")
    if kind == "graded":
        text = _("Graded %s") % GRADE_LABELS.get(d.get("grade"), d.get("grade"))
        if d.get("battery_health") is not None:
            text += " · " + _("battery %d%%") % d["battery_health"]
        elif d.get("battery_health_min") is not None:
            text += " · " + _("battery at least %d%%") % d["battery_health_min"]
        return text
    if kind == "battery_measured":
        return _("Battery health measured at %d%%") % d["battery_health"]
    if kind == "refurbished":
        return d.get("summary", "")
    if kind == "repaired":
        text = d.get("summary", "")
        if d.get("parts_replaced"):
            text += " — " + _("parts replaced: %s") % _parts(d["parts_replaced"])
        return text
    if kind == "part_replaced":
        return _("%(part)s replaced (%(source)s)") % {
            "part": d["part"],
            "source": PART_SOURCE_LABELS.get(d["part_source"], ""),
        }
    if kind == "listed":
        return _("Listed in %(grade)s grade") % {"grade": GRADE_LABELS.get(d.get("grade"), d.get("grade"))}
    if kind == "sold":
        return _("Sold in market %(market)s with a %(months)s-month warranty") % {
            "market": d.get("market"),
            "months": d.get("warranty_months", "?"),
        }
    if kind == "customised":
        return _("Customised with %(addon)s") % {"addon": d.get("addon", "")}
    if kind == "delivered":
        if d.get("warranty_until"):
            return _("Delivered to its new owner; warranty until %s") % d["warranty_until"]
        return _("Delivered to its new owner")
    if kind == "returned":
        return _("Returned to the seller within the return window")
    if kind == "ownership_changed":
        return _("Changed owner") + (f" ({d['channel']})" if d.get("channel") else "")
    if kind == "claim_opened":
        return _("Warranty claim opened: %s") % d.get("fault_category", "")
    if kind == "claim_resolved":
        return _("Warranty claim resolved by %s") % RESOLUTION_LABELS.get(
            d.get("resolution"), d.get("resolution")
        )
    if kind == "traded_in":
        return _("Traded in") + (f" ({d['channel']})" if d.get("channel") else "")
    if kind == "data_wiped":
        text = _("Data wiped (%(method)s, %(standard)s)") % {
            "method": d.get("method"),
            "standard": d.get("standard", "NIST SP 800-88"),
        }
        if d.get("verified"):
            text += " · " + _("verified")
        return text
    if kind == "routed":
        return _("Routed: %s") % ROUTE_LABELS.get(d.get("route"), d.get("route"))
    if kind == "harvested":
        return _("Harvested for spare parts") + (": " + ", ".join(d["parts"]) if d.get("parts") else "")
    if kind == "upcycled":
        return _("Upcycled") + (f" ({d['collection']})" if d.get("collection") else "")
    if kind == "upcycled_into":
        return _("Upcycled into %s") % d.get("edition", "")
    if kind == "made_from":
        text = _("Limited edition %(edition)s, made from %(n)d upcycled units") % {
            "edition": d.get("edition", ""),
            "n": len(d.get("donors") or []),
        }
        return f"{text}. {d['story']}" if d.get("story") else text
    if kind == "recycled":
        return _("Recycled (%(kg)s kg)") % {"kg": round(d.get("weight_grams", 0) / 1000, 2)}
    if kind == "new_life":
        return _("A new life began as life %s (new passport linked).") % d.get("life")
    return ""


def timeline(p: Passport, evs: list[PassportEvent], level: str) -> list[dict]:
    rows = []
    for e in evs:
        d = selectors.visible(e, level)
        spec = kinds.KINDS.get(e.kind)
        role = str(kinds.Role(e.actor_role).label) if e.actor_role in kinds.Role.values else e.actor_role
        rows.append(
            {
                "seq": e.seq,
                "kind": e.kind,
                "label": kind_label(e.kind),
                "at": e.at,
                "actor_role": role,
                "actor": "" if e.actor_name == role else e.actor_name,
                "summary": summary(e.kind, d),
                "hash": e.hash,
                "restricted": {
                    k: v for k, v in d.items() if k in spec.fields and spec.fields[k].level != "public"
                }
                if spec
                else {},
            }
        )
    return rows
