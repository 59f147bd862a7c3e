"""A bearer token's lookup, read by hand: the same row and objects as the ORM's

    ApiToken.objects.select_related("user").filter(key_hash=…, revoked_at__isnull=True, user__is_active=True).first()

without compiling it on every API request (every API write and read starts with it). The row becomes the same
model instances, the user cached on its token as select_related does (core/rows.py), every column of both
loaded. On PostgreSQL it binds server-side (core/hot_sql.py), so it is planned once per connection.
tests/accounts/test_token_sql.py holds the two equal on both databases.
"""

from __future__ import annotations

from django.db import transaction

from comeback.core import hot_sql
from comeback.core.rows import Columns, split

from .models import ApiToken, User

TOKEN = Columns.every(ApiToken, "t")
USER = Columns.every(User, "u")

_SQL = (
    f"SELECT {TOKEN.select()}, {USER.select()}"
    f' FROM "{ApiToken._meta.db_table}" t INNER JOIN "{User._meta.db_table}" u ON t."user_id" = u."id"'
    ' WHERE t."key_hash" = %s AND t."revoked_at" IS NULL AND u."is_active" = %s'
    ' ORDER BY t."created_at" DESC, t."id" LIMIT 1'
)


def active_token(key_hash: str) -> ApiToken | None:
    """The unrevoked token of an active user with this hash, its user loaded; None without one."""
    with hot_sql.cursor() as cur:
        cur.execute(_SQL, [key_hash, True])
        row = cur.fetchone()
    if row is None:
        return None
    alias = transaction.get_connection().alias
    token_values, user_values = split(row, TOKEN, USER)
    token = TOKEN.build(alias, token_values)
    ApiToken.user.field.set_cached_value(token, USER.build(alias, user_values))
    return token
