"""The route rule: where a collected device goes after validation (docs/design.md §2 "Where collected devices go").

A pure function of the inspection and the economics, so it is published and testable; the refurbisher
may override it (recorded beside the rule's choice, with a reason). The first rule that matches wins:

| # | when                                                                     | route      |
|---|--------------------------------------------------------------------------|------------|
| 1 | powers on, all functions work, flawless screen and body                  | resell     |
| 2 | powers on, all functions work (cosmetic wear only)                       | refurbish  |
| 3 | powers on, repair cost (35% of resale value) + price paid < resale value | refurbish  |
| 4 | model still under the 7-year parts obligation (or no end date known)     | harvest    |
| 5 | body flawless or only scratched (a shell worth a second life)            | upcycle    |
| 6 | otherwise                                                                | recycle    |

"Resale value" is the cheapest live sales offer for the model in the trade-in's market (any grade), or
unknown when there is none — then rule 3 does not apply. Recycling records the device's weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from comeback.catalog.models import PARTS_OBLIGATION_YEARS

from .models import Body, Route, Screen

REPAIR_COST_SHARE_BPS = 3500  # a broken device costs about a third of its resale value to repair


@dataclass(frozen=True)
class Inputs:
    powers_on: bool
    functional: bool
    screen: str | None
    body: str
    price_paid: int
    resale_value: int | None
    end_of_placement: date | None
    today: date


@dataclass(frozen=True)
class Decision:
    route: str
    reason: str


def _within_parts_obligation(end: date | None, today: date) -> bool:
    if end is None:
        return True
    try:
        limit = end.replace(year=end.year + PARTS_OBLIGATION_YEARS)
    except ValueError:  # 29 February
        limit = end.replace(year=end.year + PARTS_OBLIGATION_YEARS, day=28)
    return today <= limit


def decide(i: Inputs) -> Decision:
    cosmetic_ok = i.screen in (None, Screen.FLAWLESS) and i.body == Body.FLAWLESS
    if i.powers_on and i.functional and cosmetic_ok:
        return Decision(Route.RESELL, "works and looks like new")
    if i.powers_on and i.functional:
        return Decision(Route.REFURBISH, "works; cosmetic refurbishment")
    if i.powers_on and i.resale_value is not None:
        repair = i.resale_value * REPAIR_COST_SHARE_BPS // 10_000
        if repair + i.price_paid < i.resale_value:
            return Decision(Route.REFURBISH, "repair pays: repair cost + price paid below resale value")
    if _within_parts_obligation(i.end_of_placement, i.today):
        return Decision(
            Route.HARVEST, f"parts still needed: within the {PARTS_OBLIGATION_YEARS}-year parts obligation"
        )
    if i.body in (Body.FLAWLESS, Body.SCRATCHES):
        return Decision(Route.UPCYCLE, "not worth repairing; the shell is worth a second life")
    return Decision(Route.RECYCLE, "no reuse left: certified recycling")
