"""Every node signs and verifies with one keyring: passports signed by this process verify in two other
processes, each with a working directory of its own and no key file, and both publish the same keys."""

from __future__ import annotations

import httpx
import pytest

from comeback.core import keyring
from comeback.passports import services

from ..servers import comeback, node, shared_database_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def keyring_key(settings):
    settings.PASSPORT_SIGNING_KEY = ""  # the keyring's own key, in the shared database
    keyring.drop_local()


def test_given_two_nodes_when_every_passport_is_verified_then_both_give_the_same_answer(
    keyring_key, seller, phone, tmp_path
):
    for _ in range(3):
        services.open_stock_passport(seller=seller, variant=phone, grade="good", battery_health=91)
    database = shared_database_url()
    answers = {comeback(["verify-passport", "--all"], database=database).strip() for _ in ("A", "B")}
    assert answers == {"3 of 3 passports verify"}  # each process has its own empty VAR_DIR

    with (
        node(database=database, log=tmp_path / "a.log") as a,
        node(database=database, log=tmp_path / "b.log") as b,
    ):
        published = [httpx.get(f"{base}/.well-known/did.json", timeout=30).json() for base in (a, b)]
    assert [m["id"].split("#")[1] for m in published[0]["verificationMethod"]] == [keyring.ring().kid]
    keys = [[m["publicKeyMultibase"] for m in did["verificationMethod"]] for did in published]
    assert keys[0] == keys[1]
