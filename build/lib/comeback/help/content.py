"""Help articles, legal pages and guarantee notices, written as Markdown files in the repository, one per
language (`help/content/<lang>/<kind>/<slug>.md`, English when a translation is missing).

A file is first rendered as a Django template with the market in context (so a page names the market's
legal guarantee, currency or rules: `{% if market.code == "US" %}…{% endif %}`), then as Markdown
(markdown-it-py, CommonMark, raw HTML off). Its first line is its `# Title`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template import Context, Template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from markdown_it import MarkdownIt

ROOT = Path(__file__).parent / "content"
LANGUAGES = ("en", "fr", "de", "ja")
HELP_TOPICS = ("buying", "delivery", "returns", "warranty", "trade-in", "selling", "passports")
LEGAL_PAGES = ("terms", "notice", "privacy", "cookies")
EU_MARKETS = (
    "FR",
    "DE",
)  # the EU's harmonised legal-guarantee notice applies; GB, US and JP have their own rules

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    html: SafeString
    text: str  # plain text, for search


def language() -> str:
    lang = (get_language() or "en").split("-")[0]
    return lang if lang in LANGUAGES else "en"


@lru_cache(maxsize=512)
def _source(kind: str, slug: str, lang: str) -> str | None:
    for candidate in (lang, "en"):
        path = ROOT / candidate / kind / f"{slug}.md"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def page(kind: str, slug: str, *, market, lang: str | None = None) -> Page | None:
    source = _source(kind, slug, lang or language())
    if source is None:
        return None
    context = {
        "market": market,
        "operator": operator(),
        "guarantee_months": getattr(market, "legal_guarantee_months", 0),
    }
    text = Template(source).render(Context(context, autoescape=False))
    first, _, body = text.partition("\n")
    title = first.lstrip("#").strip()
    return Page(slug=slug, title=title, html=mark_safe(_md.render(body)), text=_plain(body))


def operator() -> dict:
    """Who runs the site, for the legal notice (settings.OPERATOR; the demo's placeholders otherwise)."""
    from django.conf import settings

    return {**DEMO_OPERATOR, **(getattr(settings, "OPERATOR", None) or {})}


DEMO_OPERATOR = {
    "name": "Comeback demo operator",
    "address": "(set OPERATOR in the settings of your deployment)",
    "registration": "—",
    "vat": "—",
    "email": "contact@comeback.example",
    "authorities_email": "authorities@comeback.example",
    "host": "(your hosting provider)",
}


def _plain(markdown: str) -> str:
    return re.sub(r"[#*_`>\[\]()]", " ", markdown)


def guarantee_regime(market) -> str:
    return "EU" if market.code in EU_MARKETS else market.code


def guarantee_notice(*, market, lang: str | None = None) -> Page | None:
    return page("guarantee", guarantee_regime(market), market=market, lang=lang)


def help_pages(*, market) -> list[Page]:
    return [p for slug in HELP_TOPICS if (p := page("help", slug, market=market)) is not None]


def search(query: str, *, market) -> list[Page]:
    """Help articles matching every word of the query (accents and case ignored), best first: a word in the
    title counts more than one in the text."""
    words = [w for w in _fold(query).split() if len(w) > 1]
    if not words:
        return []
    scored = []
    for p in help_pages(market=market):
        title, body = _fold(p.title), _fold(p.text)
        if all(w in title or w in body for w in words):
            scored.append((sum(3 * title.count(w) + body.count(w) for w in words), p))
    return [p for _score, p in sorted(scored, key=lambda s: -s[0])]


def _fold(value: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
