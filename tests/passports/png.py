"""A minimal PNG reader for tests: grey-scale or palette images, 1–8 bits per pixel, not interlaced (what
segno writes) → a grey-scale buffer zxing-cpp can decode. No imaging library needed."""

from __future__ import annotations

import struct
import zlib


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def read_grey(data: bytes) -> tuple[bytes, int, int]:
    """(pixels, width, height), one byte per pixel, 0 = black, 255 = white."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, palette = 8, b"", None
    width = height = depth = colour = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", chunk)
            assert interlace == 0 and colour in (0, 3) and depth <= 8, (colour, depth, interlace)
        elif kind == b"PLTE":
            palette = [chunk[i : i + 3] for i in range(0, len(chunk), 3)]
        elif kind == b"IDAT":
            idat += chunk
    raw = zlib.decompress(idat)
    stride = (width * depth + 7) // 8
    previous = bytearray(stride)
    pixels = bytearray()
    offset = 0
    for _row in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        bpp = max(1, depth // 8)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = previous[i], previous[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, a, b, (a + b) // 2, _paeth(a, b, c))[kind]) & 0xFF
        previous = line
        for x in range(width):
            bit = x * depth
            value = (line[bit // 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1)
            if palette is not None:
                r, g, bl = palette[value]
                pixels.append((r + g + bl) // 3)
            else:
                pixels.append(value * 255 // ((1 << depth) - 1))
    return bytes(pixels), width, height
