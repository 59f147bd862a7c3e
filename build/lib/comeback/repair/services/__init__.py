"""Repair services: every write and business rule of the repair network, one module per use case.

The names re-exported here are the app's public service API (other apps, e.g. recovery, call them).
"""

from .bookings import book, cancel, mark_no_show, reschedule
from .jobs import REPAIR_WARRANTY_MONTHS, complete_job, start_job, update_job, use_part
from .locations import LocationDraft, add_member, create_location, set_hours, set_service
from .parts import (
    PartDraft,
    consume_part,
    receive_part,
    save_part,
    set_stock,
    stock_harvested_part,
    workshop_for,
)

__all__ = [
    "REPAIR_WARRANTY_MONTHS",
    "LocationDraft",
    "add_member",
    "book",
    "cancel",
    "complete_job",
    "create_location",
    "mark_no_show",
    "reschedule",
    "set_hours",
    "set_service",
    "start_job",
    "update_job",
    "use_part",
    "PartDraft",
    "consume_part",
    "receive_part",
    "save_part",
    "set_stock",
    "stock_harvested_part",
    "workshop_for",
]
