"""Operator insights: dated exchange rates staff maintain, and the rollups the dashboard reads.

Rollups are daily aggregate tables, one row per (market-local day, market, and the dimensions the
dashboard filters on). They are derived data: `services.refresh` deletes a window and rebuilds it from
the facts (orders, ledger, returns, trade-ins, claims), so they never hold anything the facts do not.
Seller and category ids are plain integers (0 = none), not foreign keys: a fact table must not block
deleting a seller or a category, and a stale id simply shows as "unknown" until the next refresh.
Every figure is defined in docs/insights.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ExchangeRate(models.Model):
    """1 unit of `currency` = `rate` units of `target` (major units), valid from `valid_on`.

    Staff maintain it; a conversion uses the latest rate on or before the period's last day and says so.
    """

    currency = models.CharField(_("from currency"), max_length=3, help_text="ISO 4217")
    target = models.CharField(_("to currency"), max_length=3, help_text="ISO 4217")
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=8)
    valid_on = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=120, blank=True, help_text=_("e.g. ECB reference rate"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["currency", "target", "-valid_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "target", "valid_on"], name="insights_rate_one_per_day"
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="insights_rate_positive"),
            models.CheckConstraint(condition=~Q(currency=F("target")), name="insights_rate_two_currencies"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {self.target} ({self.valid_on})"


class SalesFigures(models.Model):
    """What was sold, refunded and earned, and the quality and impact events: the sums every sales rollup
    carries, at its own grain."""

    units_paid = models.IntegerField(default=0)
    gmv = models.BigIntegerField(default=0)
    fees = models.BigIntegerField(default=0)
    commission = models.BigIntegerField(default=0)
    fees_refunded = models.BigIntegerField(default=0)
    commission_refunded = models.BigIntegerField(default=0)
    refunds = models.BigIntegerField(default=0)
    units_refunded = models.IntegerField(default=0)
    units_cancelled = models.IntegerField(default=0)
    units_delivered = models.IntegerField(default=0)
    returns = models.IntegerField(default=0)
    defect_returns = models.IntegerField(default=0)
    claims = models.IntegerField(default=0)
    defect_claims = models.IntegerField(default=0)
    co2e_g = models.BigIntegerField(default=0)
    materials_g = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


SALES_FIGURES = [f.name for f in SalesFigures._meta.local_fields]


class SalesDay(SalesFigures):
    """Per market-local day, market, category, seller and currency: the finest grain, rebuilt from facts."""

    day = models.DateField()
    week = models.DateField(help_text=_("Monday of the day's week: the dashboard groups by it."))
    market = models.CharField(max_length=2)
    category_id = models.IntegerField(default=0)
    seller_id = models.IntegerField(default=0)
    currency = models.CharField(max_length=3)

    class Meta:
        indexes = [
            models.Index(fields=["market", "day"], name="insights_sales_market_day"),
            models.Index(fields=["market", "week"], name="insights_sales_market_week"),
            models.Index(fields=["seller_id", "week"], name="insights_sales_seller_week"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "market", "category_id", "seller_id", "currency"],
                name="insights_sales_one_row",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.market} seller {self.seller_id} {self.currency}"


class OrdersDay(models.Model):
    """Per market-local day and market: orders paid and their basket (what the average order value reads)."""

    day = models.DateField()
    week = models.DateField(help_text=_("Monday of the day's week: the dashboard groups by it."))
    market = models.CharField(max_length=2)
    currency = models.CharField(max_length=3)
    orders = models.IntegerField(default=0)
    items_amount = models.BigIntegerField(default=0)
    fee_amount = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["market", "week"], name="insights_orders_market_week")]
        constraints = [
            models.UniqueConstraint(fields=["day", "market", "currency"], name="insights_orders_one_row")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.market} {self.orders} orders"


class TradeInsDay(models.Model):
    """Per market-local day, market, category, seller (the refurbisher buying) and currency: trade-in steps."""

    day = models.DateField()
    week = models.DateField(help_text=_("Monday of the day's week: the dashboard groups by it."))
    market = models.CharField(max_length=2)
    category_id = models.IntegerField(default=0)
    seller_id = models.IntegerField(default=0)
    currency = models.CharField(max_length=3)
    started = models.IntegerField(default=0)
    received = models.IntegerField(default=0)
    counter_offered = models.IntegerField(default=0)
    paid = models.IntegerField(default=0)
    paid_amount = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["market", "week"], name="insights_tradein_market_week")]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "market", "category_id", "seller_id", "currency"],
                name="insights_tradein_one_row",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.market} trade-ins seller {self.seller_id}"


class SalesWeek(SalesFigures):
    """SalesDay summed per week, market, category and currency (no seller): what most views read."""

    week = models.DateField()
    market = models.CharField(max_length=2)
    category_id = models.IntegerField(default=0)
    currency = models.CharField(max_length=3)

    class Meta:
        indexes = [models.Index(fields=["market", "week"], name="insights_salesweek_market")]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "market", "category_id", "currency"], name="insights_salesweek_one"
            )
        ]

    def __str__(self) -> str:
        return f"week {self.week} {self.market} category {self.category_id} {self.currency}"


QUALITY_SUMS = (  # what the quality panel and the seller ranking read (SellerWeek's covering index has them)
    "units_delivered",
    "returns",
    "defect_returns",
    "claims",
    "defect_claims",
    "units_cancelled",
)


class SellerWeek(SalesFigures):
    """SalesDay summed per week, market, seller and currency (no category): the seller ranking reads it."""

    week = models.DateField()
    market = models.CharField(max_length=2)
    seller_id = models.IntegerField(default=0)
    currency = models.CharField(max_length=3)

    class Meta:
        indexes = [
            models.Index(fields=["market", "week"], name="insights_sellerweek_market"),
            # Covers the seller ranking (operations.seller_quality): SQLite sums a year of sellers from the
            # index alone, in seller order, without sorting 14,000 rows (a plain column list: SQLite has no
            # INCLUDE).
            models.Index(
                fields=["seller_id", "week", "market", *QUALITY_SUMS], name="insights_sellerweek_quality"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "market", "seller_id", "currency"], name="insights_sellerweek_one"
            )
        ]

    def __str__(self) -> str:
        return f"week {self.week} {self.market} seller {self.seller_id} {self.currency}"


class Duration(models.TextChoices):
    PAYOUT = "payout", _("Delivery to seller payout")
    TRADEIN_PAY = "tradein_pay", _("Trade-in received to paid")
    CLAIM_RESOLVE = "claim_resolve", _("Claim opened to resolved")


class DurationDay(models.Model):
    """Per day the clock stopped, market, category, seller and kind: how many durations lasted `hours`
    whole hours (a histogram, one row per bucket).

    A median cannot be added up from medians; a histogram can, so any filter's median is exact to the hour,
    and the database sums the buckets (no per-row decoding in Python).
    """

    day = models.DateField()
    week = models.DateField(help_text=_("Monday of the day's week: the dashboard groups by it."))
    market = models.CharField(max_length=2)
    category_id = models.IntegerField(default=0)
    seller_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=16, choices=Duration.choices)
    hours = models.IntegerField(help_text=_("Whole hours from start to stop."))
    count = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "market", "day"], name="insights_duration_kind_day"),
            models.Index(fields=["kind", "week"], name="insights_duration_kind_week"),
            models.Index(fields=["seller_id", "week"], name="insights_duration_seller_week"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "market", "category_id", "seller_id", "kind", "hours"],
                name="insights_duration_one_row",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Duration.values), name="insights_duration_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.market} {self.kind} {self.hours} h ×{self.count}"


ALL_MARKETS = ""  # DurationWeek's market for the rows that merge every market


class DurationWeek(models.Model):
    """DurationDay summed per week, market and kind (no seller, no category): the week's histogram in one row
    (`histogram` = [[hours, count], ...] sorted by hours) with its count and median, per market and for all
    markets together (market ""), as a median cannot be added up. The dashboard reads a year of medians as a
    few hundred small rows instead of merging ~20,000 hour buckets on every view (docs/insights.md)."""

    week = models.DateField()
    market = models.CharField(max_length=2, blank=True, help_text=_("Empty: all markets."))
    kind = models.CharField(max_length=16, choices=Duration.choices)
    histogram = models.JSONField(default=list, help_text=_("[[whole hours, count], ...], sorted by hours."))
    durations = models.IntegerField(default=0)
    median_hours = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [  # also the index the dashboard reads by (a range of weeks, one market or all)
            models.UniqueConstraint(fields=["market", "week", "kind"], name="insights_durationweek_histogram")
        ]

    def __str__(self) -> str:
        return f"week {self.week} {self.market or 'all markets'} {self.kind}: {self.durations} durations"


class ImpactWeek(models.Model):
    """Per market-local week and market: the avoided impact `recovery.selectors.impact_summary` reports for
    that week (units sold, refurbished and repaired, each counted once; e-waste by weight) and what was sent
    to certified recyclers."""

    week = models.DateField()
    market = models.CharField(max_length=2)
    units = models.IntegerField(default=0)
    co2e_g = models.BigIntegerField(default=0)
    materials_g = models.BigIntegerField(default=0)
    e_waste_g = models.BigIntegerField(default=0)
    recycled_g = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["week", "market"], name="insights_impact_one_row")]

    def __str__(self) -> str:
        return f"week {self.week} {self.market} {self.units} units"


class SellerStatusDay(models.Model):
    """How many sellers may sell in a market, per status, as seen by the refresh of that day."""

    day = models.DateField()
    market = models.CharField(max_length=2)
    status = models.CharField(max_length=12)
    sellers = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "market", "status"], name="insights_sellers_one_row")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.market} {self.status}: {self.sellers}"


class Refresh(models.Model):
    """One rollup refresh: the rollups are correct to `correct_to` (facts before it are in)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    correct_to = models.DateTimeField()
    since = models.DateField(
        null=True, blank=True, help_text=_("First day rebuilt; empty for a full rebuild.")
    )
    rows = models.IntegerField(default=0)

    class Meta:
        ordering = ["-correct_to", "-id"]
        get_latest_by = "correct_to"

    def __str__(self) -> str:
        return f"Refresh to {self.correct_to:%Y-%m-%d %H:%M}"
