"""Unit photos named by a grading report recorded before offers kept them (offers.OfferPhoto.in_passport):
marked kept, so deleting one from its listing retires it and the passport still shows it."""

from collections import defaultdict

from django.db import migrations

BATCH = 500


def keep_graded_photos(apps, schema_editor):
    PassportEvent = apps.get_model("passports", "PassportEvent")
    OfferPhoto = apps.get_model("offers", "OfferPhoto")
    hashes_by_issuer = defaultdict(set)
    graded = PassportEvent.objects.filter(kind="graded", passport__issuer__isnull=False)
    for issuer_id, data in graded.values_list("passport__issuer_id", "data").iterator():
        for photo in ((data or {}).get("public") or {}).get("photos") or []:
            if isinstance(photo, dict) and photo.get("sha256"):
                hashes_by_issuer[issuer_id].add(str(photo["sha256"]))
    for issuer_id, hashes in hashes_by_issuer.items():
        hashes = sorted(hashes)
        for start in range(0, len(hashes), BATCH):
            OfferPhoto.objects.filter(
                offer__seller_id=issuer_id, sha256__in=hashes[start : start + BATCH]
            ).update(in_passport=True)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0007_unit_photo_kept_by_passport"),
        ("passports", "0003_passport_source_upcycled"),
    ]

    operations = [migrations.RunPython(keep_graded_photos, migrations.RunPython.noop)]
