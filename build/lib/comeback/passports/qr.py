"""QR codes of passport URIs (segno): SVG for screens and labels, PNG for anything else.

Error correction M (15%) survives a scuffed label; a 4-module quiet zone as ISO/IEC 18004 asks.
"""

from __future__ import annotations

import io

import segno

QUIET_ZONE = 4


def make(uri: str):
    return segno.make(uri, error="m", micro=False)


def svg(uri: str, *, scale: int = 4, title: str = "", inline: bool = False) -> str:
    """The code as SVG; `inline` drops the fixed size for a viewBox, so CSS sizes it inside a page."""
    out = io.BytesIO()
    make(uri).save(
        out,
        kind="svg",
        scale=scale,
        border=QUIET_ZONE,
        xmldecl=False,
        svgns=True,
        omitsize=inline,
        title=title or None,
        svgclass="qr-code",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    return out.getvalue().decode()


def png(uri: str, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    make(uri).save(out, kind="png", scale=scale, border=QUIET_ZONE, dark="#000", light="#fff")
    return out.getvalue()
