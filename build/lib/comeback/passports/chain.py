"""The tamper-evident history: canonical JSON, the hash chain, sealed levels and the signed head.

The algorithm is public (docs/passports.md "Verifying a passport") so anyone can recompute it from
`GET /api/v1/passports/{id}/events` and the key at `/.well-known/jwks.json`:

    body_n  = {"id", "seq", "kind", "at", "actor": {"role", "name"}, "data": <public fields>,
               "sealed": {"restricted": C_r, "authority": C_a}, "prev": hash_{n-1}}
    hash_n  = hex(SHA-256(JCS(body_n)))                       hash_0 = "0" * 64
    C_level = hex(SHA-256(JCS({"salt": <32 hex>, "data": <that level's fields>})))
    head    = Ed25519(JCS({"id", "seq": n, "hash": hash_n, "signed_at"})), base64url

JCS is RFC 8785 (JSON Canonicalization Scheme). Fields above the reader's level stay sealed: their salted
digest is in the chain, so a public reader verifies the whole chain and a restricted reader also checks
what was disclosed to it. The salt stops anyone guessing a sealed value (an IMEI) from its digest.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from comeback.core import keyring

GENESIS = "0" * 64
SEALED_LEVELS = ("restricted", "authority")
ALG = "EdDSA"


# Canonical JSON (RFC 8785) ---------------------------------------------------------------------------
def canonical(value) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme (sorted keys by UTF-16 code units, no whitespace, ECMAScript
    number form, UTF-8), by the maintained `rfc8785` implementation."""
    return rfc8785.dumps(value)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def timestamp(at: datetime) -> str:
    """Event times in the chain: RFC 3339 UTC, whole seconds."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The chain ------------------------------------------------------------------------------------------
def new_salt() -> str:
    return secrets.token_hex(16)


def commitment(salt: str, data: dict) -> str:
    return sha256_hex(canonical({"salt": salt, "data": data}))


def event_body(
    *, passport_id: str, seq: int, kind: str, at: str, actor: dict, data: dict, sealed: dict, prev: str
) -> dict:
    return {
        "id": passport_id,
        "seq": seq,
        "kind": kind,
        "at": at,
        "actor": actor,
        "data": data,
        "sealed": sealed,
        "prev": prev,
    }


def event_hash(body: dict) -> str:
    return sha256_hex(canonical(body))


def head_statement(*, passport_id: str, seq: int, head_hash: str, signed_at: str) -> dict:
    return {"id": passport_id, "seq": seq, "hash": head_hash, "signed_at": signed_at}


# The platform key ------------------------------------------------------------------------------------
# One keyring for every node, in the database (core/keyring.py): the current key signs, retired ones verify.
def signing_key() -> Ed25519PrivateKey:
    """The platform's current Ed25519 key: PASSPORT_SIGNING_KEY when set, else the keyring's own."""
    return keyring.ring().signing


def clear_key_cache() -> None:
    keyring.drop_local()


public_raw = keyring.public_raw


def jwk(public: Ed25519PublicKey) -> dict:
    """RFC 8037 OKP JWK with its RFC 7638 thumbprint as `kid`."""
    core = {"crv": "Ed25519", "kty": "OKP", "x": b64url(public_raw(public))}
    return {**core, "kid": b64url(hashlib.sha256(canonical(core)).digest()), "alg": ALG, "use": "sig"}


def key_id(public: Ed25519PublicKey | None = None) -> str:
    return keyring.kid_of(public) if public is not None else keyring.ring().kid


def jwks() -> dict:
    """Every key of the keyring, the current one first: heads signed before a rotation still verify."""
    return {"keys": [jwk(public) for public in keyring.published().values()]}


def public_key_from_jwk(data: dict) -> Ed25519PublicKey:
    if data.get("kty") != "OKP" or data.get("crv") != "Ed25519":
        raise ValueError("not an Ed25519 JWK")
    return Ed25519PublicKey.from_public_bytes(b64url_decode(data["x"]))


def sign(statement: dict, key: Ed25519PrivateKey | None = None) -> str:
    return b64url((key or signing_key()).sign(canonical(statement)))


def signature_valid(statement: dict, signature: str, public: Ed25519PublicKey) -> bool:
    try:
        public.verify(b64url_decode(signature), canonical(statement))
    except (InvalidSignature, ValueError):
        return False
    return True


# Verification ---------------------------------------------------------------------------------------
@dataclass
class Report:
    passport_id: str
    length: int = 0
    problems: list[str] = field(default_factory=list)
    signature_checked: bool = False
    disclosed_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(document: dict, keys: dict[str, Ed25519PublicKey]) -> Report:
    """Recompute a passport's chain from its events document and check the signed head.

    `keys` maps a key id to its public key (from the JWKS). Every problem found is reported, not just the
    first, so a verifier sees which event was edited.
    """
    pid = document.get("id", "")
    report = Report(passport_id=pid)
    prev = GENESIS
    events = document.get("events") or []
    for index, event in enumerate(events, start=1):
        seq = event.get("seq")
        if seq != index:
            report.problems.append(f"event {index}: sequence number is {seq}, expected {index}")
        if event.get("prev_hash") != prev:
            report.problems.append(f"event {index}: does not link to the previous event's hash")
        body = event_body(
            passport_id=pid,
            seq=seq,
            kind=event.get("kind"),
            at=event.get("at"),
            actor=event.get("actor"),
            data=event.get("data"),
            sealed=event.get("sealed"),
            prev=prev,
        )
        computed = event_hash(body)
        if computed != event.get("hash"):
            report.problems.append(
                f"event {index}: content does not match its hash (edited after it was recorded)"
            )
        for level, disclosed in (event.get("disclosed") or {}).items():
            expected = (event.get("sealed") or {}).get(level)
            if commitment(disclosed.get("salt", ""), disclosed.get("data", {})) != expected:
                report.problems.append(f"event {index}: {level} fields do not match their sealed digest")
            report.disclosed_checked += 1
        prev = computed
    report.length = len(events)
    head = document.get("head") or {}
    if head.get("seq") != report.length or head.get("hash") != prev:
        report.problems.append("the signed head does not match the last event (events missing or rewritten)")
    public = keys.get(head.get("kid", ""))
    if public is None:
        report.problems.append("the head is signed with an unknown key")
    else:
        statement = head_statement(
            passport_id=pid, seq=head.get("seq"), head_hash=head.get("hash"), signed_at=head.get("signed_at")
        )
        if not signature_valid(statement, head.get("signature", ""), public):
            report.problems.append("the head's signature is not valid")
        report.signature_checked = True
    return report


def current_keys() -> dict[str, Ed25519PublicKey]:
    """Key id → public key for every key the platform publishes (current first, then retired)."""
    return dict(keyring.published())
