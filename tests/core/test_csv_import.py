"""One CSV reader for every upload: a bad file is a 422 naming the line and the column, never a 500."""

from __future__ import annotations

import pytest

from comeback.core import csv_import
from comeback.core.problems import Invalid

LIMITS = {"max_bytes": 2_000_000, "max_rows": 100}


def refused(data, **kwargs) -> dict:
    with pytest.raises(Invalid) as caught:
        csv_import.read(data, **{**LIMITS, **kwargs})
    assert caught.value.status == 422
    first = caught.value.errors[0]
    assert caught.value.code == first["code"]
    return first


def test_given_a_good_file_then_rows_are_dicts_that_know_their_line():
    table = csv_import.read(
        '\ufeffsku, name\nA1,"Screen, OLED"\n\nB2\n"C3","two\nlines"\n', **LIMITS, multiline=["name"]
    )
    assert table.columns == ["sku", "name"]
    assert [(r.line, dict(r)) for r in table.rows] == [
        (2, {"sku": "A1", "name": "Screen, OLED"}),
        (4, {"sku": "B2", "name": ""}),
        (5, {"sku": "C3", "name": "two\nlines"}),
    ]


def test_given_a_cell_longer_than_the_limit_then_its_line_and_column_are_named():
    error = refused(("a,b\n1,2\n3," + "x" * (csv_import.MAX_CELL_CHARS + 1) + "\n").encode())
    assert (error["code"], error["line"], error["column"], error["header"]) == (
        "csv_cell_too_long",
        3,
        2,
        "b",
    )


def test_given_a_cell_beyond_pythons_own_csv_limit_then_still_a_422_naming_it():
    error = refused("a,b,c\n1,2,3\n4,5," + "x" * 200_000 + "\n")
    assert (error["code"], error["line"], error["column"]) == ("csv_cell_too_long", 3, 3)


def test_given_bytes_that_are_not_utf8_then_the_line_and_column_are_named():
    error = refused(b"a,b,c\n1,2,3\n4,caf\xe9,6\n")
    assert (error["code"], error["line"], error["column"]) == ("not_utf8", 3, 2)


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [('a,b\n1,"open\n2,3\n', 2, 2), ('a,b,c\n1,"x"y,3\n', 2, 2), ("a,b\n1,2\n3,4,5\n", 3, 3)],
)
def test_given_a_malformed_row_then_422_csv_malformed_names_where(data, line, column):
    error = refused(data)
    assert (error["code"], error["line"], error["column"]) == ("csv_malformed", line, column)


def test_given_control_characters_in_cells_then_each_is_named():
    with pytest.raises(Invalid) as caught:
        csv_import.read("a,b\nok,x\x00y\nz\tw,ok\n", **LIMITS)
    assert caught.value.code == "invalid_characters"
    assert [(e["line"], e["column"], e["header"]) for e in caught.value.errors] == [(2, 2, "b"), (3, 1, "a")]


def test_given_limits_then_size_rows_and_columns_are_checked():
    assert refused("a\n" + "1\n" * 101)["code"] == "csv_too_many_rows"
    assert refused("a\n1\n", max_bytes=3)["code"] == "file_too_large"
    assert refused("a,b\n1,2\n", required=["a", "c"])["code"] == "csv_columns"
    assert refused("a,a\n1,2\n")["code"] == "csv_columns"
    assert refused("")["code"] == "csv_empty"
    assert refused("a,b\n")["code"] == "csv_empty"
