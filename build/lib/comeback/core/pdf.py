"""Documents as PDF (fpdf2, pure Python): an A4 document with the body fonts every language needs, and the
rows document — a title, a subtitle, rows of label and value, and a footnote — the shape of every
certificate and form we hand out (data-wipe certificates, repair information forms). Invoices lay out their
own page on the same document.

Fonts, each used only when installed:
- DejaVu Sans (Debian's fonts-dejavu) covers Latin, Greek and Cyrillic: the body font.
- IPAex Gothic (fonts-ipaexfont-gothic, installed by .ci/run) covers Japanese: fpdf2 draws every glyph
  DejaVu lacks with it (a fallback font), so Japanese text and Latin text mix in one line; without DejaVu it
  is the body font itself (it has Latin glyphs too).
- Without either, the built-in Helvetica covers Latin-1 only and other characters print as `?`.
Glyphs no installed font has are reported and left out, never fatal: the HTML page is the complete
document, the PDF its printable copy.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LABEL_WIDTH = 60  # mm
BODY = "Body"  # the family name of the body font on every document
JAPANESE = "Japanese"


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    japanese: Path


FONTS = Fonts(
    regular=Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    bold=Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    japanese=Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),  # one weight: bold uses it too
)


@functools.cache
def _document_class():
    from fpdf import FPDF

    class Document(FPDF):
        """An A4 page with `family` the body font: `set_font(doc.family, "B", 12)`."""

        def __init__(self, *, title: str, fonts: Fonts) -> None:
            super().__init__(format="A4")
            self.set_auto_page_break(auto=True, margin=15)
            self.set_title(title)
            self.family = self._register(fonts)

        def _register(self, fonts: Fonts) -> str:
            latin = fonts.regular.exists() and fonts.bold.exists()
            japanese = fonts.japanese.exists()
            if latin:
                self.add_font(BODY, "", str(fonts.regular))
                self.add_font(BODY, "B", str(fonts.bold))
            if japanese:
                name = JAPANESE if latin else BODY
                self.add_font(name, "", str(fonts.japanese))
                self.add_font(name, "B", str(fonts.japanese))
                if latin:
                    self.set_fallback_fonts([JAPANESE])
            return BODY if latin or japanese else "Helvetica"

        def normalize_text(self, text: str) -> str:
            if not self.is_ttf_font:  # the built-in font: what Latin-1 lacks prints as "?" instead of failing
                text = text.encode("latin-1", "replace").decode("latin-1")
            return super().normalize_text(text)

    return Document


def document(*, title: str, fonts: Fonts = FONTS):
    """A new A4 PDF document (an `fpdf.FPDF`) with a page, its title set and the body fonts registered."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    doc = _document_class()(title=title, fonts=fonts)
    doc.add_page()
    return doc


def rows_pdf(
    *, title: str, subtitle: str, rows: Iterable[tuple[str, str]], footnote: str = "", fonts: Fonts = FONTS
) -> bytes:
    pdf = document(title=title, fonts=fonts)
    family = pdf.family
    pdf.set_font(family, "B", 18)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in rows:
        pdf.set_font(family, "B", 10)
        y = pdf.get_y()
        pdf.multi_cell(LABEL_WIDTH, 7, label, border="B", new_x="RIGHT", new_y="TOP")
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 7, value, border="B", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), y + 7))
    if footnote:
        pdf.ln(6)
        pdf.set_font(family, "", 8)
        pdf.multi_cell(0, 4, footnote)
    return bytes(pdf.output())
