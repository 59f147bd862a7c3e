"""Full-text search over product models: one interface, one backend per database vendor.

SQLite uses an FTS5 table and PostgreSQL a tsvector table with a GIN index (migration 0003). Both hold
two weighted fields per product: `title` (brand and model name) and `body` (category, variants, codes).

User input never reaches the query language: it is folded (case, diacritics) and cut into words made
of letters and digits only, and every word becomes a quoted prefix term, so `"`, `*`, `NEAR(`, `'; drop`
or 10,000 characters are just text. Every word must match (AND); a word's last letters may be missing
("ipho" finds "iPhone") but a number is matched whole ("iphone 12" does not find the 128 GB iPhone 13).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection

from . import kept

TABLE = "catalog_search"
MAX_QUERY_CHARS = 200  # what a person types; the rest is ignored
MAX_TERMS = 8
MAX_TERM_CHARS = 40
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0  # SQLite bm25 column weights; PostgreSQL uses tsvector weights A, B
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without diacritics: "Téléphone" -> "telephone" (what both backends compare)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def terms(q: str | None) -> list[str]:
    """The words of a query, folded, without any character a query language could interpret."""
    words = _WORD.findall(fold((q or "")[:MAX_QUERY_CHARS]))
    return [w[:MAX_TERM_CHARS] for w in words[:MAX_TERMS]]


def _vendor() -> str:
    return connection.vendor


def _sqlite_match(words: list[str]) -> str:
    # FTS5: a double-quoted string is a literal phrase; `*` after it makes a prefix query; juxtaposition is AND.
    return " ".join(f'"{w}"' if w.isdigit() else f'"{w}"*' for w in words)


def _pg_tsquery(words: list[str]) -> str:
    # tsquery: a single-quoted lexeme with `:*` is a prefix; `&` is AND. Words hold no quotes (see terms()).
    return " & ".join(f"'{w}'" if w.isdigit() else f"'{w}':*" for w in words)


def match(q: str | None) -> list[tuple[int, float]]:
    """Product ids matching every word of `q`, best first, with a rank (higher is better).

    An empty list when `q` has no searchable word.
    """
    words = terms(q)
    if not words:
        return []
    # Kept per process under the catalogue version, which every write of the index bumps (catalog/kept.py).
    return kept.matched(tuple(words), lambda: _read_match(words))


def _read_match(words: list[str]) -> list[tuple[int, float]]:
    with connection.cursor() as cur:
        if _vendor() == "postgresql":
            cur.execute(
                f"SELECT product_id, ts_rank(document, query) AS rank FROM {TABLE}, "
                f"to_tsquery('simple', %s) AS query WHERE document @@ query ORDER BY rank DESC, product_id",
                [_pg_tsquery(words)],
            )
        else:
            cur.execute(
                f"SELECT rowid, -bm25({TABLE}, %s, %s) AS rank FROM {TABLE} WHERE {TABLE} MATCH %s "
                f"ORDER BY rank DESC, rowid",
                [TITLE_WEIGHT, BODY_WEIGHT, _sqlite_match(words)],
            )
        return [(int(pid), float(rank)) for pid, rank in cur.fetchall()]


def matching_ids_sql(q: str | None) -> tuple[str, list] | None:
    """A subquery selecting the matching product ids, for `filter(product_id__in=RawSQL(*...))`."""
    words = terms(q)
    if not words:
        return None
    if _vendor() == "postgresql":
        return (
            f"SELECT product_id FROM {TABLE} WHERE document @@ to_tsquery('simple', %s)",
            [_pg_tsquery(words)],
        )
    return (f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [_sqlite_match(words)])


def replace(rows: Iterable[tuple[int, str, str]]) -> int:
    """Index (product_id, title, body) rows, replacing what was indexed for those ids. Idempotent."""
    return _write(rows, fresh=False)


def insert(rows: Iterable[tuple[int, str, str]]) -> int:
    """Index rows known to be absent (right after `clear()`): the fast path of a rebuild."""
    return _write(rows, fresh=True)


def _write(rows: Iterable[tuple[int, str, str]], *, fresh: bool) -> int:
    rows = [(int(pid), fold(title), fold(body)) for pid, title, body in rows]
    if not rows:
        return 0
    with connection.cursor() as cur:
        if _vendor() == "postgresql":
            # One statement per batch: arrays unnested server-side, far faster than a row per round trip.
            ids, titles, bodies = (list(column) for column in zip(*rows, strict=True))
            cur.execute(
                f"INSERT INTO {TABLE} (product_id, document) "
                f"SELECT v.id, setweight(to_tsvector('simple', v.title), 'A') "
                f"|| setweight(to_tsvector('simple', v.body), 'B') "
                f"FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, title, body) "
                f"ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document",
                [ids, titles, bodies],
            )
        else:
            if not fresh:
                _delete(cur, [r[0] for r in rows])
            cur.executemany(f"INSERT INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)", rows)
    return len(rows)


def remove(product_ids: Iterable[int]) -> None:
    ids = [int(i) for i in product_ids]
    if ids:
        with connection.cursor() as cur:
            _delete(cur, ids)


def _delete(cur, ids: list[int]) -> None:
    key = "product_id" if _vendor() == "postgresql" else "rowid"
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        cur.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({', '.join(['%s'] * len(chunk))})", chunk)


def clear() -> None:
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")


def optimise() -> None:
    """After a bulk load: merge FTS5 segments (SQLite) or refresh planner statistics (PostgreSQL)."""
    with connection.cursor() as cur:
        if _vendor() == "postgresql":
            cur.execute(f"ANALYZE {TABLE}")
        else:
            cur.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")
