"""VAT on invoices (docs/payouts.md "Invoices").

Sales: prices include VAT at the rate of the buyer's market (distance sales to consumers are taxed where
the goods arrive, VAT Directive Art. 33 since 2021); a seller under the margin scheme for second-hand goods
(Art. 311–325) shows no VAT and prints the mention Art. 226(14) requires instead, in the buyer's language.
Commission invoices (business to business, the platform's service): French VAT for a seller established in
France, the reverse charge (Art. 196) for a seller in another member state, outside the scope of EU VAT for
a seller outside the Union (Art. 44).
"""

from __future__ import annotations

from fractions import Fraction

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comeback.core.money import Money

# Standard rates in basis points, by market (national VAT laws, 2027): FR CGI art. 278, DE UStG §12,
# GB VATA 1994 s. 2, JP consumption tax (national 7.8% + local 2.2%). The US has sales taxes, set by each
# state and collected outside this invoice: no VAT line.
STANDARD_RATE_BPS = {"FR": 2000, "DE": 1900, "GB": 2000, "JP": 1000, "US": 0}
PLATFORM_COUNTRY_RATE_BPS = 2000  # the platform is established in France
EU = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip

STANDARD, MARGIN, NO_VAT, REVERSE_CHARGE, OUTSIDE_SCOPE = (
    "standard",
    "margin",
    "no_vat",
    "reverse_charge",
    "outside",
)

# Printed on the invoice instead of a VAT amount; the words each EU language version of the Directive uses.
MENTIONS = {
    MARGIN: pgettext_lazy("VAT Directive Art. 226(14)", "Margin scheme — Second-hand goods"),
    REVERSE_CHARGE: pgettext_lazy("VAT Directive Art. 226(11a)", "Reverse charge"),
    OUTSIDE_SCOPE: _(
        "VAT not applicable: service to a business established outside the EU (VAT Directive Art. 44)"
    ),
    NO_VAT: _("No VAT applies to this sale; sales tax, where due, is not included in this invoice."),
}


def included_vat(gross: int, rate_bps: int, currency: str) -> int:
    """The VAT inside a VAT-inclusive amount, rounded to the currency's minor unit."""
    if not rate_bps:
        return 0
    return Money(gross, currency).scaled(Fraction(rate_bps, 10_000 + rate_bps)).amount


def sale_treatment(*, market: str, margin_scheme: bool) -> tuple[str, int]:
    if margin_scheme:
        return MARGIN, 0
    rate = STANDARD_RATE_BPS.get(market, 0)
    return (STANDARD, rate) if rate else (NO_VAT, 0)


def commission_treatment(seller_country: str) -> tuple[str, int]:
    if seller_country == "FR":
        return STANDARD, PLATFORM_COUNTRY_RATE_BPS
    if seller_country in EU:
        return REVERSE_CHARGE, 0
    return OUTSIDE_SCOPE, 0
