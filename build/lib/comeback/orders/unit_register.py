"""What orders tell the unit register's backfill (devices/backfill.py): shipped lines and received returns."""

from __future__ import annotations

from collections.abc import Iterator

from comeback.devices import backfill

from .models import OrderLine, Return


def facts() -> Iterator[backfill.Fact]:
    lines = (
        OrderLine.objects.filter(shipped_at__isnull=False)
        .exclude(imei="", serial="")
        .values_list("pk", "seller_id", "imei", "serial", "shipped_at")
    )
    for pk, seller_id, imei, serial, shipped_at in lines.iterator(chunk_size=2000):
        yield backfill.Fact(shipped_at, imei or serial, backfill.SALE, seller_id, f"order_line:{pk}")
    returns = (
        Return.objects.filter(received_at__isnull=False)
        .exclude(line__imei="", line__serial="")
        .values_list("pk", "seller_id", "line_id", "line__imei", "line__serial", "received_at")
    )
    for pk, seller_id, line_id, imei, serial, received_at in returns.iterator(chunk_size=2000):
        yield backfill.Fact(
            received_at, imei or serial, backfill.RETURN, seller_id, f"return:{pk}", f"order_line:{line_id}"
        )


def register() -> None:
    backfill.register_source(facts)
