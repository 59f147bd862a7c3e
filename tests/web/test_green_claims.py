"""No generic environmental claim anywhere a customer can read (Directive (EU) 2024/825, from 27 September
2026): every template, translation catalogue and Markdown page, in English, French, German and Japanese.

A claim about the environment must be specific and backed by its method (docs/passports.md "Avoided
impact"); words like "eco-friendly" or "carbon neutral" are neither. Colour names stay allowed ("Alpine
Green" is a colour): only the claim phrasings are refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import comeback

ROOT = Path(comeback.__file__).resolve().parents[2]
SRC = Path(comeback.__file__).resolve().parent

GENERIC_CLAIMS = {
    "en": [
        r"eco[- ]?friendly",
        r"environment(ally)?[- ]friendly",
        r"planet[- ]friendly",
        r"climate[- ]friendly",
        r"nature'?s friend",
        r"kind to the (planet|environment)",
        r"climate[- ](neutral|positive)",
        r"carbon[- ](neutral|positive|negative|free)",
        r"co2[- ]neutral",
        r"net[- ]zero (product|phone|device|purchase|delivery)",
        r"\bgo(ing)? green\b",
        r"\bgreen(er|est)\b",
        r"\bgreen (choice|tech|technology|product|alternative|purchase|shopping|option|way|planet|commerce)\b",
        r"\becological(ly)?\b",
        r"\beco[- ]conscious\b",
    ],
    "fr": [
        r"\bécologiques?\b",
        r"\béco[- ]?responsables?\b",
        r"respectueu(x|se|ses) de (l'|l’)environnement",
        r"respectueu(x|se|ses) de la planète",
        r"bon(ne)? pour (la planète|le climat|l'environnement|l’environnement)",
        r"neutres? en carbone",
        r"neutres? (pour le|en) climat",
        r"climatiquement neutres?",
        r"(bilan )?carbone positif",
        r"\bplus verte?s?\b",
        r"\b(choix|achat|geste|technologie|produit|commerce)s? verte?s?\b",
    ],
    "de": [
        r"umweltfreundlich",
        r"umweltschonend",
        r"klimafreundlich",
        r"klimaneutral",
        r"klimapositiv",
        r"co2[- ]?neutral",
        r"co₂[- ]?neutral",
        r"\bökologisch",
        r"\bgrüne(r|n|s)? (Wahl|Technik|Technologie|Alternative|Einkauf|Produkt|Handel)\b",
    ],
    "ja": [
        r"環境に(優|やさ)しい",
        r"地球に(優|やさ)しい",
        r"エコフレンドリー",
        r"エコな",
        r"グリーンな",
        r"カーボンニュートラル",
        r"カーボンポジティブ",
        r"カーボンオフセット済",
        r"気候(中立|ニュートラル)",
    ],
}
PATTERN = re.compile("|".join(p for patterns in GENERIC_CLAIMS.values() for p in patterns), re.IGNORECASE)
# Naming the rule is not making a claim: a line that quotes the refused words carries this marker.
QUOTED = "generic-claims: quoted"


def _pages() -> list[Path]:
    templates = [p for p in SRC.rglob("templates/**/*") if p.suffix in {".html", ".txt"}]
    catalogues = sorted(SRC.glob("locale/*/LC_MESSAGES/*.po"))
    markdown = [
        p
        for p in [*ROOT.glob("*.md"), *ROOT.glob("docs/**/*.md"), *SRC.rglob("*.md")]
        if ".venv" not in p.parts
    ]
    return [*templates, *catalogues, *markdown]


def _claims(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if QUOTED in line:
            continue
        for match in PATTERN.finditer(line):
            found.append(f"{path.relative_to(ROOT)}:{number}: “{match.group(0)}”")
    return found


def test_given_every_page_catalogue_and_document_then_no_generic_environmental_claim():
    pages = _pages()
    languages = {p.parts[-3] for p in pages if p.suffix == ".po"}
    assert languages >= {"fr", "de", "ja"}, "the French, German and Japanese catalogues are scanned"
    assert any(p.suffix == ".md" for p in pages) and any(p.suffix == ".html" for p in pages)
    found = [claim for page in pages for claim in _claims(page)]
    assert found == [], "generic environmental claims:\n" + "\n".join(found)


def test_given_a_generic_claim_in_any_language_then_the_scan_finds_it():
    samples = {
        "en": "An eco-friendly choice, carbon neutral delivery",
        "fr": "Un achat écologique et neutre en carbone",
        "de": "Umweltfreundlich und klimaneutral",
        "ja": "環境にやさしいスマートフォン、カーボンニュートラル",
    }
    for language, text in samples.items():
        page = ROOT / "var" / f"claims-{language}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(text, encoding="utf-8")
        try:
            assert len(_claims(page)) == 2, language
        finally:
            page.unlink()
    assert not PATTERN.search("iPhone 14 Pro, 128 GB, Alpine Green")
    assert not PATTERN.search("Vert alpin · Grün · グリーン")
