"""`comeback issue-token EMAIL [--scope …] [--name …]` prints a new token once."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from comeback.__main__ import main
from comeback.accounts.models import ApiToken
from comeback.accounts.services import authenticate_token, hash_secret


@pytest.fixture
def keep_test_connection(monkeypatch):
    # run_from_argv closes every connection when it ends; the test database must outlive it.
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_given_a_seller_email_when_issuing_then_stdout_is_a_working_seller_token(seller):
    secret, note = run(seller.user.email.upper())
    token = authenticate_token(secret)
    assert token.user == seller.user and "seller" in token.scopes
    assert ApiToken.objects.get().key_hash == hash_secret(secret)
    assert "shown once" in note and secret not in note


def test_given_scopes_and_a_name_when_issuing_then_the_token_has_exactly_them(seller):
    secret, _ = run(seller.user.email, "--scope", "buyer", "--scope", "seller", "--name", "erp")
    token = authenticate_token(secret)
    assert (token.scopes, token.name) == (["buyer", "seller"], "erp")


def test_given_an_unknown_email_when_issuing_then_a_clear_error_and_no_token(db):
    with pytest.raises(CommandError, match="No user with that email"):
        run("nobody@example.test")
    assert not ApiToken.objects.exists()


def test_given_an_unknown_scope_when_issuing_then_refused(seller):
    with pytest.raises(CommandError):
        run(seller.user.email, "--scope", "root")
    assert not ApiToken.objects.exists()


def test_given_the_console_script_when_called_with_the_hyphenated_name_then_it_prints_a_token(
    seller, monkeypatch, capsys, keep_test_connection
):
    monkeypatch.setattr(sys, "argv", ["comeback", "issue-token", seller.user.email, "--scope", "seller"])
    main()
    assert authenticate_token(capsys.readouterr().out.strip()).user == seller.user


def test_given_the_console_script_when_the_email_is_unknown_then_it_exits_non_zero(
    db, monkeypatch, capsys, keep_test_connection
):
    monkeypatch.setattr(sys, "argv", ["comeback", "issue-token", "ghost@example.test"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code != 0
    assert "No user with that email" in capsys.readouterr().err
