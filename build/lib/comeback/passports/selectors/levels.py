"""What each reader's level sees of an event, the chain document and its verification."""

from __future__ import annotations

from .. import chain, conf
from ..models import LEVEL_ORDER, Passport, PassportEvent, level_rank
from .lookups import events


def visible(event: PassportEvent, level: str) -> dict:
    """The event's fields a reader at `level` sees (its level and every level below it)."""
    rank = level_rank(level)
    out: dict = {}
    for lvl in LEVEL_ORDER[: rank + 1]:
        out.update((event.data or {}).get(lvl.value, {}))
    return out


def event_json(event: PassportEvent, level: str) -> dict:
    """One event as the chain document carries it: public fields in clear, higher levels sealed (salted
    digests), and disclosed with their salt up to the reader's level."""
    data = event.data or {}
    salts = event.salts or {}
    sealed = {lvl: chain.commitment(salts.get(lvl, ""), data.get(lvl, {})) for lvl in chain.SEALED_LEVELS}
    out = {
        "seq": event.seq,
        "kind": event.kind,
        "at": chain.timestamp(event.at),
        "actor": {"role": event.actor_role, "name": event.actor_name},
        "data": data.get("public", {}),
        "sealed": sealed,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }
    disclosed = {
        lvl: {"salt": salts.get(lvl, ""), "data": data.get(lvl, {})}
        for lvl in chain.SEALED_LEVELS
        if level_rank(lvl) <= level_rank(level)
    }
    if disclosed:
        out["disclosed"] = disclosed
    return out


def head_json(p: Passport) -> dict:
    return {
        "seq": p.head_seq,
        "hash": p.head_hash,
        "signed_at": chain.timestamp(p.head_signed_at) if p.head_signed_at else None,
        "kid": p.head_key_id,
        "alg": chain.ALG,
        "signature": p.head_signature,
    }


def chain_document(p: Passport, level: str) -> dict:
    """`GET /api/v1/passports/{id}/events`: everything needed to recompute the chain (chain.verify)."""
    return {
        "id": p.path,
        "serial": p.serial,
        "uri": conf.absolute(p.path),
        "level": str(level),
        "algorithm": {
            "canonicalization": "RFC 8785 (JCS)",
            "hash": "SHA-256",
            "genesis": chain.GENESIS,
            "signature": "Ed25519 over JCS({id, seq, hash, signed_at})",
            "keys": "/.well-known/jwks.json",
            "documentation": "docs/passports.md#verifying-a-passport",
        },
        "events": [event_json(e, level) for e in events(p)],
        "head": head_json(p),
    }


def verify(p: Passport) -> chain.Report:
    """Recompute the whole chain from the database, every level disclosed (what `verify-passport` runs)."""
    return chain.verify(chain_document(p, "authority"), chain.current_keys())
