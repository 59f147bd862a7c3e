"""The passport as a UNTP Digital Product Passport: a W3C Verifiable Credential with an eddsa-jcs-2022
proof anyone can check against the platform's did:web document."""

from __future__ import annotations

import copy

from comeback.passports import untp


def _key(client):
    did = client.get("/.well-known/did.json").json()
    assert did["id"] == "did:web:comeback.test"
    method = did["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["id"] in did["assertionMethod"]
    return method, untp.public_key_from_multikey(method["publicKeyMultibase"])


def test_given_a_passport_when_fetching_its_credential_then_a_signed_untp_dpp(client, stock_passport):
    response = client.get(f"/api/v1/passports/{stock_passport.serial}/credential")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+ld+json"
    vc = response.json()
    assert vc["@context"] == [untp.VC_CONTEXT, untp.UNTP_DPP_CONTEXT]
    assert "DigitalProductPassport" in vc["type"] and "VerifiableCredential" in vc["type"]
    subject = vc["credentialSubject"]
    assert subject["id"] == "https://comeback.test" + stock_passport.path
    assert subject["registeredId"] == stock_passport.gtin and subject["serialNumber"] == stock_passport.serial
    assert subject["granularityLevel"] == "item"
    assert {m["name"] for m in subject["materialsProvenance"]} == {"aluminium", "glass"}
    link = subject["traceabilityInformation"][0]["traceabilityEvent"][0]
    assert link["hashDigest"] == stock_passport.head_hash and link["linkURL"].endswith("/events")
    method, public = _key(client)
    assert vc["proof"]["cryptosuite"] == "eddsa-jcs-2022" and vc["proof"]["verificationMethod"] == method["id"]
    assert untp.verify(vc, public)


def test_given_a_credential_altered_in_transit_when_verified_then_the_proof_fails(client, stock_passport):
    vc = client.get(f"/api/v1/passports/{stock_passport.serial}/credential").json()
    _method, public = _key(client)
    forged = copy.deepcopy(vc)
    forged["credentialSubject"]["serialNumber"] = "FORGED000001"
    assert not untp.verify(forged, public)
    forged = copy.deepcopy(vc)
    forged["proof"]["created"] = "2000-01-01T00:00:00Z"
    assert not untp.verify(forged, public)


def test_given_the_same_chain_head_then_the_credential_is_the_same(client, stock_passport):
    url = f"/api/v1/passports/{stock_passport.serial}/credential"
    assert client.get(url).json() == client.get(url).json()
    assert client.get("/api/v1/passports/NOSUCHUNIT1/credential").status_code == 404


def test_given_bytes_when_base58_round_tripped_then_identical():
    for data in (b"", b"\0\0abc", bytes(range(40))):
        assert untp.b58decode(untp.b58encode(data)) == data
