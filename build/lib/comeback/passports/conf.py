"""Passport settings (docs/passports.md "Configuration").

PASSPORT_BASE_URL   scheme and host of the identifiers printed in QR codes (default: the site's address,
                    SITE_URL or the request's own host — comeback.core.site)
PASSPORT_SIGNING_KEY  Ed25519 private key, PEM text or a file path; required outside the demo (default: the
                      keyring's own key, generated into the database on first use — core/keyring.py; never
                      commit a private key). Keys it replaces stay published and keep verifying.
COMEBACK_GS1_COMPANY_PREFIX  GS1 company prefix GTINs are allocated from when a model has none
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.conf import settings

from comeback.core import site


def base_url() -> str:
    return (getattr(settings, "PASSPORT_BASE_URL", "") or site.url()).rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def did() -> str:
    """The platform's did:web identifier (W3C did:web: the host, a port percent-encoded)."""
    host = urlsplit(base_url()).netloc
    return "did:web:" + quote(host, safe="")
