"""Signatures: `Comeback-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, f"{t}.{body}")>`.

The timestamp is signed with the body, so a captured request cannot be replayed later than the
receiver's tolerance (5 minutes is our advice). `verify` is what a receiver runs; docs/webhooks.md
shows the same steps without Comeback installed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

SCHEME = "v1"
SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE = 300  # seconds


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def encode_body(envelope: dict) -> bytes:
    """The exact bytes sent: compact, keys sorted, UTF-8 — the same bytes on every retry."""
    return json.dumps(envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={int(timestamp)},{SCHEME}={signature(secret, timestamp, body)}"


class InvalidSignature(ValueError):
    pass


def verify(
    secret: str, body: bytes, header_value: str, *, now: float, tolerance: int = DEFAULT_TOLERANCE
) -> int:
    """Check a `Comeback-Signature` header; return its timestamp or raise InvalidSignature."""
    timestamp, candidates = None, []
    for part in (header_value or "").split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == SCHEME:
            candidates.append(value)
    if timestamp is None or not candidates:
        raise InvalidSignature("malformed signature header")
    if abs(now - timestamp) > tolerance:
        raise InvalidSignature("timestamp outside the tolerance")
    expected = signature(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, c) for c in candidates):
        raise InvalidSignature("signature mismatch")
    return timestamp
