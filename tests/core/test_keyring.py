"""core/keyring.py: one signing keyring for every node, in the database, private keys encrypted at rest; the
current key signs and retired keys keep verifying; an older key file is adopted."""

from __future__ import annotations

import io

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from comeback.core import keyring, versioned
from comeback.core.models import SigningKey
from comeback.passports import chain, untp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyring_of_its_own(settings, tmp_path):
    settings.PASSPORT_SIGNING_KEY = ""
    settings.KEYRING_SECRET = "first-secret"
    settings.VAR_DIR = tmp_path  # no developer key file to adopt
    settings.PASSPORT_BASE_URL = "https://comeback.test"
    SigningKey.objects.all().delete()  # the key `migrate` made was encrypted with another secret
    keyring.drop_local()


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_given_a_migrated_database_then_its_key_is_published_before_any_page_asks_and_pages_only_read(
    client, django_assert_num_queries
):
    call_command("migrate", verbosity=0)  # what a deploy runs; its post_migrate step makes the key
    current = SigningKey.objects.get()
    versioned.drop_local()

    with django_assert_num_queries(2):  # the version, then the keys: no insert, no update
        jwks = client.get("/.well-known/jwks.json").json()

    assert [k["kid"] for k in jwks["keys"]] == [current.kid]
    assert SigningKey.objects.count() == 1


def test_given_no_key_when_a_process_signs_then_the_key_is_made_once_and_kept_encrypted_in_the_database():
    first = keyring.ring()
    row = SigningKey.objects.get()
    assert row.kid == first.kid == chain.jwk(first.signing.public_key())["kid"]
    assert row.retired_at is None and row.private_key_encrypted
    raw = first.signing.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    assert raw.hex() not in row.private_key_encrypted and b"PRIVATE" not in row.private_key_encrypted.encode()
    versioned.drop_local()  # as another process: it reads the same key
    assert keyring.ring().kid == first.kid and SigningKey.objects.count() == 1


def test_given_a_rotation_when_signing_then_the_new_key_signs_and_the_old_one_still_verifies():
    old = keyring.ring()
    signed_before = chain.sign({"id": "x"})
    out = io.StringIO()
    call_command("signing_keys", "--rotate", stdout=out)
    new = keyring.ring()
    assert new.kid != old.kid and f"rotated: {new.kid}" in out.getvalue()
    assert list(chain.current_keys()) == [new.kid, old.kid]
    assert [k["kid"] for k in chain.jwks()["keys"]] == [new.kid, old.kid]
    did = untp.did_document()
    assert [m["id"].split("#")[1] for m in did["verificationMethod"]] == [new.kid, old.kid]
    assert chain.signature_valid({"id": "x"}, signed_before, chain.current_keys()[old.kid])
    assert SigningKey.objects.get(kid=old.kid).retired_at is not None
    listing = io.StringIO()
    call_command("signing_keys", stdout=listing)
    assert "current" in listing.getvalue().splitlines()[0] and "retired" in listing.getvalue().splitlines()[1]


def test_given_the_secret_rotated_when_the_old_one_is_listed_second_then_keys_still_decrypt(settings):
    kid = keyring.ring().kid
    settings.KEYRING_SECRET = "second-secret,first-secret"
    versioned.drop_local()
    assert keyring.ring().kid == kid
    settings.KEYRING_SECRET = "second-secret"
    versioned.drop_local()
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        keyring.ring()


def test_given_a_key_in_the_environment_when_it_replaces_the_generated_one_then_both_are_published(settings):
    generated = keyring.ring().kid
    configured = Ed25519PrivateKey.generate()
    settings.PASSPORT_SIGNING_KEY = _pem(configured)
    versioned.drop_local()
    ring = keyring.ring()
    assert ring.kid == keyring.kid_of(configured.public_key()) and list(ring.public) == [ring.kid, generated]
    assert SigningKey.objects.get(kid=ring.kid).private_key_encrypted == ""  # the environment keeps it
    with pytest.raises(CommandError, match="PASSPORT_SIGNING_KEY is set"):
        call_command("signing_keys", "--rotate", stdout=io.StringIO())


def test_given_a_key_file_of_an_older_version_when_first_used_then_it_is_adopted(settings, tmp_path):
    legacy = Ed25519PrivateKey.generate()
    (tmp_path / keyring.LEGACY_KEY_FILE).write_text(_pem(legacy))
    assert keyring.ring().kid == keyring.kid_of(legacy.public_key())
    assert SigningKey.objects.get().private_key_encrypted


def test_given_a_key_file_when_imported_then_it_signs_and_the_previous_key_stays_published(tmp_path):
    previous = keyring.ring().kid
    other = Ed25519PrivateKey.generate()
    (tmp_path / "old.pem").write_text(_pem(other))
    call_command("signing_keys", "--import", str(tmp_path / "old.pem"), stdout=io.StringIO())
    assert keyring.ring().kid == keyring.kid_of(other.public_key())
    assert previous in keyring.ring().public


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("configured", [False, True])
def test_given_processes_starting_at_once_when_each_signs_first_then_one_key_is_current_for_all(
    settings, configured
):
    from ..concurrency import race

    if configured:
        settings.PASSPORT_SIGNING_KEY = _pem(Ed25519PrivateKey.generate())

    def first_use():
        keyring.drop_local()  # each thread as a process of its own, with no copy yet
        return keyring._load(keyring.PASSPORTS).kid

    kids = race([first_use] * 6)
    assert all(isinstance(k, str) for k in kids), kids
    assert len(set(kids)) == 1
    assert list(SigningKey.objects.filter(retired_at__isnull=True).values_list("kid", flat=True)) == [kids[0]]
