"""The passport as a UNTP Digital Product Passport: a W3C Verifiable Credential with an eddsa-jcs-2022
proof anyone can check against the platform's did:web document."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path

from jsonschema import Draft202012Validator

from comeback.passports import untp
from comeback.passports.handlers import passport_for_line
from tests.orders.helpers import walk

SCHEMA = json.loads((Path(__file__).parent / "data/untp/untp-dpp-schema-0.6.1.json").read_text())


def _schema_errors(vc: dict) -> list[str]:
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(vc)]


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
    assert subject["type"] == ["ProductPassport"] and subject["granularityLevel"] == "item"
    product = subject["product"]
    assert product["id"] == "https://comeback.test" + stock_passport.path
    assert product["registeredId"] == stock_passport.gtin and product["serialNumber"] == stock_passport.serial
    assert product["idScheme"]["id"] == "https://id.gs1.org/01/"
    assert product["producedByParty"]["name"] == stock_passport.product.brand.name
    assert product["productCategory"][0]["code"] == "smartphones"
    assert product["productImage"]["linkURL"].startswith("https://comeback.test/static/")
    assert vc["issuer"]["id"] == "did:web:comeback.test"
    assert {m["name"] for m in subject["materialsProvenance"]} == {"aluminium", "glass"}
    link = subject["traceabilityInformation"][0]["traceabilityEvent"][0]
    assert link["hashDigest"] == stock_passport.head_hash and link["linkURL"].endswith("/events")
    method, public = _key(client)
    assert (
        vc["proof"]["cryptosuite"] == "eddsa-jcs-2022" and vc["proof"]["verificationMethod"] == method["id"]
    )
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


def test_given_a_unit_in_stock_when_its_credential_is_checked_against_the_untp_schema_then_it_is_valid(
    client, stock_passport
):
    vc = client.get(f"/api/v1/passports/{stock_passport.serial}/credential").json()
    assert _schema_errors(vc) == []
    assert [m["massFraction"] for m in vc["credentialSubject"]["materialsProvenance"]] == [0.23, 0.25]


def test_given_a_delivered_unit_when_its_credential_is_checked_then_valid_with_its_avoided_impact_claim(
    client, shipped_line, frozen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(shipped_line, "delivered")
    frozen.shift(timedelta(days=365))
    p = passport_for_line(shipped_line.pk)
    vc = client.get(f"/api/v1/passports/{p.serial}/credential").json()
    assert _schema_errors(vc) == []
    claim = vc["credentialSubject"]["conformityClaim"][0]
    assert claim["conformityTopic"] == "environment.emissions"
    assert claim["referenceStandard"]["issuingParty"]["name"] == "ADEME"
    assert claim["declaredValue"][0]["metricValue"] == {"type": ["Measure"], "value": 24.6, "unit": "KGM"}
    assert untp.verify(vc, _key(client)[1])


def test_given_the_schema_when_a_required_field_is_missing_then_the_validator_names_it(
    client, stock_passport
):
    """The schema check is real: dropping what UNTP requires fails it."""
    vc = client.get(f"/api/v1/passports/{stock_passport.serial}/credential").json()
    del vc["credentialSubject"]["product"]["name"]
    vc["credentialSubject"]["granularityLevel"] = "unit"
    errors = _schema_errors(vc)
    assert any("'name' is a required property" in e for e in errors)
    assert any(e.startswith("credentialSubject/granularityLevel") for e in errors)


def test_given_a_rotated_key_when_the_did_document_is_built_then_both_keys_are_listed_and_verify():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from comeback.passports import chain

    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = {chain.key_id(k.public_key()): k.public_key() for k in (new, old)}
    did = untp.did_document(keys)
    assert [m["id"].split("#")[1] for m in did["verificationMethod"]] == list(keys)
    assert did["assertionMethod"] == [m["id"] for m in did["verificationMethod"]]
    retired = did["verificationMethod"][1]
    public = untp.public_key_from_multikey(retired["publicKeyMultibase"])
    signed = untp.sign(
        {"@context": [untp.VC_CONTEXT], "id": "urn:x"}, created="2027-01-01T00:00:00Z", key=old
    )
    assert untp.verify(signed, public)


def test_given_no_site_url_when_the_did_document_is_fetched_then_its_id_is_the_requests_host(
    client, settings, db
):
    settings.SITE_URL = settings.PASSPORT_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["shop.local"]
    did = client.get("/.well-known/did.json", HTTP_HOST="shop.local:8642").json()
    assert did["id"] == "did:web:shop.local%3A8642"
    assert did["verificationMethod"][0]["controller"] == did["id"]
