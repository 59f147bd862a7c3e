"""Every CSV the site writes goes through here, so no cell can run as a spreadsheet formula.

A cell of text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
spreadsheet programs (OWASP "CSV injection"): a seller's display name `=HYPERLINK(…)` would become a link
in a staff member's spreadsheet. Such text cells get a leading apostrophe, which spreadsheets show as text
(docs/api.md "CSV files"). Numbers the code writes (`-3` as an int) are left as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value: Any) -> Any:
    """The cell as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` with every cell neutralised."""

    def __init__(self, stream, *, lineterminator: str = "\r\n") -> None:
        self._writer = csv.writer(stream, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def download(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """A CSV attachment response and the writer that fills it."""
    response = HttpResponse(content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, SafeWriter(response)


def stream(
    header: Sequence[str], rows: Iterable[Iterable[Any]], *, lineterminator: str = "\r\n", chunk: int = 8192
) -> Iterator[str]:
    """The CSV, header first, in pieces of about `chunk` characters (for a StreamingHttpResponse)."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator=lineterminator)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
