"""The full-text search index, one per database vendor (see catalog/search.py).

Two weighted fields: `title` (brand and model name) and `body` (category, variants, codes).
SQLite: a standalone FTS5 table whose rowid is the product id; the unicode61 tokenizer folds case and
diacritics, and prefix indexes make "ipho" find "iPhone" without a scan.
PostgreSQL: a table of tsvectors ('simple' configuration) with a GIN index; prefix queries use `:*`.
No foreign key on purpose: test flushes truncate Django's tables only, and indexing replaces rows by id.
"""

from django.db import migrations


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor (the other vendor gets its own operation)."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        return ("VendorRunSQL", [], {"vendor": self.vendor, "sql": self.sql, "reverse_sql": self.reverse_sql})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_kind_compatibility")]

    operations = [
        VendorRunSQL(
            "sqlite",
            sql=[
                "CREATE VIRTUAL TABLE catalog_search USING fts5("
                "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
                "INSERT INTO catalog_search(rowid, title, body) SELECT id, search_text, '' FROM catalog_productmodel",
            ],
            reverse_sql=["DROP TABLE catalog_search"],
        ),
        VendorRunSQL(
            "postgresql",
            sql=[
                "CREATE TABLE catalog_search (product_id bigint PRIMARY KEY, document tsvector NOT NULL)",
                "CREATE INDEX catalog_search_document ON catalog_search USING GIN (document)",
                "INSERT INTO catalog_search(product_id, document) "
                "SELECT id, setweight(to_tsvector('simple', search_text), 'A') FROM catalog_productmodel",
            ],
            reverse_sql=["DROP TABLE catalog_search"],
        ),
    ]
