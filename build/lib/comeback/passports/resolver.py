"""The GS1 Digital Link resolver's HTTP side, after the GS1-Conformant Resolver standard 1.2.0: content
negotiation, link types, RFC 9264 linksets and the resolver description file.

`Accept` decides the answer: `text/html` (what a phone's browser sends after scanning) gets the
passport page (the default link); `application/json` gets JSON; `application/ld+json`, `*/*` or no
header get JSON-LD; `application/linkset+json` gets the linkset. A client accepting none of these gets
406. `?linkType=` redirects (307) to one link of the item, or answers 404 carrying the linkset when the
item has no such link; `linkType=linkset` (or `all`) answers every link as `application/linkset+json`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import NotFound, Problem

from . import conf

HTML, JSON, JSONLD, LINKSET = "html", "json", "ld", "linkset"
_TYPES = {
    "application/linkset+json": LINKSET,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "application/json": JSON,
    "application/ld+json": JSONLD,
    "*/*": JSONLD,
    "application/*": JSONLD,
    "text/*": HTML,
}
CONTENT_TYPES = {JSON: "application/json", JSONLD: "application/ld+json"}
LINKSET_TYPE = "application/linkset+json"

GS1 = "https://gs1.org/voc/"
GS1_ALIASES = ("https://ref.gs1.org/voc/", "https://www.gs1.org/voc/", "http://gs1.org/voc/")
UNTP_DPP = "https://test.uncefact.org/vocabulary/untp/dpp"
RESOLVER_STANDARD = "1.2.0"  # GS1-Conformant Resolver standard
LINKSET_CONTEXT = "https://ref.gs1.org/standards/resolver/linkset-context"
ALL = ("linkset", "all")


class NotAcceptable(Problem):
    status = 406
    default_code = "not_acceptable"


def negotiate(accept: str | None) -> str:
    """The best of HTML / JSON / JSON-LD for an Accept header (RFC 9110 §12.5.1 quality values)."""
    if not accept or not accept.strip():
        return JSONLD
    best, best_q, best_specific = None, -1.0, -1
    for item in accept.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        q = 1.0
        for param in parts[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        fmt = _TYPES.get(media)
        if fmt is None or q <= 0:
            continue
        specific = 0 if "*" in media else 1
        # higher q wins; at equal q a specific type beats a wildcard; then the first listed
        if (q, specific) > (best_q, best_specific):
            best, best_q, best_specific = fmt, q, specific
    if best is None:
        raise NotAcceptable(_("This resolver answers text/html, application/json or application/ld+json."))
    return best


def normalise_link_type(value: str) -> str:
    value = (value or "").strip()
    for alias in GS1_ALIASES:
        if value.startswith(alias):
            return "gs1:" + value[len(alias) :]
    if value.startswith(GS1):
        return "gs1:" + value[len(GS1) :]
    if value.rstrip("/") == UNTP_DPP:
        return "untp:dpp"
    return value


def item_links(p, *, title: str) -> dict[str, dict]:
    """Link type → link, for one unit (the resolver's link set)."""
    from . import selectors

    links = selectors.links(p)
    page = conf.absolute(p.path)
    out = {
        "gs1:defaultLink": {"href": page, "title": _("Product passport: %s") % title, "type": "text/html"},
        "gs1:pip": {
            "href": conf.absolute(links["product_page"]),
            "title": _("Product page"),
            "type": "text/html",
        },
        "gs1:sustainabilityInfo": {
            "href": page + "#impact",
            "title": _("Avoided impact"),
            "type": "text/html",
        },
        "gs1:instructions": {
            "href": page + "#instructions",
            "title": _("Care and repair"),
            "type": "text/html",
        },
        # Repairs done on the unit, its repair instructions and where to get it repaired.
        "gs1:repairAndMaintenance": {
            "href": page + "#repairs",
            "title": _("Repair and maintenance"),
            "type": "text/html",
        },
        "gs1:traceability": {
            "href": conf.absolute(links["events"]),
            "title": _("Event chain"),
            "type": "application/json",
        },
        "gs1:masterData": {
            "href": conf.absolute(links["api"]),
            "title": _("Passport data (JSON)"),
            "type": "application/json",
        },
        "untp:dpp": {
            "href": conf.absolute(links["credential"]),
            "title": _("UNTP Digital Product Passport credential"),
            "type": "application/vc+ld+json",
        },
    }
    out["gs1:dpp"] = {**out["untp:dpp"]}
    # The signed credential is the unit's certificate: anyone checks it against /.well-known/did.json.
    out["gs1:certificationInfo"] = {**out["untp:dpp"], "title": _("Signed passport credential (verifiable)")}
    return out


def model_links(product, gtin: str) -> dict[str, dict]:
    from django.urls import reverse

    page = conf.absolute(reverse("storefront:product", args=[product.slug]))
    title = str(product)
    return {
        "gs1:defaultLink": {"href": conf.absolute(f"/01/{gtin}"), "title": title, "type": "text/html"},
        "gs1:pip": {"href": page, "title": _("Product page"), "type": "text/html"},
    }


def pick(links: dict[str, dict], link_type: str, *, anchor: str) -> dict:
    """The link of one type; none: 404 carrying the whole linkset (GS1-Conformant Resolver §2.9), so a
    client learns at once what it may ask for."""
    found = links.get(normalise_link_type(link_type))
    if found is None:
        raise NotFound(
            _("No “%s” link for this item.") % link_type,
            code="link_type_not_found",
            available=sorted(links),
            linkset=linkset(anchor, links)["linkset"],
        )
    return found


def linkset(anchor: str, links: dict[str, dict]) -> dict:
    """RFC 9264 JSON linkset: relation types as IRIs (GS1 Web Vocabulary, UNTP); every link with a title
    and its media type, as the GS1 linkset schema asks."""
    entry: dict = {"anchor": anchor}
    for rel, link in sorted(links.items()):
        iri = GS1 + rel[4:] if rel.startswith("gs1:") else UNTP_DPP if rel == "untp:dpp" else rel
        entry.setdefault(iri, []).append(link)
    return {"linkset": [entry]}


def link_header(path: str) -> str:
    return f'<{path}?linkType=linkset>; rel="linkset"; type="{LINKSET_TYPE}"'


def context_header() -> str:
    """Lets a JSON linkset be read as JSON-LD (GS1-Conformant Resolver §2.10)."""
    return f'<{LINKSET_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'


def description(*, root: str) -> dict:
    """`/.well-known/gs1resolver`: what this resolver is and does (GS1-Conformant Resolver §3)."""
    return {
        "name": "Comeback digital product passports",
        "resolverRoot": root,
        "supportedPrimaryKeys": ["01"],
        "supportedLinkType": [
            {"namespace": GS1, "prefix": "gs1:"},
            {"namespace": UNTP_DPP + "/", "prefix": "untp:"},
        ],
        "linkTypeDefaultCanBeLinkset": False,
        "jsonLdContextLocation": LINKSET_CONTEXT,
        "contact": {"fn": "Comeback"},
    }
