"""core/versioned.py: per-process copies of configuration, dropped by every process within a second of an edit.
Two app nodes (two processes) on one database: a market edited elsewhere shows on both without a restart."""

from __future__ import annotations

import httpx
import pytest
from django.db import transaction

from comeback.core import markets, versioned
from comeback.core.models import ConfigVersion, Market

from ..servers import node, shared_database_url, wait_until


@pytest.mark.django_db
def test_given_a_copy_when_read_within_the_check_delay_then_the_database_is_not_asked_again(
    settings, django_assert_num_queries
):
    settings.CONFIG_CHECK_SECONDS = 3600
    loads = []
    copy = versioned.Copy("test-config", load=lambda: loads.append(1) or len(loads))
    with django_assert_num_queries(1):  # the version; the loader itself asks nothing here
        assert copy.get() == 1
    with django_assert_num_queries(0):
        assert copy.get() == 1


@pytest.mark.django_db
def test_given_an_edit_by_another_process_when_the_delay_is_over_then_the_copy_loads_again(settings):
    settings.CONFIG_CHECK_SECONDS = 0
    loads = []
    copy = versioned.Copy("test-config", load=lambda: loads.append(1) or len(loads))
    assert copy.get() == 1 and copy.get() == 1  # same version: kept
    ConfigVersion.objects.update_or_create(name="test-config", defaults={"version": 41})  # as another node
    assert copy.get() == 2 and copy.get() == 2


@pytest.mark.django_db
def test_given_a_market_saved_when_read_then_the_version_moved_and_this_process_sees_it_at_once(settings):
    settings.CONFIG_CHECK_SECONDS = 3600
    before = versioned.current(markets.VERSION)
    assert markets.get("FR").return_window_days == 30
    fr = Market.objects.get(code="FR")
    fr.return_window_days = 45
    fr.save()
    assert versioned.current(markets.VERSION) == before + 1
    assert markets.get("FR").return_window_days == 45


@pytest.mark.django_db(transaction=True)
def test_given_an_edit_rolled_back_when_read_after_the_delay_then_the_copy_is_the_committed_one(settings):
    settings.CONFIG_CHECK_SECONDS = 0
    with pytest.raises(RuntimeError), transaction.atomic():
        fr = Market.objects.get(code="FR")
        fr.return_window_days = 99
        fr.save()
        assert markets.get("FR").return_window_days == 99  # the editing transaction sees its own edit
        raise RuntimeError("rolled back")
    assert markets.get("FR").return_window_days == 30


@pytest.mark.django_db(transaction=True)
def test_given_two_nodes_when_a_market_is_edited_elsewhere_then_both_serve_it_without_a_restart(tmp_path):
    database = shared_database_url()
    env = {"CONFIG_CHECK_SECONDS": "1"}

    def window(base: str) -> int:
        answer = httpx.get(f"{base}/api/v1/markets", timeout=30)
        return {m["code"]: m["return_window_days"] for m in answer.json()}["FR"]

    with (
        node(database=database, log=tmp_path / "a.log", **env) as a,
        node(database=database, log=tmp_path / "b.log", **env) as b,
    ):
        assert window(a) == 30 and window(b) == 30  # each process holds its copy
        fr = Market.objects.get(code="FR")
        fr.return_window_days = 45
        fr.save()  # a third process, as the back office on another node
        for base in (a, b):
            wait_until(lambda base=base: window(base) == 45, seconds=30, what=f"{base} serving the edit")
