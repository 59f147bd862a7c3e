"""The commercial warranty of a delivered unit and the legal guarantee beside it (docs/design.md §2 Warranty).

Pure functions of an order line and a market: nothing here writes. The commercial warranty starts on the
local day of delivery and lasts the offer's months (≥ the market minimum, 12); it is a promise on top
of the law, never a replacement for it, so the legal guarantee is always shown next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comeback.core import clock, locales, markets
from comeback.core.clock import add_months as warranty_until

BATTERY_DEFECT_FLOOR = 80  # docs/design.md §2 Warranty: battery below 80% …
BATTERY_DEFECT_MONTHS = 12  # … within 12 months, on a Premium or new-battery offer, is a covered defect
NEW_BATTERY_HEALTH = 100  # an offer guaranteeing 100% battery health ships a new battery
CLAIMABLE_LINE_STATUSES = ("delivered", "completed")


def battery_defect_rule(market=None) -> str:
    """The battery rule in the page's language, its numbers read from the constants and written per locale."""
    return ngettext(
        "Battery below %(floor)s within %(months)d month on a Premium or new-battery offer",
        "Battery below %(floor)s within %(months)d months on a Premium or new-battery offer",
        BATTERY_DEFECT_MONTHS,
    ) % {"floor": battery_floor(market), "months": BATTERY_DEFECT_MONTHS}


def battery_floor(market=None) -> str:
    """The floor as a per cent of the page's locale ("80%", "80 %")."""
    return locales.percent(BATTERY_DEFECT_FLOOR / 100, market=market)


@dataclass(frozen=True)
class LegalGuarantee:
    months: int | None  # None: the law sets no fixed period
    text: object  # one honest sentence: what it is, how long, who owes it


# The statutory guarantee per market. Sources: EU Directive 2019/771 art. 10 (2 years minimum; member
# states may shorten it to 1 year for second-hand goods by agreement — our listings never do); FR Code
# de la consommation L217-3 to L217-32 (L217-7: 12-month presumption for second-hand goods); DE BGB
# §§ 434-479 (§ 477: 1-year reversal of the burden of proof); GB Consumer Rights Act 2015 ss. 9-24 and
# Limitation Act 1980 s. 5 (6 years, 5 in Scotland); US UCC § 2-314 and the Magnuson-Moss Warranty Act;
# JP Civil Code arts. 562-566 (notice within 1 year of discovering the non-conformity).
EU_MARKETS = frozenset({"FR", "DE"})  # where Directive 2019/771 (and its 2024/1799 amendment) applies
LEGAL_GUARANTEES: dict[str, LegalGuarantee] = {
    "FR": LegalGuarantee(
        24,
        _(
            "The legal guarantee of conformity lasts 24 months from delivery and is owed by the seller who sold you "
            "this unit, whatever its commercial warranty says; for a second-hand unit, a fault that appears in the "
            "first 12 months is presumed to have existed at delivery."
        ),
    ),
    "DE": LegalGuarantee(
        24,
        _(
            "The statutory liability for defects (Gewährleistung) lasts 24 months from delivery and is owed by the "
            "seller who sold you this unit, whatever its commercial warranty says; for a fault that appears in the "
            "first 12 months, the seller must prove it was not there at delivery."
        ),
    ),
    "GB": LegalGuarantee(
        None,
        _(
            "Under the Consumer Rights Act 2015 the seller who sold you this unit owes you goods of satisfactory "
            "quality, fit for purpose and as described: you can claim for up to 6 years (5 in Scotland), and a "
            "fault that appears within 6 months of delivery is presumed to have been there unless the seller "
            "proves otherwise."
        ),
    ),
    "US": LegalGuarantee(
        None,
        _(
            "US law sets no general guarantee period for consumer goods: state law implies a warranty of "
            "merchantability from the seller unless it is disclaimed in writing, and the federal Magnuson-Moss "
            "Act governs written warranties such as this commercial one."
        ),
    ),
    "JP": LegalGuarantee(
        None,
        _(
            "Japanese law sets no fixed guarantee period: under the Civil Code the seller who sold you this unit "
            "is liable if it does not conform to the contract, provided you notify the seller within 1 year of "
            "discovering the problem."
        ),
    ),
}
NO_STATUTE = LegalGuarantee(None, _("Ask us about the statutory rights that apply in your country."))


def legal_guarantee(market_code: str) -> LegalGuarantee:
    return LEGAL_GUARANTEES.get((market_code or "").upper(), NO_STATUTE)


@dataclass(frozen=True)
class Warranty:
    """A line's commercial warranty and legal guarantee at a moment (`at`). Dates are local days, inclusive."""

    months: int
    starts: date | None
    until: date | None
    legal_months: int | None
    legal_until: date | None
    legal_text: object
    today: date
    legal_extension_months: int = 0

    @property
    def started(self) -> bool:
        return self.starts is not None

    @property
    def active(self) -> bool:
        return self.until is not None and self.starts <= self.today <= self.until

    @property
    def expired(self) -> bool:
        return self.until is not None and self.today > self.until

    @property
    def legal_active(self) -> bool:
        return self.legal_until is not None and self.today <= self.legal_until

    @property
    def status(self) -> str:
        if not self.started:
            return "not_started"
        return "active" if self.active else "expired"

    def legal_dict(self) -> dict:
        return {
            "months": self.legal_months,
            "until": self.legal_until.isoformat() if self.legal_until else None,
            "applies": self.legal_active if self.legal_until else None,
            "extended_months": self.legal_extension_months,
            "text": str(self.legal_text),
        }

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "months": self.months,
            "starts": self.starts.isoformat() if self.starts else None,
            "until": self.until.isoformat() if self.until else None,
            "legal_guarantee": self.legal_dict(),
        }


def for_line(line, *, at: datetime | None = None, market=None) -> Warranty:
    """The warranty of one order line: starts at delivery (the market's local day), offer's months long."""
    at = at or clock.now()
    market = market or markets.get(line.order.market_id)
    legal = legal_guarantee(market.code)
    today = clock.local_date(at, market.timezone)
    counts = line.delivered_at is not None and line.status in CLAIMABLE_LINE_STATUSES
    extension = getattr(line, "legal_guarantee_extension_months", 0) or 0
    starts = clock.local_date(line.delivered_at, market.timezone) if counts else None
    return Warranty(
        months=line.warranty_months,
        starts=starts,
        until=warranty_until(starts, line.warranty_months) if starts else None,
        legal_months=legal.months,
        legal_until=warranty_until(starts, legal.months + extension) if starts and legal.months else None,
        legal_text=legal.text,
        today=today,
        legal_extension_months=extension if legal.months else 0,
    )


def is_battery_defect(*, line, battery_health: int | None, warranty: Warranty) -> bool:
    """docs/design.md §2: battery < 80% within 12 months on a Premium or new-battery offer is a covered defect."""
    if battery_health is None or battery_health >= BATTERY_DEFECT_FLOOR or warranty.starts is None:
        return False
    premium_or_new = line.grade == "premium" or (line.offer.battery_health_min or 0) >= NEW_BATTERY_HEALTH
    return premium_or_new and warranty.today < warranty_until(warranty.starts, BATTERY_DEFECT_MONTHS)
