"""Repair network data (docs/design.md §2 "Repair and spare parts"; docs/repair.md), in named parts:
`choices` (closed sets), `locations` (where, when, who, services, bonus), `parts` (catalogue, prices, stock)
and `bookings` (calendar holds, jobs, the information form). Import from here: `comeback.repair.models`.

Parts are catalogue items (a part type for some models, from a source); stock is counted per location and
moved only by conditional UPDATEs (services/parts.py). A booking holds grid cells of a location's calendar
(SlotHold): the unique constraint on (location, cell start, bay) is what forbids double booking.
"""

from .bookings import (
    Booking,
    BookingStatus,
    InformationForm,
    Job,
    JobPart,
    JobStatus,
    RepairBarrier,
    SentEmail,
    SlotHold,
)
from .choices import (
    GARMENT_SERVICES,
    SERVICE_PART,
    LocationKind,
    PartSource,
    PartType,
    ServiceKind,
)
from .locations import (
    BonusLabel,
    BonusRate,
    BonusScheme,
    Location,
    Membership,
    OpeningHours,
    Service,
)
from .parts import (
    MovementReason,
    Part,
    PartPrice,
    Stock,
    StockMovement,
)

__all__ = [
    "BonusLabel",
    "BonusRate",
    "BonusScheme",
    "Booking",
    "BookingStatus",
    "GARMENT_SERVICES",
    "InformationForm",
    "Job",
    "JobPart",
    "JobStatus",
    "Location",
    "LocationKind",
    "Membership",
    "MovementReason",
    "OpeningHours",
    "Part",
    "PartPrice",
    "PartSource",
    "PartType",
    "RepairBarrier",
    "SERVICE_PART",
    "SentEmail",
    "Service",
    "ServiceKind",
    "SlotHold",
    "Stock",
    "StockMovement",
]
