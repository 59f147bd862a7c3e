"""The payouts page's chart: transfers per run, by state, drawn by core's one chart helper (core/charts.py).
Each bar carries its number in a <title>, and the table beside it holds the same numbers."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from comeback.core import charts

from .models import TransferStatus

# Okabe–Ito colours, readable with the common colour-vision deficiencies, one per transfer state.
COLOURS = {
    TransferStatus.PAID: "#009E73",
    TransferStatus.SENT: "#0072B2",
    TransferStatus.PENDING: "#E69F00",
    TransferStatus.FAILED: "#D55E00",
}


def runs_chart(rows) -> SafeString:
    """Stacked bars, oldest run on the left: how many transfers each run made and where they stand."""
    rows = list(reversed(rows))
    return charts.bars(
        [row.run.run_date.isoformat() for row in rows],
        [
            (str(TransferStatus(status).label), [row.counts.get(status, 0) for row in rows])
            for status in COLOURS
        ],
        title=_("Transfers per payout run, by state"),
        stacked=True,
        colours=list(COLOURS.values()),
    )
