"""Every event kind a passport records: who may write it and each field's access level."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .vocabulary import (
    GRADES,
    PART_SOURCES,
    PROFESSIONALS,
    REC,
    RESOLUTIONS,
    ROUTES,
    SEL,
    SOURCES,
    STF,
    SYS,
    WIPE_METHODS,
    A,
    Field,
    Kind,
    P,
    R,
    _k,
)

KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        _k(
            "opened",
            gettext_lazy("Passport opened"),
            {SYS},
            {
                "product": Field(P, "object", required=True),
                "variant": Field(P, "object"),
                "gtin": Field(P, "text", required=True),
                "materials": Field(P, "objects"),
                "origin": Field(P, "text", max_length=2),
                "weight_grams": Field(P, "int", min=0),
                "care_instructions": Field(P, "texts"),
                "repair_instructions": Field(P, "text", max_length=2000),
                "source": Field(P, "choice", required=True, choices=SOURCES),
                "life": Field(P, "int", required=True, min=1),
                "previous": Field(P, "text"),
                "issuer": Field(P, "text"),
                "imei": Field(R, "text", max_length=15),
                "maker_serial": Field(R, "text", max_length=64),
                "issuer_legal": Field(A, "object"),
                "source_ref": Field(A, "text"),
            },
        ),
        _k(
            "graded",
            gettext_lazy("Graded"),
            PROFESSIONALS,
            {
                "grade": Field(P, "choice", required=True, choices=GRADES),
                "battery_health": Field(P, "int", min=0, max=100),
                "battery_health_min": Field(P, "int", min=0, max=100),
                "checks": Field(P, "texts"),
                "notes": Field(P, "text", max_length=1000),
                "technician": Field(R, "text"),
                # The unit's photos the seller published with its offer, by content hash (offers/photos.py)
                "photos": Field(P, "objects"),
            },
        ),
        _k(
            "battery_measured",
            gettext_lazy("Battery measured"),
            PROFESSIONALS,
            {
                "battery_health": Field(P, "int", required=True, min=0, max=100),
                "cycle_count": Field(P, "int", min=0),
                "measured_with": Field(P, "text"),
                "technician": Field(R, "text"),
            },
        ),
        _k(
            "authenticated",
            gettext_lazy("Authenticated"),
            {SYS},
            {
                "summary": Field(P, "text", required=True, max_length=1000),
                "checked": Field(P, "texts"),
                "authenticator": Field(R, "text"),
            },
        ),
        _k(
            "refurbished",
            gettext_lazy("Refurbished"),
            {SYS, SEL, STF},
            {
                "summary": Field(P, "text", required=True, max_length=1000),
                "operations": Field(P, "texts"),
                "technician": Field(R, "text"),
            },
        ),
        _k(
            "repaired",
            gettext_lazy("Repaired"),
            PROFESSIONALS,
            {
                "summary": Field(P, "text", required=True, max_length=1000),
                "parts_replaced": Field(P, "parts"),
                "repairer": Field(P, "text"),
                "warranty_months": Field(P, "int", min=0, max=120),  # the repair's own warranty
                "warranty_until": Field(P, "date"),
                "technician": Field(R, "text"),
                "booking_ref": Field(A, "text"),
                "invoice_ref": Field(A, "text"),
                # What was repaired (a service kind such as shoe_resoling) and a public repair bonus deducted.
                "service": Field(P, "text", max_length=40),
                "repair_bonus": Field(P, "int", min=0),
                "repair_bonus_scheme": Field(P, "text", max_length=40),
            },
        ),
        _k(
            "part_replaced",
            gettext_lazy("Part replaced"),
            PROFESSIONALS,
            {
                "part": Field(P, "text", required=True, max_length=120),
                "part_source": Field(P, "choice", required=True, choices=PART_SOURCES),
                "donor": Field(P, "text"),
                "notes": Field(P, "text", max_length=1000),
                "technician": Field(R, "text"),
            },
        ),
        _k(
            "listed",
            gettext_lazy("Listed for sale"),
            {SYS, SEL, STF},
            {
                "grade": Field(P, "choice", required=True, choices=GRADES),
                "market": Field(P, "text", max_length=2),
                "warranty_months": Field(P, "int", min=0, max=120),
                "battery_health_min": Field(P, "int", min=0, max=100),
                # The offer it is sold on: a unit without IMEI or serial (a garment) is found by it at its sale.
                "offer_id": Field(P, "int", min=1),
            },
        ),
        _k(
            "sold",
            gettext_lazy("Sold"),
            {SYS},
            {
                "market": Field(P, "text", required=True, max_length=2),
                "grade": Field(P, "choice", choices=GRADES),
                "warranty_months": Field(P, "int", min=0, max=120),
                "battery_health_min": Field(P, "int", min=0, max=100),
                "seller": Field(P, "text"),
                "order_ref": Field(A, "text"),
            },
        ),
        _k(
            "customised",
            gettext_lazy("Customised"),
            {SYS},
            {
                "addon": Field(P, "text", required=True, max_length=250),
                "addon_grade": Field(P, "choice", choices=GRADES),
                "seller": Field(P, "text"),
                "order_ref": Field(A, "text"),
            },
        ),
        _k(
            "delivered",
            gettext_lazy("Delivered to a new owner"),
            {SYS},
            {
                "warranty_months": Field(P, "int", min=0, max=120),
                "warranty_starts": Field(P, "date"),
                "warranty_until": Field(P, "date"),
                "legal_guarantee_months": Field(P, "int", min=0, max=120),
            },
        ),
        _k(
            "returned",
            gettext_lazy("Returned to the seller"),
            {SYS},
            {
                "reason": Field(R, "text"),
            },
        ),
        _k(
            "ownership_changed",
            gettext_lazy("Changed owner"),
            {SYS, STF},
            {
                "channel": Field(P, "text"),
            },
        ),
        _k(
            "claim_opened",
            gettext_lazy("Warranty claim opened"),
            {SYS, STF},
            {
                "fault_category": Field(P, "text", required=True),
                "claim_ref": Field(A, "text"),
            },
        ),
        _k(
            "claim_resolved",
            gettext_lazy("Warranty claim resolved"),
            {SYS, STF},
            {
                "resolution": Field(P, "choice", required=True, choices=RESOLUTIONS),
                "claim_ref": Field(A, "text"),
            },
        ),
        _k(
            "guarantee_extended",
            gettext_lazy("Legal guarantee extended"),
            {SYS, STF},
            {
                "months": Field(P, "int", required=True, min=1, max=60),
                "reason": Field(P, "text"),
                "claim_ref": Field(A, "text"),
            },
        ),
        _k(
            "traded_in",
            gettext_lazy("Traded in"),
            {SYS, SEL, STF},
            {
                "channel": Field(P, "text"),
                "condition": Field(P, "text"),
                "quote_ref": Field(A, "text"),
            },
        ),
        _k(
            "data_wiped",
            gettext_lazy("Data wiped"),
            {SYS, SEL, REC, STF},
            {
                "method": Field(P, "choice", required=True, choices=WIPE_METHODS),
                "standard": Field(P, "text"),
                "tool": Field(P, "text"),
                "tool_version": Field(P, "text"),
                "verified": Field(P, "bool"),
                "certificate_ref": Field(R, "text"),
                "operator": Field(A, "text"),
            },
        ),
        _k(
            "routed",
            gettext_lazy("Routed"),
            {SYS, SEL, REC, STF},
            {
                "route": Field(P, "choice", required=True, choices=ROUTES),
                "reason": Field(R, "text", max_length=1000),
            },
        ),
        _k(
            "harvested",
            gettext_lazy("Harvested for spare parts"),
            {SYS, SEL, REC, STF},
            {
                "parts": Field(P, "texts"),
                "notes": Field(P, "text", max_length=1000),
            },
            ends_life=True,
        ),
        # Allocated to a creative collection: the unit waits whole in the maker's workshop, its passport
        # open until it is made into an edition item (`upcycled_into`, which ends its life).
        _k(
            "upcycled",
            gettext_lazy("Upcycled"),
            {SYS, SEL, STF},
            {
                "collection": Field(P, "text"),
            },
        ),
        _k(
            "upcycled_into",
            gettext_lazy("Upcycled into an edition item"),
            {SYS, SEL, STF},
            {
                "into": Field(P, "text", required=True),  # the item's passport path (GS1 Digital Link)
                "edition": Field(P, "text", required=True),  # "Flip Buckle Belt 7/50"
            },
            ends_life=True,
            follows_end={"harvested"},  # the remains of a harvested unit
        ),
        # The first fact of a numbered edition item's passport: what it is made of and its story.
        _k(
            "made_from",
            gettext_lazy("Made from upcycled units"),
            {SYS},
            {
                "edition": Field(P, "text", required=True),
                "number": Field(P, "int", required=True, min=1),
                "edition_size": Field(P, "int", required=True, min=1),
                "collection": Field(P, "text"),
                "maker": Field(P, "text"),
                "story": Field(P, "text", max_length=2000),
                "donors": Field(P, "objects", required=True),  # [{"passport": path, "product": name}]
            },
        ),
        _k(
            "recycled",
            gettext_lazy("Recycled"),
            {SYS, REC, STF},
            {
                "recycler": Field(P, "text"),
                "weight_grams": Field(P, "int", required=True, min=1),
                "certificate_ref": Field(R, "text"),
                "certification": Field(R, "text"),
            },
            ends_life=True,
        ),
        _k(
            "new_life",
            gettext_lazy("Started a new life"),
            {SYS},
            {
                "next": Field(P, "text", required=True),
                "life": Field(P, "int", required=True, min=2),
            },
        ),
    ]
}

# Kinds a person may record through the API or the web form (the rest come from integrations).
MANUAL_KINDS = [k for k in KINDS.values() if k.writers - {SYS}]
