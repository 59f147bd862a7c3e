"""The database refuses to UPDATE a passport event: history is append-only (docs/passports.md).

An edit made around this trigger (by someone who drops it) is still caught by the hash chain.
Deleting whole passports stays possible (data retention, the demo reset).
"""

from django.db import migrations

TABLE = "passports_passportevent"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER passport_event_append_only BEFORE UPDATE ON {TABLE} "
            "BEGIN SELECT RAISE(ABORT, 'passport events are append-only'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION passport_event_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'passport events are append-only'; END; $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            f"CREATE TRIGGER passport_event_append_only BEFORE UPDATE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION passport_event_append_only();"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS passport_event_append_only;")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS passport_event_append_only ON {TABLE};")
        schema_editor.execute("DROP FUNCTION IF EXISTS passport_event_append_only();")


class Migration(migrations.Migration):
    dependencies = [("passports", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
