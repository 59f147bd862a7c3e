"""PDF documents print every language we serve: Japanese through IPAex Gothic when it is installed (as CI
installs it), and a clean fallback without it (core/pdf.py)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from comeback.core import pdf

JAPANESE = "データ消去証明書"
NOWHERE = Path("/nonexistent/font.ttf")
needs_japanese_font = pytest.mark.skipif(
    not pdf.FONTS.japanese.exists(), reason="fonts-ipaexfont-gothic is not installed (.ci/run installs it)"
)


def drawn_characters(document: bytes) -> set[str]:
    """The characters the PDF's embedded fonts can draw: the Unicode side of their ToUnicode maps."""
    drawn = set()
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S):
        try:
            text = zlib.decompress(raw)
        except zlib.error:
            text = raw
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
            for code in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block):
                drawn.add(bytes.fromhex(code.decode()).decode("utf-16-be"))
    return drawn


def fonts_of(document: bytes) -> set[str]:
    return {name.split(b"+")[-1].decode() for name in re.findall(rb"/BaseFont\s*/(\S+)", document)}


@needs_japanese_font
def test_given_japanese_text_when_printed_then_its_glyphs_are_drawn_with_ipaex_gothic():
    document = pdf.rows_pdf(title=JAPANESE, subtitle="Refurb 東京 — iPhone 13", rows=[("機種", "iPhone 13")])

    assert "IPAexGothic" in fonts_of(document)
    assert set(JAPANESE + "東京機種") <= drawn_characters(document)
    assert set("Refurb iPhone—") <= drawn_characters(document)  # the Latin text beside it too


@needs_japanese_font
def test_given_only_the_japanese_font_then_it_is_the_body_font():
    fonts = pdf.Fonts(regular=NOWHERE, bold=NOWHERE, japanese=pdf.FONTS.japanese)
    document = pdf.rows_pdf(title=JAPANESE, subtitle="iPhone 13", rows=[("機種", "iPhone")], fonts=fonts)

    assert fonts_of(document) == {"IPAexGothic"}
    assert set(JAPANESE + "iPhone") <= drawn_characters(document)


def test_given_no_japanese_font_then_the_pdf_is_still_made_without_those_glyphs():
    fonts = pdf.Fonts(regular=pdf.FONTS.regular, bold=pdf.FONTS.bold, japanese=NOWHERE)
    document = pdf.rows_pdf(title=JAPANESE, subtitle="Refurb", rows=[("機種", "iPhone 13")], fonts=fonts)

    assert document.startswith(b"%PDF-") and "IPAexGothic" not in fonts_of(document)
    assert not set(JAPANESE) & drawn_characters(document)


def test_given_no_font_at_all_then_the_built_in_font_prints_what_latin_1_has():
    fonts = pdf.Fonts(regular=NOWHERE, bold=NOWHERE, japanese=NOWHERE)
    document = pdf.rows_pdf(title=JAPANESE, subtitle="Café Zoë", rows=[("機種", "iPhone 13")], fonts=fonts)

    assert document.startswith(b"%PDF-") and document.rstrip().endswith(b"%%EOF")
    assert fonts_of(document) == {"Helvetica", "Helvetica-Bold"}
