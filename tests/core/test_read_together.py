"""Several reads sent together (core/rows.py `read_together`) answer what each answers alone: on PostgreSQL
in one round trip, on SQLite one statement after the other."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connection

from comeback.core.models import ConfigVersion
from comeback.core.rows import Read, read_together

TABLE = ConfigVersion._meta.db_table


def _alone(read: Read) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(read.sql, read.params)
        return cursor.fetchall()


def test_given_three_reads_when_read_together_then_each_answers_its_own_rows(db, django_assert_num_queries):
    # given versions in the table, and three reads of it with their own parameters, one finding nothing
    ConfigVersion.objects.create(name="markets", version=3)
    ConfigVersion.objects.create(name="catalogue", version=7)
    reads = [
        Read(DEFAULT_DB_ALIAS, f'SELECT "name", "version" FROM "{TABLE}" WHERE "name" = %s', ["catalogue"]),
        Read(DEFAULT_DB_ALIAS, f'SELECT "name" FROM "{TABLE}" WHERE "version" > %s ORDER BY "name"', [99]),
        None,
        Read(
            DEFAULT_DB_ALIAS,
            f'SELECT "version" FROM "{TABLE}" WHERE "name" IN (%s, %s) ORDER BY 1',
            ["markets", "catalogue"],
        ),
    ]
    # when they are read together
    one_trip = connection.vendor == "postgresql"
    with django_assert_num_queries(1 if one_trip else 3):
        found = read_together(reads)
    # then each has the rows it has alone, in order, and nothing was asked for None
    assert found == [[("catalogue", 7)], [], [], [(3,), (7,)]]
    assert found == [_alone(r) if r is not None else [] for r in reads]


def test_given_nothing_to_read_then_no_statement_is_sent(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert read_together([None, None]) == [[], []]
        assert read_together([]) == []
