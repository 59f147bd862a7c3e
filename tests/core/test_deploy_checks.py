"""`comeback check --deploy` refuses an unsafe production configuration, naming each setting, and passes a safe
one; several nodes need shared state (Redis, object storage, PostgreSQL)."""

from __future__ import annotations

import secrets
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from comeback.core import checks

from ..servers import BIN, ROOT, environment

STRONG = secrets.token_urlsafe(50)


def _pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        .decode()
    )


@pytest.fixture
def production(settings, monkeypatch):
    """A safe production configuration, one node with Redis; each test spoils one thing."""
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("ALLOWED_HOSTS", "shop.example.com")
    monkeypatch.setenv("WEB_WORKERS", "4")
    monkeypatch.delenv("COMEBACK_NODES", raising=False)
    settings.SECRET_KEY = STRONG
    settings.ALLOWED_HOSTS = ["shop.example.com"]
    settings.SITE_URL = "https://shop.example.com"
    settings.PASSPORT_SIGNING_KEY = _pem()
    settings.REDIS_URL = "redis://10.0.0.12:6379/0"
    return settings


def _ids(findings) -> list[str]:
    return [f.id for f in findings if f.is_serious()]


def test_given_a_safe_production_configuration_then_no_error(production):
    assert _ids(checks.production_settings()) == []


@pytest.mark.parametrize(
    "spoil, code",
    [
        (lambda s, env: env.delenv("SECRET_KEY"), "comeback.E001"),
        (lambda s, env: setattr(s, "PASSPORT_SIGNING_KEY", ""), "comeback.E002"),
        (lambda s, env: setattr(s, "PASSPORT_SIGNING_KEY", "/nowhere/key.pem"), "comeback.E002"),
        (
            lambda s, env: setattr(s, "PASSPORT_SIGNING_KEY", "-----BEGIN PRIVATE KEY-----\nxx\n"),
            "comeback.E002",
        ),
        (lambda s, env: setattr(s, "ALLOWED_HOSTS", ["*"]), "comeback.E003"),
        (lambda s, env: env.delenv("ALLOWED_HOSTS"), "comeback.E003"),
        (lambda s, env: setattr(s, "SITE_URL", ""), "comeback.E004"),
        (lambda s, env: setattr(s, "REDIS_URL", ""), "comeback.E005"),
    ],
)
def test_given_one_unsafe_setting_when_checked_then_an_error_names_it(production, monkeypatch, spoil, code):
    spoil(production, monkeypatch)
    assert _ids(checks.production_settings()) == [code]


def test_given_one_process_when_no_redis_then_it_may_serve(production, monkeypatch):
    production.REDIS_URL = ""
    monkeypatch.setenv("WEB_WORKERS", "1")
    assert _ids(checks.production_settings()) == []


def test_given_several_nodes_when_uploads_and_database_are_local_then_both_are_refused(
    production, monkeypatch
):
    monkeypatch.setenv("COMEBACK_NODES", "2")
    production.STORAGES = {
        **production.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    production.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"}}
    production.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert _ids(checks.production_settings()) == ["comeback.E006", "comeback.E007", "comeback.E008"]
    production.STORAGES = {**production.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    production.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "comeback"}}
    production.CACHES = {"default": {"BACKEND": "comeback.core.cache.RedisCache", "LOCATION": "redis://r/0"}}
    assert _ids(checks.production_settings()) == []


def test_given_an_unsafe_environment_when_the_command_runs_then_it_exits_non_zero_and_says_what_to_set(
    tmp_path,
):
    env = environment(database=f"sqlite:///{tmp_path / 'db.sqlite3'}", WEB_WORKERS="2", COMEBACK_NODES="2")
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SITE_URL",
        "REDIS_URL",
        "PASSPORT_SIGNING_KEY",
        "AWS_STORAGE_BUCKET_NAME",
    ):
        env.pop(name, None)
    done = subprocess.run(
        [str(BIN / "comeback"), "check", "--deploy"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    for code in ("E001", "E002", "E003", "E004", "E005", "E006", "E007"):
        assert f"comeback.{code}" in done.stderr
    assert "Set REDIS_URL" in done.stderr and "AWS_STORAGE_BUCKET_NAME" in done.stderr

    safe = env | {
        "SECRET_KEY": STRONG,
        "ALLOWED_HOSTS": "shop.example.com",
        "SITE_URL": "https://shop.example.com",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PASSPORT_SIGNING_KEY": _pem(),
        "AWS_STORAGE_BUCKET_NAME": "comeback-media",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/comeback",
    }
    done = subprocess.run(
        [str(BIN / "comeback"), "check", "--deploy"],
        env=safe,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
