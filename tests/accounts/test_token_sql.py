"""A bearer token's hand-written lookup (accounts/token_sql.py) answers what the ORM's query answers: the same
token and user, every field, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict

from comeback.accounts import token_sql
from comeback.accounts.models import ApiToken
from comeback.accounts.services import hash_secret, issue_token, revoke_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _by_orm(key_hash: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_given_a_live_token_then_the_hand_read_is_the_orms_token_and_user(django_assert_num_queries):
    user = UserFactory(name="Ada", preferred_market="FR")
    issued = issue_token(user=user, scopes=["buyer", "seller"])
    issue_token(user=user)  # another token of the same user

    with django_assert_num_queries(1):
        found = token_sql.active_token(issued.token.key_hash)
        read_user = found.user  # loaded with the token: no second query

    expected = _by_orm(issued.token.key_hash)
    assert _fields(found) == _fields(expected)
    assert _fields(read_user) == _fields(expected.user)
    assert model_to_dict(found) == model_to_dict(expected)
    assert found.scopes == ["buyer", "seller"] and read_user.email == user.email


@pytest.mark.parametrize("case", ["revoked", "inactive user", "unknown"])
def test_given_a_token_that_may_not_act_then_neither_read_finds_it(case):
    user = UserFactory()
    issued = issue_token(user=user)
    key_hash = issued.token.key_hash
    if case == "revoked":
        revoke_token(user=user, token_id=issued.token.pk)
    elif case == "inactive user":
        user.is_active = False
        user.save(update_fields=["is_active"])
    else:
        key_hash = hash_secret("cb_nothing_of_ours")

    assert token_sql.active_token(key_hash) is None
    assert _by_orm(key_hash) is None
