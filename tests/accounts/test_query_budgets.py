"""Query budgets of the accounts pages: a user's API tokens cost the same few queries for 2 tokens or 8."""

from __future__ import annotations

import pytest

from comeback.accounts.models import ApiToken
from comeback.accounts.services import issue_token, revoke_token
from comeback.core import clock

from ..budgets import assert_flat_page
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_given_more_tokens_when_a_seller_opens_its_tokens_page_then_the_queries_do_not_grow(client, seller):
    # given a seller's tokens, some used and some revoked, then more; and a stranger's token
    stranger = issue_token(user=UserFactory(), name="someone else's")

    def add(n):
        for i in range(n):
            token = issue_token(
                user=seller.user, scopes=["seller"], name=f"sync {ApiToken.objects.count()}"
            ).token
            if i % 2:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=clock.now())
            else:
                revoke_token(user=seller.user, token_id=token.pk)

    client.force_login(seller.user)
    # when it opens its tokens page, then the queries do not grow
    assert_flat_page(client, "/accounts/tokens/", add, budget=10)
    # and the page shows its own tokens, never another user's
    page = client.get("/accounts/tokens/").content.decode()
    assert page.count("sync ") == 8 and stranger.token.prefix not in page
