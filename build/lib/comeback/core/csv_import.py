"""Every CSV the site reads goes through here: one reader that refuses a bad file with a 422 naming the line
and the column, never a 500 (docs/api.md "CSV files").

A file is UTF-8 (a byte-order mark is fine), comma-separated, with a header row. Refused, each with `line`
(the physical line in the file, the header being line 1) and `column` (1 for the first) in its error:
bytes that are not UTF-8 (`not_utf8`), a quote left open or text after a closing quote (`csv_malformed`),
more cells than the header has columns (`csv_malformed`), a cell longer than `MAX_CELL_CHARS`
(`csv_cell_too_long`) and a cell breaking the text rule (`invalid_characters`). A short row is read as if
its missing cells were empty, since spreadsheets drop trailing empty cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import text
from .problems import Invalid

MAX_CELL_CHARS = 10_000  # far above any name, list or note a row carries; below csv's own 131,072 limit
FIELD = "file"


class Row(dict):
    """One data row: {column: cell} (missing cells are ""), and the line of the file it starts on."""

    line: int


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[Row]


def read(
    data: bytes | str,
    *,
    required: Sequence[str] = (),
    max_bytes: int,
    max_rows: int,
    multiline: Sequence[str] = (),
) -> Table:
    """The rows of a CSV upload, or a 422 naming what is wrong and where.

    `required`: columns the header must name; `multiline`: columns whose cells may span lines.
    """
    size = len(data.encode() if isinstance(data, str) else data)
    if size > max_bytes:
        raise Invalid.field(
            FIELD,
            "file_too_large",
            _("A CSV file may be at most %(mb)s MB.") % {"mb": f"{max_bytes / 1_000_000:g}"},
        )
    content = data.removeprefix("\ufeff") if isinstance(data, str) else _decode(data)
    lines = _Lines(content)
    reader = csv.reader(lines, strict=True)
    header = _next(reader, lines)
    if header is None:
        raise Invalid.field(FIELD, "csv_empty", _("The file has no rows."))
    columns = [c.strip() for c in header]
    _check_header(columns, required)
    rows: list[Row] = []
    errors: list[dict] = []
    while (cells := _next(reader, lines)) is not None:
        if not any(c.strip() for c in cells):
            continue
        if len(rows) == max_rows:
            raise Invalid.field(FIELD, "csv_too_many_rows", _("At most %d rows per file.") % max_rows)
        if len(cells) > len(columns):
            _fail(
                "csv_malformed",
                _("This row has %(n)d cells but the header names %(m)d columns.")
                % {"n": len(cells), "m": len(columns)},
                line=lines.record_start,
                column=len(columns) + 1,
            )
        row = Row(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))
        row.line = lines.record_start
        for index, (name, cell) in enumerate(zip(columns, cells, strict=False), start=1):
            if len(cell) > MAX_CELL_CHARS:
                errors.append(_cell_too_long(row.line, index, name))
            elif not text.is_clean(cell, multiline=name in multiline):
                errors.append(_error(text.CODE, str(text.MESSAGE), line=row.line, column=index, header=name))
        rows.append(row)
    if errors:
        first = errors[0]
        raise Invalid(first["message"], code=first["code"], errors=errors[:200])
    if not rows:
        raise Invalid.field(FIELD, "csv_empty", _("The file has no rows."))
    return Table(columns=columns, rows=rows)


class _Lines:
    """The file's lines for csv.reader, remembering where the record being read started and its text."""

    def __init__(self, content: str) -> None:
        self._lines: Iterator[str] = iter(io.StringIO(content, newline=""))
        self.number = 0
        self.record_start = 1
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.number += 1
        self.record.append(line)
        return line

    def start_record(self) -> None:
        self.record_start = self.number + 1
        self.record = []


def _next(reader, lines: _Lines) -> list[str] | None:
    lines.start_record()
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        record = "".join(lines.record)
        if "field larger than field limit" in str(exc):
            column = _column_at_end(record, longer_than=csv.field_size_limit())
            error = _cell_too_long(lines.record_start, column, None)
            raise Invalid(error["message"], code=error["code"], errors=[error]) from None
        _fail(
            "csv_malformed",
            _("A quoted cell is not closed, or text follows its closing quote."),
            line=lines.record_start,
            column=_column_at_end(record, stop_at_error=True),
        )


def _check_header(columns: list[str], required: Sequence[str]) -> None:
    for index, name in enumerate(columns, start=1):
        if len(name) > MAX_CELL_CHARS:
            error = _cell_too_long(1, index, None)
            raise Invalid(error["message"], code=error["code"], errors=[error])
        if not text.is_clean(name):
            _fail(text.CODE, text.MESSAGE, line=1, column=index)
    missing = [c for c in required if c not in columns]
    if missing:
        raise Invalid.field(
            FIELD, "csv_columns", _("Missing columns: %s.") % ", ".join(missing), expected=list(required)
        )
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise Invalid.field(FIELD, "csv_columns", _("Columns named twice: %s.") % ", ".join(twice))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        prefix = before[line_start:].decode("utf-8-sig", errors="replace")
        _fail(
            "not_utf8",
            _("These bytes are not UTF-8; save the CSV as UTF-8."),
            line=before.count(b"\n") + 1,
            column=_column_at_end(prefix),
        )


def _column_at_end(record: str, *, stop_at_error: bool = False, longer_than: int | None = None) -> int:
    """The 1-based cell index reached at the end of `record`, or where its quoting first breaks, or where a
    cell first grows longer than `longer_than` characters."""
    column, length, quoted, at_start, i = 1, 0, False, True, 0
    while i < len(record):
        c = record[i]
        if quoted:
            if c == '"':
                if record[i + 1 : i + 2] == '"':
                    i, length = i + 2, length + 1
                    continue
                quoted = False
                if stop_at_error and i + 1 < len(record) and record[i + 1] not in ",\r\n":
                    return column
            else:
                length += 1
        elif c == '"' and at_start:
            quoted = True
        elif c == ",":
            column, length, at_start, i = column + 1, 0, True, i + 1
            continue
        else:
            length += 1
        if longer_than is not None and length > longer_than:
            return column
        at_start = False
        i += 1
    return column


def _cell_too_long(line: int, column: int, header: str | None) -> dict:
    return _error(
        "csv_cell_too_long",
        _("a cell may hold at most %(n)s characters.") % {"n": f"{MAX_CELL_CHARS:,}"},
        line=line,
        column=column,
        header=header,
    )


def _error(code: str, rule: str, *, line: int, column: int, header: str | None = None) -> dict:
    """One entry of `errors`: the rule, where it broke, and a message saying both."""
    message = _("Line %(line)d, column %(column)d: %(rule)s") % {"line": line, "column": column, "rule": rule}
    error = {"field": FIELD, "code": code, "message": message, "line": line, "column": column}
    if header:
        error["header"] = header
    return error


def _fail(code: str, rule: str, *, line: int, column: int) -> None:
    error = _error(code, str(rule), line=line, column=column)
    raise Invalid(error["message"], code=code, errors=[error])
