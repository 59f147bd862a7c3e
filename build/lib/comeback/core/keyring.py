"""The platform's signing keyring, one for every node (docs/deploy.md "No state on a node").

Passport heads, passport credentials and the did:web document are signed with Ed25519 keys that must be the
same on every app node and worker: a head signed on node A is verified on node B. The keyring lives in the
database (`core.SigningKey`), one per purpose:

- the **current** key signs; **retired** keys stay published (`/.well-known/jwks.json`, `did.json`) and keep
  verifying what they signed before a rotation;
- `PASSPORT_SIGNING_KEY` (PEM text or a file path; required outside the demo) is the current key when set:
  the keyring registers its public half and retires the key it replaces. Rotating is changing the variable;
- without it (the demo), the keyring generates the key when the database is migrated (or on first use)
  and keeps its private half encrypted at rest (Fernet, AES-128-CBC + HMAC-SHA256) with a key derived from `KEYRING_SECRET` — comma-separated, the
  first encrypts and every one decrypts, so the secret itself can be rotated — or `SECRET_KEY` by default.
  `comeback signing-keys --rotate` makes a new one;
- a key file left by an older version (`VAR_DIR/passport-signing-key.pem`) is imported on first use, or with
  `comeback signing-keys --import PATH`.

Each process copies the keyring under a shared version (core/versioned.py): a rotation on one node reaches
every process within a second.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import F

from . import clock, versioned

PASSPORTS = "passports"
LEGACY_KEY_FILE = "passport-signing-key.pem"


@dataclass(frozen=True)
class Ring:
    """A purpose's keys: the one that signs, and every public key that verifies (current first)."""

    signing: Ed25519PrivateKey
    kid: str
    public: dict[str, Ed25519PublicKey] = field(default_factory=dict)


# Key ids and encodings ---------------------------------------------------------------------------------
def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def kid_of(public: Ed25519PublicKey) -> str:
    """RFC 7638 thumbprint of the key's RFC 8037 JWK (members in lexicographic order, no whitespace)."""
    core = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(public_raw(public))}
    return _b64url(hashlib.sha256(json.dumps(core, sort_keys=True, separators=(",", ":")).encode()).digest())


# Encryption at rest ----------------------------------------------------------------------------------
def _secrets() -> list[str]:
    configured = [s.strip() for s in (getattr(settings, "KEYRING_SECRET", "") or "").split(",") if s.strip()]
    return configured or [settings.SECRET_KEY]


def _fernet() -> MultiFernet:
    def derive(secret: str) -> Fernet:
        raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"comeback keyring v1").derive(
            secret.encode()
        )
        return Fernet(base64.urlsafe_b64encode(raw))

    return MultiFernet([derive(s) for s in _secrets()])


def encrypt(key: Ed25519PrivateKey) -> str:
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return _fernet().encrypt(der).decode()


def decrypt(token: str, *, kid: str = "") -> Ed25519PrivateKey:
    try:
        der = _fernet().decrypt(token.encode())
    except InvalidToken:
        raise ImproperlyConfigured(
            f"the signing keyring's key {kid} cannot be decrypted: KEYRING_SECRET (or SECRET_KEY) is not the "
            "secret it was encrypted with; list the old secret after the new one in KEYRING_SECRET"
        ) from None
    key = serialization.load_der_private_key(der, password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


# Keys from the environment or a file -----------------------------------------------------------------
def load_pem(source: str, *, create: bool = False) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM text or a PEM file (made when missing and `create`)."""
    if source.lstrip().startswith("-----BEGIN"):
        pem = source.encode()
    else:
        path = Path(source)
        if not path.exists() and create:
            _create_key_file(path)
        pem = path.read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("PASSPORT_SIGNING_KEY must be an Ed25519 private key (PEM, PKCS#8)")
    return key


def _create_key_file(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: two processes starting at once keep the first key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)


def configured_source(purpose: str = PASSPORTS) -> str:
    return (getattr(settings, "PASSPORT_SIGNING_KEY", "") or "") if purpose == PASSPORTS else ""


# The ring ----------------------------------------------------------------------------------------------
def _version_name(purpose: str) -> str:
    return f"signing-keys:{purpose}"


def _register(
    purpose: str, key: Ed25519PrivateKey, *, store_private: bool, at: datetime | None = None
) -> str:
    """Make `key` the purpose's current key (retiring the one it replaces), unless it already is."""
    from .models import SigningKey

    at = at or clock.now()
    kid = kid_of(key.public_key())
    current = SigningKey.objects.filter(purpose=purpose, retired_at__isnull=True).first()
    if current is not None and current.kid == kid:
        return kid
    with transaction.atomic():
        SigningKey.objects.filter(purpose=purpose, retired_at__isnull=True).exclude(kid=kid).update(
            retired_at=at
        )
        moved = SigningKey.objects.filter(kid=kid).update(retired_at=None)
        if not moved:
            SigningKey.objects.create(
                kid=kid,
                purpose=purpose,
                public_key=_b64url(public_raw(key.public_key())),
                private_key_encrypted=encrypt(key) if store_private else "",
                created_at=at,
            )
        versioned.bump(_version_name(purpose))
    return kid


def _signing_key(purpose: str) -> Ed25519PrivateKey:
    """The key that signs now, registering or creating it on first use (once for the whole fleet)."""
    from .models import SigningKey

    source = configured_source(purpose)
    if source:
        key = load_pem(source, create=True)
        for _attempt in range(3):
            try:  # published before it signs anything
                _register(purpose, key, store_private=False)
                return key
            except IntegrityError:  # another process registered a key at the same moment: once more
                continue
        raise RuntimeError(f"could not register the {purpose} signing key")
    for _attempt in range(3):
        current = SigningKey.objects.filter(purpose=purpose, retired_at__isnull=True).first()
        if current is not None and current.private_key_encrypted:
            return decrypt(current.private_key_encrypted, kid=current.kid)
        legacy = Path(settings.VAR_DIR) / LEGACY_KEY_FILE
        key = load_pem(str(legacy)) if purpose == PASSPORTS and legacy.exists() else None
        key = key or Ed25519PrivateKey.generate()
        try:
            with transaction.atomic():
                # Only while the purpose has no current key: a guarded insert (one current key per purpose).
                if SigningKey.objects.filter(purpose=purpose, retired_at__isnull=True).exists():
                    continue
                SigningKey.objects.create(
                    kid=kid_of(key.public_key()),
                    purpose=purpose,
                    public_key=_b64url(public_raw(key.public_key())),
                    private_key_encrypted=encrypt(key),
                    created_at=clock.now(),
                )
                versioned.bump(_version_name(purpose))
            return key
        except IntegrityError:  # another process made the first key at the same moment: use it
            continue
    raise RuntimeError(f"could not settle the {purpose} signing key")


def _public_keys(purpose: str) -> dict[str, Ed25519PublicKey]:
    """Key id → public key for every key of the purpose, the current one first, then the retired ones."""
    from .models import SigningKey

    rows = SigningKey.objects.filter(purpose=purpose).order_by(
        F("retired_at").desc(nulls_first=True), "-created_at"
    )
    return {row.kid: Ed25519PublicKey.from_public_bytes(_b64url_decode(row.public_key)) for row in rows}


def _load(purpose: str) -> Ring:
    signing = _signing_key(purpose)
    kid = kid_of(signing.public_key())
    return Ring(signing=signing, kid=kid, public={kid: signing.public_key(), **_public_keys(purpose)})


_copies: dict[str, versioned.Copy[Ring]] = {}
_published: dict[str, versioned.Copy[dict[str, Ed25519PublicKey]]] = {}


def ring(purpose: str = PASSPORTS) -> Ring:
    copy = _copies.get(purpose)
    if copy is None:
        copy = _copies[purpose] = versioned.Copy(_version_name(purpose), load=lambda: _load(purpose))
    return copy.get()


def published(purpose: str = PASSPORTS) -> dict[str, Ed25519PublicKey]:
    """The public keys, read only: what `/.well-known/jwks.json`, `did.json` and verification use, so a GET never
    makes or registers a key (the first key is made when the database is migrated, see `settle`)."""
    copy = _published.get(purpose)
    if copy is None:
        copy = _published[purpose] = versioned.Copy(
            _version_name(purpose), load=lambda: _public_keys(purpose)
        )
    return copy.get()


def settle(**kwargs) -> None:
    """After `migrate`: the passport key exists and is published before anything is signed or verified."""
    from django.db import connections

    using = kwargs.get("using", "default")
    if using != "default" or "core_signingkey" not in connections[using].introspection.table_names():
        return
    ring(PASSPORTS)


def drop_local() -> None:
    """Forget this process's copies (tests that change PASSPORT_SIGNING_KEY)."""
    for copy in (*_copies.values(), *_published.values()):
        copy.drop()


def rotate(purpose: str = PASSPORTS, *, at: datetime | None = None) -> str:
    """A new generated key becomes current; the old one is retired and stays published. Returns its kid."""
    if configured_source(purpose):
        raise ImproperlyConfigured(
            "PASSPORT_SIGNING_KEY is set: rotate by setting it to the new key on every node (the old public "
            "key stays published)"
        )
    kid = _register(purpose, Ed25519PrivateKey.generate(), store_private=True, at=at)
    drop_local()
    return kid


def import_file(path: str, purpose: str = PASSPORTS, *, at: datetime | None = None) -> str:
    """Adopt a key file from an older version as the current key (encrypted in the database)."""
    kid = _register(purpose, load_pem(path), store_private=True, at=at)
    drop_local()
    return kid
