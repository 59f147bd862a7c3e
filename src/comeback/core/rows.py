"""Rows read by hand, made into the model instances the ORM would have built.

A hot page's query written by hand skips the ORM's compiling (about 1 ms for a filtered, joined query), but what
reads the result should not tell the difference: `Columns` names some of a model's columns, in the model's
field order, and turns their values into an instance as a QuerySet with `.only()` does (`Model.from_db`, the
values passed through the same backend and field converters, the other fields deferred: read on access).

`read_together` sends several such reads in one round trip on PostgreSQL: each statement sent alone costs the
process a sleep and a wake-up until the server answers, which on a busy host cost more CPU than reading the
rows (docs/performance.md "Render path, 2026-12-06 (late night)"). Django's psycopg cursor binds parameters
client-side, so one `execute` may carry several statements and `nextset()` walks their results. SQLite reads
in-process: there the statements run one after the other, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connections


@dataclass(frozen=True)
class Read:
    """One statement to run on the database `alias`, with its parameters (`%s` placeholders)."""

    alias: str
    sql: str
    params: list


def sends_together(alias: str) -> bool:
    """Whether `read_together` sends reads to the database `alias` in one round trip (PostgreSQL, parameters
    bound client-side): a reader may then ask for more rows in the same trip instead of a second one."""
    connection = connections[alias]
    return connection.vendor == "postgresql" and not connection.settings_dict["OPTIONS"].get(
        "server_side_binding"
    )


def read_together(reads: Sequence[Read | None]) -> list[list[tuple]]:
    """The rows of each read, in order (no rows and no statement for None): in one round trip when they all go
    to one PostgreSQL database, else one statement after the other."""
    asked = [i for i, r in enumerate(reads) if r is not None]
    found: list[list[tuple]] = [[] for _ in reads]
    if len(asked) > 1 and len({reads[i].alias for i in asked}) == 1 and sends_together(reads[asked[0]].alias):
        with connections[reads[asked[0]].alias].cursor() as cursor:
            cursor.execute(
                ";\n".join(reads[i].sql for i in asked), [p for i in asked for p in reads[i].params]
            )
            results = [cursor.fetchall()]
            while cursor.nextset():
                results.append(cursor.fetchall())
        if len(results) != len(asked):
            raise RuntimeError(f"{len(asked)} statements sent together answered {len(results)} results")
        for i, rows in zip(asked, results, strict=True):
            found[i] = rows
        return found
    for i in asked:
        read = reads[i]
        with connections[read.alias].cursor() as cursor:
            cursor.execute(read.sql, read.params)
            found[i] = cursor.fetchall()
    return found


class Columns:
    """Some columns of `model`, read under the SQL alias `table` (`t."id", t."name"`)."""

    def __init__(self, model, table: str, attnames: set[str]) -> None:
        self.model, self.table = model, table
        self.names = tuple(f.attname for f in model._meta.concrete_fields if f.attname in attnames)
        if len(self.names) != len(attnames):
            raise ValueError(f"not columns of {model.__name__}: {sorted(attnames - set(self.names))}")
        self._converters: dict[str, list] = {}  # per database alias

    @classmethod
    def every(cls, model, table: str) -> Columns:
        """Every column of `model`, as the ORM loads an instance (`select_related` included)."""
        return cls(model, table, {f.attname for f in model._meta.concrete_fields})

    def __len__(self) -> int:
        return len(self.names)

    def select(self) -> str:
        return ", ".join(f'{self.table}."{name}"' for name in self.names)

    def _converters_for(self, alias: str) -> list[tuple]:
        found = self._converters.get(alias)
        if found is None:
            connection = connections[alias]
            fields = {f.attname: f for f in self.model._meta.concrete_fields}
            found = []
            for name in self.names:
                col = fields[name].get_col(self.model._meta.db_table)
                found.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
            self._converters[alias] = found
        return found

    def build(self, alias: str, values) -> object:
        """The instance of these values (in `names` order), as read from the database `alias`."""
        connection = connections[alias]
        converted = list(values)
        for i, (col, convs) in enumerate(self._converters_for(alias)):
            for conv in convs:
                converted[i] = conv(converted[i], col, connection)
        return self.model.from_db(alias, self.names, converted)


def split(row: tuple, *columns: Columns) -> list[tuple]:
    """A row read as `columns` side by side, cut into each one's values, in that order."""
    parts, at = [], 0
    for c in columns:
        parts.append(row[at : at + len(c)])
        at += len(c)
    return parts
