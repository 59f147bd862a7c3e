"""The shared cell text (HTML table and CSV alike) and the HTML built without templates for speed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from comeback.core import charts
from comeback.insights.panel import Column, Panel, display


@pytest.mark.parametrize("currency,places", [("EUR", 2), ("JPY", 0), ("KWD", 3), ("", 2)])
@pytest.mark.parametrize("amount", [0, 1, -1, 5, -5, 99, -100, 100, 123_456_789, -987_654_321_012])
def test_given_integer_minor_units_when_displayed_then_the_text_is_the_decimal_division(
    amount, currency, places
):
    assert display(amount, "money", currency) == f"{Decimal(amount) / (10**places):.{places}f}"


def test_given_a_panel_when_its_table_is_rendered_then_text_is_escaped_and_cells_match_the_csv():
    panel = Panel(
        "t",
        "T",
        [
            Column("name", "<Name>", "text"),
            Column("n", "N"),
            Column("gmv", "GMV", "money"),
            Column("share", "Share", "rate"),
        ],
        [
            {"name": "<b>A&B</b>", "currency": "EUR", "n": 3, "gmv": -1234, "share": 0.5},
            {"name": "plain", "currency": "JPY", "n": "<i>", "gmv": 15000, "share": None},
        ],
    )
    assert panel.table_head == (
        '<tr><th scope="col">&lt;Name&gt;</th><th scope="col" class="num">N</th>'
        '<th scope="col" class="num">GMV</th><th scope="col" class="num">Share</th></tr>'
    )
    assert panel.table_body == (
        '<tr><td>&lt;b&gt;A&amp;B&lt;/b&gt;</td><td class="num">3</td><td class="num">-12.34</td>'
        '<td class="num">50.00%</td></tr>'
        '<tr><td>plain</td><td class="num">&lt;i&gt;</td><td class="num">15000</td><td class="num"></td></tr>'
    )
    assert panel.table == [["<b>A&B</b>", "3", "-12.34", "50.00%"], ["plain", "<i>", "15000", ""]]


def test_given_series_names_with_markup_when_charted_then_every_title_is_escaped():
    svg = charts.bars(["<w1>", "w2"], [("<GMV>", [1, 2])], title="<t>")
    lines = charts.lines(["<w1>", "w2"], [("<Rate>", [0.1, None])], title="t", fmt=charts.percent)
    assert "<title>&lt;GMV&gt;, &lt;w1&gt;: 1</title>" in svg and "<GMV>" not in svg
    assert "<title>&lt;Rate&gt;, &lt;w1&gt;: 10.0%</title>" in lines and "<Rate>" not in lines
