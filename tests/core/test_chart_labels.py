"""Chart labels fit their box: a horizontal bar chart reserves room for its longest label, and a label
longer than the room is cut with "…" and keeps its whole text in a <title>."""

from __future__ import annotations

import re

from comeback.core import charts

LONG = "Held for its owner or the police (on a block list)"


def _row_labels(svg: str) -> list[tuple[float, str]]:
    return [
        (float(x), re.sub(r"<title>.*?</title>", "", body))
        for x, body in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end">(.*?)</text>', svg)
    ]


def test_given_a_long_route_label_when_hbars_draw_then_every_label_fits_left_of_its_axis():
    svg = charts.hbars(["Resell as is", LONG], [("", [3, 1])], title="Routes")

    for x, text in _row_labels(svg):
        assert len(text) * charts.CHAR <= x, (x, text)  # right-aligned at x: its start stays inside the box


def test_given_labels_when_the_room_is_measured_then_it_grows_with_the_longest_within_half_the_chart():
    assert charts.label_room(["Short"], least=170) == 170
    assert charts.label_room(["A label of thirty characters.."]) == 30 * charts.CHAR + 16
    assert charts.label_room([LONG * 2]) == charts.WIDTH // 2


def test_given_a_label_too_long_for_any_room_when_drawn_then_it_is_cut_and_keeps_its_text_in_a_title():
    svg = charts.hbars([LONG * 2], [("", [1])], title="Routes")

    ((x, text),) = _row_labels(svg)
    assert text.endswith("…") and len(text) * charts.CHAR <= x
    assert f"<title>{LONG * 2}</title>" in svg


def test_given_many_long_x_labels_when_bars_draw_then_each_fits_its_slot():
    labels = [f"Week of 2026-{m:02d}-01 and more" for m in range(1, 13)]
    svg = charts.bars(labels, [("", [1] * 12)], title="Weeks")

    texts = re.findall(r'text-anchor="middle">(?:<title>.*?</title>)?(.*?)</text>', svg)
    slot = (charts.WIDTH - charts.LEFT - charts.RIGHT) / 12
    assert texts and all(len(t) * charts.CHAR <= slot for t in texts), texts
