"""One CSV writer for every export: cells that a spreadsheet would run as formulas are written as text."""

from __future__ import annotations

import csv
import io

import pytest

from comeback.core import csv_export


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+33 6 12 34 56 78", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","y")'],
)
def test_given_text_starting_like_a_formula_when_written_then_it_gets_a_leading_apostrophe(cell):
    response, writer = csv_export.download("x.csv")
    writer.writerow(["name", cell])
    [row] = list(csv.reader(io.StringIO(response.content.decode())))
    assert row == ["name", "'" + cell]


@pytest.mark.parametrize("cell", ["Alpha Refurb", "a=b", "", "'quoted", "2027-03-01"])
def test_given_ordinary_text_when_written_then_it_is_unchanged(cell):
    assert csv_export.neutralise(cell) == cell


def test_given_numbers_when_written_then_they_stay_numbers():
    response, writer = csv_export.download("x.csv")
    writer.writerows([[-3, 1.5, None]])
    assert response.content.decode() == "-3,1.5,\r\n"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_given_the_source_when_searched_then_only_the_core_writer_makes_csv_writers():
    """Every export uses `csv_export`, so a new one cannot forget to neutralise its cells."""
    from pathlib import Path

    import comeback

    root = Path(comeback.__file__).parent
    writers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ("csv.writer(" in (text := path.read_text()) or "csv.DictWriter(" in text)
        and path != root / "core" / "csv_export.py"
    ]
    assert writers == []
