from django.db import migrations

MARKETS = [
    # code, name, currency, locale, language, timezone, legal months, note, fee bps, order
    ("FR", "France", "EUR", "fr_FR", "fr", "Europe/Paris", 24,
     "Garantie légale de conformité: 24 months from delivery (EU Directive 2019/771), owed by the seller.", 150, 1),
    ("DE", "Deutschland", "EUR", "de_DE", "de", "Europe/Berlin", 24,
     "Gesetzliche Gewährleistung: 24 months from delivery (EU Directive 2019/771), owed by the seller.", 150, 2),
    ("GB", "United Kingdom", "GBP", "en_GB", "en", "Europe/London", 0,
     "Consumer Rights Act 2015: goods must be of satisfactory quality; claims up to 6 years (5 in Scotland), "
     "no fixed guarantee period, so none is shown as a number.", 150, 3),
    ("US", "United States", "USD", "en_US", "en", "America/New_York", 0,
     "Implied warranty of merchantability varies by state; no federal fixed period.", 150, 4),
    ("JP", "日本", "JPY", "ja_JP", "ja", "Asia/Tokyo", 0,
     "Civil Code contract non-conformity liability: notice within 1 year of discovery; no fixed guarantee period.",
     150, 5),
]


def seed(apps, schema_editor):
    Market = apps.get_model("core", "Market")
    for code, name, cur, loc, lang, tz, legal, note, fee, order in MARKETS:
        Market.objects.update_or_create(
            code=code,
            defaults=dict(name=name, currency=cur, locale=loc, language=lang, timezone=tz,
                          legal_guarantee_months=legal, legal_guarantee_note=note, buyer_fee_bps=fee,
                          sort_order=order),
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Market").objects.filter(code__in=[m[0] for m in MARKETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
