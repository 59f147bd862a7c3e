"""Carrying out each collected device's route (docs/design.md §2 "Where collected devices go"): every write of
recovery, one use case per function, each in one transaction, moving the device through processes.py.

Who acts: the refurbisher who bought the trade-in (its devices only; another's is 404) or Comeback staff
(every device; the steps the table gives staff). A device's steps start once its trade-in is paid: until
then the money is not settled and the device may still be refused (block list).

The parts, one use case each:

- access.py      who acts (Operator) and which device or trade-in they may touch; following a route
- resell.py      list a device for sale, graded, with its guarantee
- refurbish.py   start, fit parts, finish refurbishing
- harvest.py     harvest parts, upcycle into a collection, hand to a recycler, confirm, reroute
- partners.py    the platform's partners: creative collections and certified recyclers
"""

from __future__ import annotations

from .access import Operator, device_for, follow_route, tradein_for
from .harvest import MAX_PARTS, confirm_recycled, hand_to_recycler, harvest, reroute, upcycle
from .partners import create_collection, create_recycler
from .refurbish import MAX_OPERATIONS, Refurbishment, finish_refurbishing, fit_part, start_refurbishing
from .resell import ListingTerms, list_for_sale

__all__ = [
    "ListingTerms",
    "MAX_OPERATIONS",
    "MAX_PARTS",
    "Operator",
    "Refurbishment",
    "confirm_recycled",
    "create_collection",
    "create_recycler",
    "device_for",
    "finish_refurbishing",
    "fit_part",
    "follow_route",
    "hand_to_recycler",
    "harvest",
    "list_for_sale",
    "reroute",
    "start_refurbishing",
    "tradein_for",
    "upcycle",
]
