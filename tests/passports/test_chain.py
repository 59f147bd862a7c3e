"""The tamper-evident history: canonical JSON, chain verification from the public API alone, tamper
detection, the signed head, append-only storage and racing writers."""

from __future__ import annotations

import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError, connection, transaction

from comeback.passports import chain, selectors, services
from comeback.passports.kinds import Actor
from comeback.passports.models import Passport, PassportEvent


# RFC 8785 (JCS) ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"b": 1, "a": [True, None, "x"]}, '{"a":[true,null,"x"],"b":1}'),
        ({"€": 1, "\r": 2, "1": 3, "ö": 4}, '{"\\r":2,"1":3,"ö":4,"€":1}'),  # RFC 8785 §3.2.3 sorting
        ({"s": 'line\nquote"\u001f/'}, '{"s":"line\\nquote\\"\\u001f/"}'),
        (
            [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001, 1e21, 1e-7, -0.0],
            "[333333333.3333333,1e+30,4.5,0.002,1e-27,1e+21,1e-7,0]",
        ),  # RFC 8785 Appendix B numbers
    ],
)
def test_given_json_when_canonicalised_then_it_follows_rfc8785(value, expected):
    assert chain.canonical(value).decode() == expected


def _public_keys(client) -> dict:
    return {
        k["kid"]: chain.public_key_from_jwk(k) for k in client.get("/.well-known/jwks.json").json()["keys"]
    }


def _history(p: Passport) -> Passport:
    seller_actor = Actor.of_seller(p.issuer)
    services.record_event(
        passport=p,
        kind="repaired",
        actor=seller_actor,
        data={
            "summary": "Screen replaced",
            "parts_replaced": [{"part": "screen", "source": "oem"}],
            "technician": "Bench 3",
        },
    )
    services.record_event(
        passport=p, kind="battery_measured", actor=seller_actor, data={"battery_health": 97}
    )
    p.refresh_from_db()
    return p


# Verifying -----------------------------------------------------------------------------------------------
def test_given_a_history_when_anyone_recomputes_it_from_the_public_api_then_it_verifies(
    client, stock_passport
):
    p = _history(stock_passport)
    document = client.get(f"/api/v1/passports/{p.serial}/events").json()
    assert [e["kind"] for e in document["events"]] == ["opened", "graded", "repaired", "battery_measured"]
    assert document["events"][2]["disclosed"] is None  # the technician is sealed for the public
    report = chain.verify(document, _public_keys(client))
    assert report.ok, report.problems
    assert report.length == 4 and report.signature_checked


def test_given_a_stored_event_edited_behind_the_applications_back_then_verification_names_it(stock_passport):
    p = _history(stock_passport)
    event = PassportEvent.objects.get(passport=p, kind="repaired")
    with connection.cursor() as cursor:  # someone with database access drops the guard and edits history
        cursor.execute(
            "DROP TRIGGER passport_event_append_only"
            + (" ON passports_passportevent" if connection.vendor == "postgresql" else "")
        )
        event.data["public"]["summary"] = "Nothing was ever replaced"
        PassportEvent.objects.filter(pk=event.pk).update(data=event.data)
    report = selectors.verify(p)
    assert not report.ok
    assert any(problem.startswith("event 3:") and "hash" in problem for problem in report.problems)


def test_given_a_sealed_field_edited_then_even_a_public_verifier_detects_it(client, stock_passport):
    p = _history(stock_passport)
    event = PassportEvent.objects.get(passport=p, kind="repaired")
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER passport_event_append_only"
            + (" ON passports_passportevent" if connection.vendor == "postgresql" else "")
        )
        event.data["restricted"]["technician"] = "Someone else"
        PassportEvent.objects.filter(pk=event.pk).update(data=event.data)
    document = client.get(f"/api/v1/passports/{p.serial}/events").json()
    assert not chain.verify(document, _public_keys(client)).ok


def test_given_a_rewritten_chain_when_verified_then_the_head_signature_fails(client, stock_passport):
    """Re-hashing every event after an edit makes a consistent chain, but only the platform key signs heads."""
    p = _history(stock_passport)
    document = client.get(f"/api/v1/passports/{p.serial}/events?level=public").json()
    document["events"][2]["data"]["summary"] = "Forged"
    prev = chain.GENESIS
    for event in document["events"]:
        event["prev_hash"] = prev
        event["hash"] = prev = chain.event_hash(
            chain.event_body(
                passport_id=document["id"],
                seq=event["seq"],
                kind=event["kind"],
                at=event["at"],
                actor=event["actor"],
                data=event["data"],
                sealed=event["sealed"],
                prev=event["prev_hash"],
            )
        )
    document["head"]["hash"] = prev
    report = chain.verify(document, _public_keys(client))
    assert report.problems == ["the head's signature is not valid"]
    forger = Ed25519PrivateKey.generate()
    head = document["head"]
    head["signature"] = chain.sign(
        chain.head_statement(
            passport_id=document["id"], seq=head["seq"], head_hash=prev, signed_at=head["signed_at"]
        ),
        key=forger,
    )
    assert not chain.verify(
        document, _public_keys(client)
    ).ok  # a signature by another key does not pass either


def test_given_the_last_event_removed_when_verified_then_the_signed_head_no_longer_matches(stock_passport):
    p = _history(stock_passport)
    PassportEvent.objects.filter(passport=p, seq=p.head_seq).delete()
    report = selectors.verify(p)
    assert "the signed head does not match the last event (events missing or rewritten)" in report.problems


def test_given_the_platform_key_when_signing_a_head_then_the_published_jwk_verifies_it(
    client, stock_passport
):
    jwk = client.get("/.well-known/jwks.json").json()["keys"][0]
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and jwk["kid"] == stock_passport.head_key_id
    statement = chain.head_statement(
        passport_id=stock_passport.path,
        seq=stock_passport.head_seq,
        head_hash=stock_passport.head_hash,
        signed_at=chain.timestamp(stock_passport.head_signed_at),
    )
    assert chain.signature_valid(statement, stock_passport.head_signature, chain.public_key_from_jwk(jwk))
    assert not chain.signature_valid(
        {**statement, "seq": 99}, stock_passport.head_signature, chain.public_key_from_jwk(jwk)
    )


# Append-only --------------------------------------------------------------------------------------------
def test_given_a_recorded_event_when_anything_tries_to_change_it_then_it_is_refused(stock_passport):
    event = PassportEvent.objects.filter(passport=stock_passport).first()
    event.kind = "recycled"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        PassportEvent.objects.filter(pk=event.pk).update(kind="recycled")


@pytest.mark.django_db(transaction=True)
def test_given_two_writers_at_once_when_both_append_then_the_chain_stays_whole(seller, phone, settings):
    p = services.open_stock_passport(seller=seller, variant=phone)
    errors: list[Exception] = []
    start = threading.Barrier(2)

    def write(health: int) -> None:
        try:
            start.wait()
            for offset in range(3):
                services.record_event(
                    passport=Passport.objects.get(pk=p.pk),
                    kind="battery_measured",
                    actor=Actor.of_seller(seller),
                    data={"battery_health": health + offset},
                )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(h,)) for h in (80, 90)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    p.refresh_from_db()
    assert list(PassportEvent.objects.filter(passport=p).values_list("seq", flat=True)) == list(range(1, 8))
    assert selectors.verify(p).ok
