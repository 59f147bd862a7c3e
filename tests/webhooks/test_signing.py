from __future__ import annotations

import hashlib
import hmac
import json
import re

import pytest

from comeback.webhooks import signing

SECRET = "whsec_test-secret"
BODY = b'{"data":{"seller_id":1},"id":"evt_1","type":"order.created"}'


def test_given_a_body_when_signed_then_the_header_is_t_and_v1_hex():
    header = signing.header(SECRET, 1_760_000_000, BODY)
    assert re.fullmatch(r"t=1760000000,v1=[0-9a-f]{64}", header)


def test_given_the_documented_recipe_when_computed_by_hand_then_it_matches_the_header():
    # docs/webhooks.md: HMAC-SHA256 with the secret as key over "<t>.<raw body>", hex.
    expected = hmac.new(SECRET.encode(), b"1760000000." + BODY, hashlib.sha256).hexdigest()
    assert signing.header(SECRET, 1_760_000_000, BODY) == f"t=1760000000,v1={expected}"


def test_given_a_signed_body_when_verified_within_tolerance_then_it_passes():
    header = signing.header(SECRET, 1_760_000_000, BODY)
    assert signing.verify(SECRET, BODY, header, now=1_760_000_120) == 1_760_000_000


@pytest.mark.parametrize(
    "secret, body, now, reason",
    [
        ("whsec_other", BODY, 1_760_000_000, "signature mismatch"),
        (SECRET, BODY.replace(b"1", b"2"), 1_760_000_000, "signature mismatch"),
        (SECRET, BODY, 1_760_000_000 + 301, "timestamp outside the tolerance"),
    ],
)
def test_given_a_wrong_secret_tampered_body_or_old_timestamp_when_verified_then_it_is_refused(
    secret, body, now, reason
):
    header = signing.header(SECRET, 1_760_000_000, BODY)
    with pytest.raises(signing.InvalidSignature, match=reason):
        signing.verify(secret, body, header, now=now)


@pytest.mark.parametrize("header", ["", "t=abc,v1=00", "v1=00", "t=1760000000"])
def test_given_a_malformed_header_when_verified_then_it_is_refused(header):
    with pytest.raises(signing.InvalidSignature):
        signing.verify(SECRET, BODY, header, now=1_760_000_000)


def test_given_an_envelope_when_encoded_twice_then_the_bytes_are_identical_and_compact():
    envelope = {
        "type": "order.created",
        "id": "evt_1",
        "data": {"b": 1, "a": "é"},
        "created_at": "2026-01-01T00:00:00Z",
    }
    body = signing.encode_body(envelope)
    assert body == signing.encode_body(dict(reversed(list(envelope.items()))))
    assert json.loads(body) == envelope
    assert b" " not in body


def test_given_two_new_secrets_then_they_differ_and_carry_the_prefix():
    a, b = signing.new_secret(), signing.new_secret()
    assert a != b and a.startswith("whsec_") and len(a) > 40


def _docs() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / "docs" / "webhooks.md").read_text()


def test_given_the_python_snippet_in_the_docs_when_run_then_it_accepts_our_signature_and_refuses_a_forgery():
    import time

    docs = _docs()
    snippet = docs.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(snippet, "docs/webhooks.md", "exec"), namespace)
    verify = namespace["verify_comeback_signature"]
    now = int(time.time())
    assert verify(SECRET, BODY, signing.header(SECRET, now, BODY))
    assert not verify(SECRET, BODY + b" ", signing.header(SECRET, now, BODY))
    assert not verify("whsec_other", BODY, signing.header(SECRET, now, BODY))
    assert not verify(SECRET, BODY, signing.header(SECRET, now - 301, BODY))


def test_given_the_example_request_in_the_docs_then_its_signature_is_correct():
    docs = _docs()
    header = docs.split("Comeback-Signature: ", 1)[1].split("\n", 1)[0]
    body = docs.split(header + "\n\n", 1)[1].split("\n", 1)[0].encode()
    assert signing.verify("whsec_doc-example-secret", body, header, now=1803891600) == 1803891600
