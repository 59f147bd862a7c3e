"""A user's shop, read by hand: the same row and object as the ORM's

    Seller.objects.filter(user=…).first()

without compiling it on every request that acts as a seller (every seller API call and portal page asks it
first; a reprice spent about a sixth of its CPU there, docs/performance.md "A reprice's standing read by hand,
2026-12-07"). Every column is loaded, as the ORM does. On the primary it binds server-side (core/hot_sql.py),
so it is planned once per connection. tests/sellers/test_shop_sql.py holds the two equal on both databases.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, router

from comeback.core import hot_sql
from comeback.core.rows import Columns

from .models import Seller

SELLER = Columns.every(Seller, "s")

# user_id is unique: one row at most, so the ORM's ordering (display_name) cannot change the answer.
_SQL = f'SELECT {SELLER.select()} FROM "{Seller._meta.db_table}" s WHERE s."user_id" = %s LIMIT 1'


def shop_of_user(user_id: int) -> Seller | None:
    """The shop of the user `user_id`; None without one."""
    alias = router.db_for_read(Seller)
    with hot_sql.cursor() if alias == DEFAULT_DB_ALIAS else connections[alias].cursor() as cur:
        cur.execute(_SQL, [user_id])
        row = cur.fetchone()
    return SELLER.build(alias, row) if row is not None else None
