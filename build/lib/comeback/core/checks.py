"""`comeback check --deploy`: refuse a production configuration that is unsafe or that would keep state on a
node (docs/deploy.md "No state on a node").

Each finding is an error naming the setting, what is wrong and what to set, so the systemd unit's
`ExecStartPre` (or a container's entry point) stops before serving. How many processes serve is read as the
deployment files read it: `COMEBACK_NODES` app nodes (1 unless set) × `WEB_WORKERS` gunicorn workers (one
per core unless set, as in gunicorn.conf.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

DEV_SECRET_PREFIX = "django-insecure"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}


def nodes() -> int:
    return max(1, int(os.environ.get("COMEBACK_NODES", "1") or 1))


def web_workers() -> int:
    return max(1, int(os.environ.get("WEB_WORKERS", "") or os.cpu_count() or 1))


def _secret_key() -> list:
    key = settings.SECRET_KEY or ""
    if not os.environ.get("SECRET_KEY") or key.startswith(DEV_SECRET_PREFIX):
        return [
            Error(
                "SECRET_KEY is not set: sessions, CSRF tokens and the keyring's encryption would use the "
                "development key.",
                hint="Set SECRET_KEY to 50 or more random characters from the secret "
                "store, the same on every node.",
                id="comeback.E001",
            )
        ]
    if len(key) < 50 or len(set(key)) < 5:
        return [
            Error(
                "SECRET_KEY is too short or too simple.",
                hint="Use 50 or more random characters.",
                id="comeback.E001",
            )
        ]
    return []


def _passport_key() -> list:
    from comeback.core import keyring

    source = getattr(settings, "PASSPORT_SIGNING_KEY", "") or ""
    if not source:
        return [
            Error(
                "PASSPORT_SIGNING_KEY is not set: passports would be signed with a key the keyring made "
                "itself, which no secret store holds.",
                hint="Set PASSPORT_SIGNING_KEY to an Ed25519 "
                "private key (PEM text or a file path) from the secret store, the same on every node "
                "(openssl genpkey -algorithm ed25519).",
                id="comeback.E002",
            )
        ]
    if not source.lstrip().startswith("-----BEGIN") and not Path(source).is_file():
        return [
            Error(
                f"PASSPORT_SIGNING_KEY names the file {source}, which does not exist on this node.",
                hint="Install the key file on every node, or give the PEM text itself.",
                id="comeback.E002",
            )
        ]
    try:
        keyring.load_pem(source)
    except Exception as exc:
        return [
            Error(
                f"PASSPORT_SIGNING_KEY cannot be read: {exc}",
                hint="It must be an Ed25519 private key in PEM (PKCS#8), unencrypted.",
                id="comeback.E002",
            )
        ]
    return []


def _allowed_hosts() -> list:
    hosts = set(settings.ALLOWED_HOSTS)
    if "*" in hosts:
        return [
            Error(
                "ALLOWED_HOSTS allows every host ('*').",
                hint="List the site's host names.",
                id="comeback.E003",
            )
        ]
    if not os.environ.get("ALLOWED_HOSTS") or hosts <= LOCAL_HOSTS:
        return [
            Error(
                "ALLOWED_HOSTS is not set: only local addresses would be served.",
                hint="Set ALLOWED_HOSTS to the site's host names, comma-separated.",
                id="comeback.E003",
            )
        ]
    return []


def _site_url() -> list:
    url = getattr(settings, "SITE_URL", "") or ""
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            Error(
                "SITE_URL is not set to the site's address: emails, QR codes and tasks have no request "
                "to read it from.",
                hint="Set SITE_URL, e.g. https://shop.example.com.",
                id="comeback.E004",
            )
        ]
    if parts.scheme != "https" and parts.hostname not in LOCAL_HOSTS:
        return [Warning(f"SITE_URL {url} is not https.", id="comeback.W004")]
    return []


def _shared_state() -> list:
    errors = []
    processes = nodes() * web_workers()
    if processes > 1 and not getattr(settings, "REDIS_URL", ""):
        errors.append(
            Error(
                f"REDIS_URL is not set while {processes} processes serve ({nodes()} node(s) × {web_workers()} "
                "web workers): the page cache would be local to each process.",
                hint="Set REDIS_URL to the Redis every node shares (WEB_WORKERS=1 and COMEBACK_NODES=1 serve "
                "from one process).",
                id="comeback.E005",
            )
        )
    if nodes() > 1:
        if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
            errors.append(
                Error(
                    "Uploads are stored on each node's disk while several nodes serve: a photo uploaded through "
                    "one node would be missing on the others.",
                    hint="Set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for MinIO, Garage or Ceph).",
                    id="comeback.E006",
                )
            )
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            errors.append(
                Error(
                    "The database is a SQLite file while several nodes serve: each node would have its own.",
                    hint="Set DATABASE_URL to the PostgreSQL every node shares.",
                    id="comeback.E007",
                )
            )
        caches = {alias: cfg["BACKEND"] for alias, cfg in settings.CACHES.items()}
        local = sorted(a for a, b in caches.items() if b.endswith(("LocMemCache", "FileBasedCache")))
        if local and getattr(settings, "REDIS_URL", ""):
            errors.append(
                Error(
                    f"The caches {', '.join(local)} are local to a node.",
                    hint="Point them at REDIS_URL.",
                    id="comeback.E008",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def production_settings(app_configs=None, **kwargs) -> list:
    """Production needs its secrets, its address and shared state (docs/deploy.md)."""
    return _secret_key() + _passport_key() + _allowed_hosts() + _site_url() + _shared_state()
