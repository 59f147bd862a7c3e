# DurationWeek holds one histogram per (week, market, kind) with its count and median, plus rows for all
# markets together (market ""), instead of one row per hour bucket: the dashboard's year view merged ~20,000
# bucket rows for one chart. The rollup is derived data: the old rows are dropped and the new ones rebuilt
# from DurationDay, as `services.refresh` does. And two indexes for the dashboard's reads: one covering the
# seller ranking on SellerWeek, one for a seller's durations on DurationDay.

from collections import defaultdict

from django.db import migrations, models
from django.db.models import Sum


def _median(pairs):
    """Median of [[hours, count], ...] sorted by hours (the mean of the two middle values for an even count);
    the same as `operations.median_hours`, copied so that this migration never changes."""
    total = sum(n for _h, n in pairs)
    if not total:
        return None

    def nth(k):
        seen = 0
        for hours, n in pairs:
            seen += n
            if seen > k:
                return hours
        return pairs[-1][0]

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


def rebuild(apps, schema_editor):
    DurationDay = apps.get_model("insights", "DurationDay")
    DurationWeek = apps.get_model("insights", "DurationWeek")
    histograms = defaultdict(lambda: defaultdict(int))
    buckets = DurationDay.objects.values_list("week", "market", "kind", "hours").annotate(n=Sum("count")).order_by()
    for week, market, kind, hours, n in buckets.iterator(chunk_size=5000):
        histograms[(week, market, kind)][hours] += n
        histograms[(week, "", kind)][hours] += n
    made = []
    for (week, market, kind), counts in histograms.items():
        pairs = [[h, n] for h, n in sorted(counts.items())]
        made.append(
            DurationWeek(
                week=week,
                market=market,
                kind=kind,
                histogram=pairs,
                durations=sum(counts.values()),
                median_hours=_median(pairs),
            )
        )
    DurationWeek.objects.bulk_create(made, batch_size=1000)


def clear(apps, schema_editor):
    apps.get_model("insights", "DurationWeek").objects.all().delete()


def rebuild_buckets(apps, schema_editor):
    """Backwards: one row per market and hour bucket again."""
    DurationDay = apps.get_model("insights", "DurationDay")
    DurationWeek = apps.get_model("insights", "DurationWeek")
    buckets = DurationDay.objects.values("week", "market", "kind", "hours").annotate(n=Sum("count")).order_by()
    DurationWeek.objects.bulk_create(
        [
            DurationWeek(week=r["week"], market=r["market"], kind=r["kind"], hours=r["hours"], count=r["n"])
            for r in buckets
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(clear, rebuild_buckets),
        migrations.RemoveConstraint(
            model_name="durationweek",
            name="insights_durationweek_one",
        ),
        migrations.RemoveIndex(
            model_name="durationweek",
            name="insights_durationweek_kind",
        ),
        migrations.RemoveField(
            model_name="durationweek",
            name="count",
        ),
        migrations.RemoveField(
            model_name="durationweek",
            name="hours",
        ),
        migrations.AlterField(
            model_name="durationweek",
            name="market",
            field=models.CharField(blank=True, help_text="Empty: all markets.", max_length=2),
        ),
        migrations.AddField(
            model_name="durationweek",
            name="histogram",
            field=models.JSONField(default=list, help_text="[[whole hours, count], ...], sorted by hours."),
        ),
        migrations.AddField(
            model_name="durationweek",
            name="durations",
            field=models.IntegerField(default=0),
        ),
        migrations.AddField(
            model_name="durationweek",
            name="median_hours",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="durationweek",
            constraint=models.UniqueConstraint(
                fields=("market", "week", "kind"), name="insights_durationweek_histogram"
            ),
        ),
        migrations.RunPython(rebuild, clear),
        migrations.AddIndex(
            model_name="sellerweek",
            index=models.Index(
                fields=[
                    "seller_id",
                    "week",
                    "market",
                    "units_delivered",
                    "returns",
                    "defect_returns",
                    "claims",
                    "defect_claims",
                    "units_cancelled",
                ],
                name="insights_sellerweek_quality",
            ),
        ),
        migrations.AddIndex(
            model_name="durationday",
            index=models.Index(fields=["seller_id", "week"], name="insights_duration_seller_week"),
        ),
    ]
