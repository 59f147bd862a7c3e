"""Template tags for money, dates, times and numbers by the one locale rule (core/locales.py), and storefront bits.

The page's language decides month names and number formats, the market the currency and the time zone.
`{% load comeback %}` then `{% money amount currency %}`, `{% localdate d %}`, `{% localtime t %}` (the
market's zone, named), `{% clock t %}`, `{% percent x %}`,
`{% number x 1 %}`, `{% currency_symbol %}`, `{% country_name "CN" %}`, `{% illustration key %}`, `{% stars avg count %}`,
`{{ reason|reason_text }}`, `{{ markets|market_choices }}`, `{% shared "name" key… %}…{% endshared %}`,
`{% fragment "name" key %}…{% visitor %}…{% endvisitor %}…{% endfragment %}`. A grade's name and definition are the catalogue's words (`{% load catalog_words %}`).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from decimal import Decimal
from functools import lru_cache

from babel.numbers import get_currency_symbol
from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from comeback.core import locales
from comeback.core.money import Money

register = template.Library()

# Category illustration keys that have an SVG in web/static/comeback/illustrations/ (Category.illustration).
ILLUSTRATIONS = frozenset(
    {
        "phone",
        "laptop",
        "tablet",
        "console",
        "watch",
        "earphones",
        "jacket",
        "knit",
        "jeans",
        "dress",
        "shoe",
        "bag",
        "accessory",
        "generic",
    }
)


def _locale(context) -> str:
    return locales.format_locale(context.get("market"))


@register.simple_tag(takes_context=True)
def money(context, amount, currency=None):
    """{% money offer.price %} or {% money 34900 "EUR" %}"""
    if amount is None or amount == "":
        return ""
    value = amount if isinstance(amount, Money) else Money(int(amount), currency)
    return value.format(_locale(context))


@register.simple_tag(takes_context=True)
def localdate(context, value, fmt="medium", tz=None):
    """{% localdate order.created_at %} -> "5 Dec 2026"; a timestamp's day in the market's zone (or `tz`)."""
    return locales.day(value, fmt, market=context.get("market"), tz=tz) if value else ""


@register.simple_tag(takes_context=True)
def localtime(context, value, fmt="medium", tz=None):
    """{% localtime t "short" %} -> "05/12/2026, 14:30 (Paris)": the market's (or `tz`'s) wall clock, named."""
    return locales.moment(value, fmt, market=context.get("market"), tz=tz) if value else ""


@register.simple_tag(takes_context=True)
def clock(context, value, tz=None):
    """{% clock t %} -> "14:30" in the market's (or `tz`'s) zone."""
    return locales.clock(value, market=context.get("market"), tz=tz) if value else ""


@register.simple_tag(takes_context=True)
def percent(context, value, digits=0):
    """{% percent 0.125 1 %} -> "12.5%", "12,5 %" on a French page (core/locales.py)."""
    if value is None:
        return ""
    return locales.percent(value, digits, market=context.get("market"))


@register.simple_tag(takes_context=True)
def percent_points(context, value):
    """A whole percentage stored as points (battery 85, material 24) -> "85%" / "85 %" by locale."""
    if value is None or value == "":
        return ""
    return locales.percent(Decimal(str(value)) / 100, market=context.get("market"))


@register.simple_tag(takes_context=True)
def number(context, value, digits=0):
    """A plain number in the page's language: {% number seller.rating_avg 1 %} -> "4,5" on a French page."""
    if value is None or value == "":
        return ""
    return locales.number(value, digits, market=context.get("market"))


@register.simple_tag(takes_context=True)
def currency_symbol(context, currency=None) -> str:
    """ "€", "£", "¥"… for `currency` (default: the market's) in the market's locale."""
    m = context.get("market")
    code = currency or (m.currency if m is not None else "EUR")
    return get_currency_symbol(code, locale=_locale(context))


@register.simple_tag(takes_context=True)
def country_name(context, code) -> str:
    """An ISO 3166 code as the country's name in the page's language ("CN" -> "China", "Chine" in French)."""
    return locales.country_name(code) if code else ""


@register.simple_tag
def illustration(key) -> str:
    """Static URL of a category illustration; unknown keys fall back to the generic one."""
    name = key if key in ILLUSTRATIONS else "generic"
    return static(f"comeback/illustrations/{name}.svg")


@register.simple_tag(takes_context=True)
def stars(context, average, count=None):
    """★★★★☆ with the numbers spelled out for screen readers; "No reviews yet" without ratings."""
    market = context.get("market")
    return _stars(
        get_language(), getattr(market, "code", market), None if average is None else str(average), count
    )


@lru_cache(maxsize=4096)
def _stars(language: str, market, average: str | None, count):
    # The same sellers' ratings on page after page: built once per language, market and rating.
    if not count or average is None:
        return format_html('<span class="stars muted">{}</span>', _("No reviews yet"))
    avg = Decimal(average)
    full = int(avg + Decimal("0.5"))
    shown = "★" * full + "☆" * (5 - full)
    avg_text = locales.number(avg, 1, market=market)
    return format_html(
        '<span class="stars"><span aria-hidden="true">{}</span> {} <span class="count">({})</span>'
        '<span class="visually-hidden">{}</span></span>',
        shown,
        avg_text,
        locales.number(count, market=market),
        ngettext(
            ", rated %(avg)s out of 5 from %(n)s review", ", rated %(avg)s out of 5 from %(n)s reviews", count
        )
        % {"avg": avg_text, "n": count},
    )


@register.filter
def market_choices(markets) -> tuple:
    """What the header's market picker shows of `markets`, as a fragment key: each market's code and currency."""
    return tuple((getattr(m, "code", ""), getattr(m, "currency", "")) for m in markets or ())


@register.filter
def get_item(mapping, key):
    """{{ params.attrs|get_item:name }}: a dict value by a key held in a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


# {% shared %}: a fragment that is the same for every visitor who sees it with the same keys ------------------
SHARED_MAX = 2_000  # fragments kept per process (a few per language × market)
_shared: OrderedDict[tuple, str] = OrderedDict()
_shared_lock = threading.Lock()


class SharedNode(template.Node):
    def __init__(self, nodelist, keys):
        self.nodelist, self.keys = nodelist, keys

    def render(self, context):
        key = (get_language(), *(k.resolve(context) for k in self.keys))
        found = _shared.get(key)
        if found is None:
            found = self.nodelist.render(context)
            with _shared_lock:
                _shared[key] = found
                while len(_shared) > SHARED_MAX:
                    _shared.popitem(last=False)
        return mark_safe(found)


# {% fragment %}: a fragment keyed by the data it shows (a grade card by its offers), kept in its own store -----
FRAGMENT_MAX = 5_000  # fragments kept per process: a grade card is ~2 kB, so ~10 MB at most
# A kept fragment is its text cut at its {% visitor %} parts: (text, visitor node, text, visitor node, …, text).
_fragments: OrderedDict[str, tuple] = OrderedDict()
_fragments_lock = threading.Lock()
_HOLES = "_fragment_visitor_parts"  # the context variable a fragment being rendered collects them in
_HOLE = f"\x00visitor-{uuid.uuid4().hex}\x00"  # where each was, in the rendered text


class FragmentNode(template.Node):
    def __init__(self, nodelist, keys):
        self.nodelist, self.keys = nodelist, keys

    def render(self, context):
        keys = [k.resolve(context) for k in self.keys]
        # Nothing names what it shows (a numbered edition's page): rendered, not kept.
        if any(k is None for k in keys):
            return self.nodelist.render(context)
        key = repr((get_language(), *keys))  # lists and tuples alike
        found = _fragments.get(key)
        if found is None:
            found = self._cut(context)
            with _fragments_lock:
                _fragments[key] = found
                while len(_fragments) > FRAGMENT_MAX:
                    _fragments.popitem(last=False)
        else:
            with _fragments_lock:
                if key in _fragments:
                    _fragments.move_to_end(key)  # least recently used goes first
        if len(found) == 1:
            return mark_safe(found[0])
        # The visitor's own parts, rendered for this request in the fragment's context.
        return mark_safe(
            "".join(p if i % 2 == 0 else p.nodelist.render(context) for i, p in enumerate(found))
        )

    def _cut(self, context) -> tuple:
        visitor: list[VisitorNode] = []
        with context.push({_HOLES: visitor}):
            text = self.nodelist.render(context)
        texts = text.split(_HOLE)
        if len(texts) != len(visitor) + 1:
            raise template.TemplateSyntaxError(
                "a {% visitor %} part was rendered twice or not at all in a fragment"
            )
        cut: list = [texts[0]]
        for node, after in zip(visitor, texts[1:], strict=True):
            cut += [node, after]
        return tuple(cut)


class VisitorNode(template.Node):
    """Inside a {% fragment %}: left out of what is kept, rendered on every request. Elsewhere: rendered."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        visitor = context.get(_HOLES)
        if visitor is None:
            return self.nodelist.render(context)
        visitor.append(self)
        return _HOLE


@register.tag
def visitor(parser, token):
    """{% visitor %}{% csrf_token %}{% endvisitor %}: the visitor's own part of a kept {% fragment %} (the CSRF
    token, the page's own address, today's delivery estimate). It is rendered on every request, in the
    fragment's context: it may read what the page gives the fragment (`offer`, `request`), not the variables of
    an {% include … with %} or a {% for %} inside the fragment, and it must not sit in a loop."""
    nodelist = parser.parse(("endvisitor",))
    parser.delete_first_token()
    return VisitorNode(nodelist)


def forget_fragments() -> None:
    """Drop every kept {% fragment %} (a test's catalogue is new)."""
    with _fragments_lock:
        _fragments.clear()


@register.tag
def fragment(parser, token):
    """{% fragment "grade-card" card_key %}…{% endfragment %}: rendered once per process for each language and
    key, then served as rendered. Unlike {% shared %}, the key is computed by the view from every value the
    fragment shows (storefront/fragment_keys.py: a grade card's offers, sellers, photos and market terms), so a
    price, stock or rating change makes a new key and the next render shows it; nothing needs invalidating.
    What is the visitor's own (the CSRF token, the page's own address, today's delivery estimate) is marked
    {% visitor %}: kept out, rendered on every request. base.html keeps its header this way, keyed by the market
    and the markets it offers: the visitor's search, CSRF tokens, address, account links and cart are holes.
    A key that is None keeps nothing: the fragment is rendered every time."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name, then the key of what it shows")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(b) for b in bits[1:]])


@register.tag
def shared(parser, token):
    """{% shared "footer" market.code market.local_name %}…{% endshared %}: rendered once per process for each
    language and each set of keys, then served as rendered. The keys must be everything the fragment shows
    that can change (the page's language is always one): the header's fixed parts, the trust strip and the
    footer are the same on every page, and rendering them again each time cost half of base.html."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% shared %} needs a name, then the keys the fragment depends on")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, [parser.compile_filter(b) for b in bits[1:]])
