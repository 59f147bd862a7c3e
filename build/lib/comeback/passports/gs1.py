"""GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax 1.4) for our resolver, and GTIN allocation.

We resolve one primary key, GTIN (AI 01), with the key qualifiers the standard allows after it, in
this order only: consumer product variant (22), batch/lot (10), serial (21). Data attributes ride in
the query string as numeric AIs (e.g. `?17=271231`); `linkType` picks a link. Element values are
checked against the GS1 General Specifications' AI formats with `biip` (format, character set 82,
length); the GTIN check digit is ours since biip's URI parser does not check it.

Choices (docs/passports.md "Identifier"):
- a GTIN-8, -12 or -13 is accepted and answered with a 301 to its 14-digit form (GS1 pads GTINs to 14
  digits with leading zeros, so this is the same number); any other length is a 400. An 8-digit value
  is read as a GTIN-8, never as a zero-suppressed UPC-E (AI 01 carries GTINs, not UPC-E symbols);
- a trailing slash is answered with a 301 to the same URI without it;
- path segments are percent-decoded after splitting on "/" (so `%2F` belongs to a value), bad escapes
  are a 400; the canonical form percent-encodes every reserved character of a value;
- an AI that does not exist, an AI that is not a qualifier of GTIN, a qualifier out of order or twice,
  a key qualifier in the query string, and a value that breaks its AI's format are each a 400 naming
  the fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote_to_bytes

from biip import ParseError
from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS as AIS
from biip.gs1_element_strings import GS1ElementString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core import ids
from comeback.core.ids import gtin_check_digit
from comeback.core.problems import BadRequest

GTIN_AI = "01"
QUALIFIER_ORDER = ("22", "10", "21")  # GS1 Digital Link 1.4 §4.3: cpv, lot, ser after a GTIN
QUALIFIER_NAMES = {"22": "consumer product variant", "10": "batch/lot", "21": "serial number"}
GTIN_LENGTHS = (8, 12, 13, 14)
_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class DigitalLinkError(BadRequest):
    """A syntactically invalid Digital Link URI: 400 problem+json whose `code` names the fault."""

    default_code = "invalid_digital_link"
    default_title = gettext_lazy("Invalid GS1 Digital Link URI")


@dataclass(frozen=True)
class DigitalLink:
    gtin: str
    serial: str | None = None
    lot: str | None = None
    cpv: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    link_type: str | None = None
    canonical: bool = True  # False: answer with a redirect to `path`

    @property
    def path(self) -> str:
        return build_path(self.gtin, cpv=self.cpv, lot=self.lot, serial=self.serial)


def build_path(
    gtin: str, *, cpv: str | None = None, lot: str | None = None, serial: str | None = None
) -> str:
    path = f"/01/{gtin}"
    for ai, value in (("22", cpv), ("10", lot), ("21", serial)):
        if value:
            path += f"/{ai}/{quote(value, safe='')}"
    return path


def element_string(gtin: str, serial: str | None = None) -> str:
    """The human-readable interpretation printed under a code, e.g. `(01)09506000134352(21)K7M2Q9X4HC`."""
    return f"(01){gtin}" + (f"(21){serial}" if serial else "")


def _fail(code: str, message: str, **extra) -> DigitalLinkError:
    return DigitalLinkError(message, code=code, **extra)


def _decode(segment: str) -> str:
    if _ESCAPE.search(segment):
        raise _fail(
            "bad_percent_encoding", _("“%s” has a “%%” that does not start a percent-escape.") % segment
        )
    try:
        return unquote_to_bytes(segment).decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("bad_percent_encoding", _("“%s” does not decode to UTF-8 text.") % segment) from None


def normalise_gtin(value: str) -> tuple[str, bool]:
    """A GTIN from a URI → (GTIN-14, was it already 14 digits)."""
    if not value.isdigit():
        raise _fail("invalid_gtin", _("A GTIN is digits only; got “%s”.") % value)
    if len(value) not in GTIN_LENGTHS:
        raise _fail(
            "gtin_length",
            _("A GTIN has 8, 12, 13 or 14 digits; “%(v)s” has %(n)d.") % {"v": value, "n": len(value)},
        )
    if gtin_check_digit(value[:-1]) != value[-1]:
        raise _fail(
            "gtin_check_digit",
            _("The GTIN %(v)s fails its check digit (expected %(d)s).")
            % {"v": value, "d": gtin_check_digit(value[:-1])},
        )
    return value.zfill(14), len(value) == 14


def _check_element(ai: str, value: str, *, code: str, where: str) -> str:
    if not value:
        raise _fail(code, _("AI (%(ai)s) in the %(where)s has no value.") % {"ai": ai, "where": where}, ai=ai)
    try:
        parsed = GS1ElementString.parse(f"{ai}{value}")
    except ParseError:
        parsed = None
    if parsed is None or parsed.value != value:
        title = AIS[ai].data_title if ai in AIS else ai
        raise _fail(
            code,
            _("“%(v)s” is not a valid value for AI (%(ai)s) %(title)s (format %(fmt)s).")
            % {"v": value, "ai": ai, "title": title, "fmt": AIS[ai].format if ai in AIS else "?"},
            ai=ai,
        )
    return value


def parse(path: str, query: list[tuple[str, str]] | None = None) -> DigitalLink:
    """Parse the path (raw, still percent-encoded) and query pairs of a GS1 Digital Link URI."""
    canonical = True
    if path.endswith("/") and path != "/":
        path, canonical = path[:-1], False
    segments = path.lstrip("/").split("/")
    if any(s == "" for s in segments):
        raise _fail("empty_segment", _("The path has an empty segment (“//”)."))
    if len(segments) % 2:
        raise _fail(
            "odd_segments",
            _("Path segments come in pairs (an AI, then its value); “%s” has no value.")
            % _decode(segments[-1]),
        )
    pairs = [(segments[i], _decode(segments[i + 1])) for i in range(0, len(segments), 2)]
    key, value = pairs[0]
    if key != GTIN_AI:
        raise _fail("unsupported_primary_key", _("This resolver answers GTINs (AI 01) only; got “%s”.") % key)
    gtin, was_14 = normalise_gtin(value)
    canonical = canonical and was_14
    found: dict[str, str] = {}
    last = -1
    for key, value in pairs[1:]:
        if not key.isdigit() or key not in AIS:
            raise _fail("unknown_ai", _("“%s” is not a GS1 Application Identifier.") % key, ai=key)
        if key not in QUALIFIER_ORDER:
            raise _fail(
                "not_a_qualifier",
                _("AI (%s) is not a key qualifier of a GTIN; put data attributes in the query string.") % key,
                ai=key,
            )
        if key in found:
            raise _fail("duplicate_qualifier", _("AI (%s) appears twice in the path.") % key, ai=key)
        index = QUALIFIER_ORDER.index(key)
        if index < last:
            raise _fail(
                "qualifier_order",
                _("Key qualifiers go in the order 22, 10, 21; AI (%(ai)s) comes after AI (%(prev)s).")
                % {"ai": key, "prev": QUALIFIER_ORDER[last]},
                ai=key,
            )
        last = index
        found[key] = _check_element(key, value, code="invalid_qualifier", where=_("path"))
    attributes: dict[str, str] = {}
    link_type = None
    for key, value in query or []:
        if key == "linkType":
            link_type = link_type or value.strip()
            continue
        if not key.isdigit():
            continue  # GS1 DL §4.9: query parameters that are not AIs are left to the application
        if key not in AIS:
            raise _fail(
                "unknown_ai", _("“%s” in the query string is not a GS1 Application Identifier.") % key, ai=key
            )
        if key == GTIN_AI or key in QUALIFIER_ORDER:
            raise _fail(
                "qualifier_in_query", _("AI (%s) identifies the item: it belongs in the path.") % key, ai=key
            )
        if key in attributes:
            raise _fail("duplicate_attribute", _("AI (%s) appears twice in the query string.") % key, ai=key)
        attributes[key] = _check_element(key, value, code="invalid_data_attribute", where=_("query string"))
    return DigitalLink(
        gtin=gtin,
        serial=found.get("21"),
        lot=found.get("10"),
        cpv=found.get("22"),
        attributes=attributes,
        link_type=link_type,
        canonical=canonical,
    )


# Allocation (GS1 arithmetic in core.ids, shared with the catalogue) --------------------------------------
check_company_prefix = ids.check_company_prefix
prefix_capacity = ids.prefix_capacity
allocate = ids.gtin_for_reference
