"""What trade-in tells the unit register's backfill (devices/backfill.py): devices received and kept by the
refurbisher (a blocked device is held for its owner, a returned one went back to the customer)."""

from __future__ import annotations

from collections.abc import Iterator

from comeback.devices import backfill

from .models import TradeIn, TradeInStatus

GONE = (TradeInStatus.BLOCKED, TradeInStatus.RETURNING, TradeInStatus.RETURNED)


def facts() -> Iterator[backfill.Fact]:
    rows = (
        TradeIn.objects.filter(received_at__isnull=False)
        .exclude(status__in=GONE)
        .exclude(imei="", serial="")
        .values_list("ref", "seller_id", "imei", "serial", "received_at")
    )
    for ref, seller_id, imei, serial, received_at in rows.iterator(chunk_size=2000):
        yield backfill.Fact(received_at, imei or serial, backfill.TAKE_IN, seller_id, f"tradein:{ref}")


def register() -> None:
    backfill.register_source(facts)
