"""The CLI: `comeback verify-passport ID` (local or against a server), grants and re-signing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from comeback.passports import chain
from comeback.passports.management.commands import verify_passport
from comeback.passports.models import PassportAccessGrant, PassportEvent


def _run(*args) -> str:
    out = io.StringIO()
    call_command("verify_passport", *args, stdout=out)
    return out.getvalue()


def _tamper(p) -> None:
    event = PassportEvent.objects.filter(passport=p).last()
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER passport_event_append_only"
            + (" ON passports_passportevent" if connection.vendor == "postgresql" else "")
        )
    event.data["public"]["grade"] = "premium"
    PassportEvent.objects.filter(pk=event.pk).update(data=event.data)


def test_given_a_passport_when_verified_by_serial_path_or_uri_then_ok(stock_passport):
    for ident in (stock_passport.serial, stock_passport.path, "https://comeback.test" + stock_passport.path):
        out = _run(ident)
        assert out.startswith(f"OK {stock_passport.path}: 2 events") and "head signature valid" in out


def test_given_a_tampered_passport_when_verified_then_the_command_fails_naming_the_event(stock_passport):
    _tamper(stock_passport)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 passport"):
        call_command("verify_passport", stock_passport.serial, stdout=out)
    assert "FAILED" in out.getvalue() and "event 2" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("verify_passport", "--all", stdout=io.StringIO())


def test_given_a_server_url_when_verifying_then_only_what_the_server_publishes_is_used(
    stock_passport, monkeypatch
):
    client = Client()
    monkeypatch.setattr(
        verify_passport, "fetch_json", lambda url: client.get(url.replace("https://srv", "")).json()
    )
    assert _run(stock_passport.serial, "--url", "https://srv").startswith("OK ")
    monkeypatch.setattr(chain, "current_keys", lambda: {})  # the local key is not consulted
    assert _run(stock_passport.serial, "--url", "https://srv").startswith("OK ")


def test_given_no_ids_or_an_unknown_one_then_a_usage_error(db):
    with pytest.raises(CommandError, match="give passport ids"):
        call_command("verify_passport", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No passport"):
        call_command("verify_passport", "NOSUCHUNIT1", stdout=io.StringIO())


def test_given_all_passports_when_verified_then_a_count(stock_passport):
    assert "1 of 1 passports verify" in _run("--all")


def test_given_a_user_when_granted_and_revoked_from_the_cli_then_the_grant_follows(buyer):
    out = io.StringIO()
    call_command(
        "grant_passport_access", buyer.email, "--role", "recycler", "--organisation", "Envie", stdout=out
    )
    assert "recycler for Envie" in out.getvalue()
    assert PassportAccessGrant.objects.get(user=buyer).level == "restricted"
    call_command("grant_passport_access", buyer.email, "--role", "recycler", "--revoke", stdout=io.StringIO())
    assert PassportAccessGrant.objects.get(user=buyer).revoked_at is not None
    with pytest.raises(CommandError):
        call_command("grant_passport_access", buyer.email, "--role", "repairer", stdout=io.StringIO())


def test_given_a_rotated_key_when_re_signing_then_heads_verify_before_and_after_with_the_new_key(
    stock_passport, settings, tmp_path
):
    old = chain.key_id()
    settings.PASSPORT_SIGNING_KEY = str(tmp_path / "new-key.pem")
    chain.clear_key_cache()
    assert chain.key_id() != old and old in chain.current_keys()  # the old key stays published
    assert _run(stock_passport.serial).startswith("OK ")  # signed by the old key, still valid
    call_command("sign_passports", stdout=io.StringIO())
    stock_passport.refresh_from_db()
    assert stock_passport.head_key_id == chain.key_id()
    assert _run(stock_passport.serial).startswith("OK ")


def test_given_variants_without_gtins_when_assigning_then_each_gets_its_own_valid_one(db):
    from stdnum import ean

    from comeback.catalog.models import Variant
    from tests.factories import VariantFactory

    variants = [VariantFactory(gtin=None), VariantFactory(gtin=None)]
    out = io.StringIO()
    call_command("assign_gtins", "--dry-run", stdout=out)
    assert out.getvalue().startswith("2 variants")
    call_command("assign_gtins", stdout=io.StringIO())
    gtins = [Variant.objects.get(pk=v.pk).gtin for v in variants]
    assert all(ean.is_valid(g) for g in gtins) and gtins[0] != gtins[1]
