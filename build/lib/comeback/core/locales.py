"""The one locale rule (docs/design.md §5 Locale): the language decides words, month names and number
formats; the market decides currency, prices, legal rules and time zone.

So an English page on the French market reads "5 Dec 2026" and "€307.91", a French one "5 déc. 2026" and
"307,91 €". Every date, time, number, price and country name a person reads is formatted here (templates
through `{% load comeback %}`), never with Django's `|date`/`|floatformat` nor a market's own locale.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton, get_datetime_format, get_timezone_name
from babel.dates import format_time as _babel_time
from babel.numbers import NumberPattern, format_decimal
from django.utils.translation import get_language

from comeback.core.money import Money

# The CLDR locale a language formats with; English follows the market's own variety where it has one
# (a US or Japanese page reads "Dec 5, 2026" and "¥68,000", a British or French one "5 Dec 2026").
LANGUAGE_LOCALES = {"en": "en_GB", "fr": "fr_FR", "de": "de_DE", "ja": "ja_JP"}
_OWN_VARIETY = {("en", "US"): "en_US", ("en", "GB"): "en_GB", ("en", "JP"): "en_JP"}

# Codes CLDR lists among territories that are not countries: unknown region, EU, eurozone, United
# Nations, outlying Oceania, pseudo-locales, and Kosovo (a user-assigned code, not ISO 3166-1).
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"})
COUNTRY_CODES = frozenset(c for c in Locale("en").territories if len(c) == 2 and c.isalpha()) - _NOT_COUNTRIES


def language() -> str:
    """The page's language ("en", "fr", "de", "ja"), whatever region Django carries ("en-gb")."""
    lang = (get_language() or "en").split("-")[0].split("_")[0].lower()
    return lang if lang in LANGUAGE_LOCALES else "en"


@lru_cache(maxsize=64)
def _locale_for(lang: str, country: str) -> str:
    return _OWN_VARIETY.get((lang, country)) or LANGUAGE_LOCALES.get(lang, "en_GB")


def format_locale(market=None, lang: str | None = None) -> str:
    """The CLDR locale for the page's language on `market` (a Market, its code or None)."""
    code = getattr(market, "code", market) or ""
    return _locale_for(lang or language(), str(code).upper())


def money(value: Money, market=None) -> str:
    return value.format(format_locale(market))


STANDARD = ("short", "medium", "long", "full")


def number(value, digits: int = 0, market=None) -> str:
    """`digits` decimals; negative means "up to" that many (7.5 -> "7.5", 10 -> "10" with -1)."""
    return _number(str(value), int(digits), format_locale(market))


@lru_cache(maxsize=4096)
def _number(value: str, digits: int, locale: str) -> str:
    # Pages show the same counts and ratings over and over; babel takes ~50 µs each.
    pattern = "#,##0" + ("." + ("0" if digits > 0 else "#") * abs(digits) if digits else "")
    return format_decimal(Decimal(value), format=pattern, locale=locale)


def percent(value, digits: int = 0, market=None) -> str:
    """A ratio as a per cent with `digits` decimals, written as the page's language writes it: 0.8 -> "80%",
    "80 %" in French and German (CLDR's pattern for the locale, its no-break space included)."""
    return _percent(float(value), int(digits), format_locale(market))


@lru_cache(maxsize=4096)
def _percent(value: float, digits: int, locale: str) -> str:
    # A product page shows the same battery floors and seller scores again and again; babel takes ~40 µs each.
    return _percent_pattern(locale, digits).apply(value, locale)


@lru_cache(maxsize=64)
def _percent_pattern(locale: str, digits: int) -> NumberPattern:
    # The locale's own per cent pattern with the decimals asked for; a fixed "#,##0%" would drop its spacing.
    pattern = copy.copy(Locale.parse(locale).percent_formats[None])
    pattern.frac_prec = (digits, digits)
    return pattern


def _zone(market, tz: str | None) -> ZoneInfo:
    return ZoneInfo(tz or getattr(market, "timezone", None) or "UTC")


def day(value: date | datetime, fmt: str = "medium", market=None, tz: str | None = None) -> str:
    """A calendar day ("short", "medium", "long", "full" or a CLDR skeleton such as "MMMd" or "yMMMM");
    a timestamp is first moved to the market's (or `tz`'s) zone."""
    if isinstance(value, datetime):
        value = value.astimezone(_zone(market, tz)) if value.tzinfo else value
        value = value.date()
    loc = format_locale(market)
    if fmt in STANDARD:
        return _babel_date(value, format=fmt, locale=loc)
    return format_skeleton(fmt, value, locale=loc)


def moment(value: datetime, fmt: str = "medium", market=None, tz: str | None = None) -> str:
    """A timestamp as the wall clock of the market's (or `tz`'s) zone reads it, to the minute, the zone
    named: "5 Dec 2026, 14:30 CET". `fmt` is the date's style, or a CLDR skeleton for it ("MMMd")."""
    zone = _zone(market, tz)
    loc = format_locale(market)
    local = value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    joint = get_datetime_format(fmt if fmt in STANDARD else "short", locale=loc)
    text = joint.replace("{1}", day(local.date(), fmt, market=market)).replace(
        "{0}", _babel_time(local, format="short", locale=loc)
    )
    return f"{text} {zone_name(zone, loc, local)}"


def clock(value: datetime | time, market=None, tz: str | None = None) -> str:
    """The time of day only: "14:30" ("2:30 PM" in English in the US); a timestamp in the market's zone."""
    if isinstance(value, datetime) and value.tzinfo:
        value = value.astimezone(_zone(market, tz))
    return _babel_time(value, format="short", locale=format_locale(market))


def zone_name(zone: ZoneInfo, loc: str, at: datetime | None = None) -> str:
    """The zone as people there call it at that moment: "CET"/"CEST", "GMT"/"BST", "EST", "JST"; where CLDR
    has no short name for the language, the offset ("UTC+1")."""
    if zone.key == "UTC":
        return "UTC"
    at = at or datetime.now(zone)
    name = at.tzname() or ""
    if name and name[0] not in "+-":
        return name
    return get_timezone_name(at, width="short", locale=loc)


@lru_cache(maxsize=8)
def _territories(lang: str) -> dict[str, str]:
    try:
        names = Locale.parse(LANGUAGE_LOCALES.get(lang, "en_GB")).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    return {c: names.get(c, c) for c in COUNTRY_CODES}


def country_name(code: str, lang: str | None = None) -> str:
    """An ISO 3166-1 code as the country's name in the page's language ("CN" -> "China", "Chine")."""
    code = str(code or "").upper()
    return _territories(lang or language()).get(code, code)


def country_choices(
    lang: str | None = None, *, first: list[str] | tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """Real countries only, by name in the page's language, with `first` (the markets) at the top."""
    names = _territories(lang or language())
    head = [(c, names[c]) for c in first if c in names]
    rest = sorted(((c, n) for c, n in names.items() if c not in set(first)), key=lambda cn: _sort_key(cn[1]))
    return head + rest


def _sort_key(name: str) -> str:
    import unicodedata

    return "".join(
        ch for ch in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(ch)
    )
