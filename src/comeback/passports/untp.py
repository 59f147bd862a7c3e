"""The passport as a UN Transparency Protocol Digital Product Passport: a W3C Verifiable Credential (data
model 2.0) in JSON-LD, secured with a Data Integrity proof, cryptosuite `eddsa-jcs-2022`, signed with
the platform's Ed25519 key (docs/passports.md "UNTP credential").

The issuer is `did:web:<our host>`; its DID document at /.well-known/did.json carries the public key as
a Multikey. The credential is public-level only and binds the chain: its traceability link carries the
chain head's hash, so a verifier can fetch the events and check that they are the ones credentialed.
The credential is deterministic for a given chain head (issued at the head's signing time).
"""

from __future__ import annotations

import hashlib
import uuid

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import chain, conf

UNTP_DPP_CONTEXT = "https://test.uncefact.org/vocabulary/untp/dpp/0.5.0/"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CRYPTOSUITE = "eddsa-jcs-2022"
MULTIKEY_ED25519 = b"\xed\x01"  # multicodec ed25519-pub
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
LINK_TYPES = "https://test.uncefact.org/vocabulary/linkTypes/"


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    number = 0
    for ch in text:
        number = number * 58 + _B58.index(ch)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey(public: Ed25519PublicKey) -> str:
    return "z" + b58encode(MULTIKEY_ED25519 + chain.public_raw(public))


def public_key_from_multikey(value: str) -> Ed25519PublicKey:
    raw = b58decode(value[1:]) if value.startswith("z") else b""
    if not raw.startswith(MULTIKEY_ED25519):
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verification_method() -> str:
    return f"{conf.did()}#{chain.key_id()}"


def did_document() -> dict:
    public = chain.signing_key().public_key()
    method = {"id": verification_method(), "type": "Multikey", "controller": conf.did(),
              "publicKeyMultibase": multikey(public)}
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": conf.did(), "verificationMethod": [method],
        "assertionMethod": [method["id"]], "authentication": [method["id"]],
    }


# The credential ------------------------------------------------------------------------------------------
def _material(row: dict) -> dict:
    out = {"type": ["Material"], "name": row["material"],
           "materialType": {"type": ["Classification"], "name": row["material"]}}
    if isinstance(row.get("percent"), int):
        out["massFraction"] = row["percent"] / 100  # UNTP: the share of the product's mass, 0–1
    return out


def credential_subject(doc: dict) -> dict:
    """UNTP DPP 0.5.0 `Product` from a public passport document (selectors.document)."""
    product = doc["product"]
    variant = product.get("variant") or {}
    base = conf.base_url()
    links = doc["links"]
    subject = {
        "type": ["Product"], "id": doc["uri"],
        "name": " ".join(x for x in (product.get("brand"), product.get("name"), variant.get("label")) if x),
        "registeredId": doc["gtin"],
        "idScheme": {"type": ["IdentifierScheme"], "id": "https://id.gs1.org/01/",
                     "name": "Global Trade Item Number (GTIN)"},
        "serialNumber": doc["serial"], "granularityLevel": "item",
        "productCategory": [{"type": ["Classification"], "code": product.get("category", ""),
                             "name": product.get("category_name", ""),
                             "schemeID": base + "/c/", "schemeName": "Comeback catalogue"}],
        "producedByParty": {"type": ["Identifier"], "name": product.get("brand", "")},
        "characteristic": {"life": doc["life"], "status": doc["status"], "owners": doc["ownership"]["owners"]},
        "materialsProvenance": [_material(m) for m in doc.get("materials", [])],
        "furtherInformation": [{"type": ["Link"], "linkURL": base + links["passport"], "linkName": "Passport"}],
        "traceabilityInformation": [{
            "type": ["TraceabilityPerformance"], "valueChainProcess": "refurbishment, sale, use and repair",
            "verifiedRatio": 1,
            "traceabilityEvent": [{
                "type": ["SecureLink", "Link"], "linkURL": base + links["events"],
                "linkName": "Tamper-evident event chain", "linkType": LINK_TYPES + "dte",
                "hashDigest": doc["chain"]["head"]["hash"], "hashMethod": "SHA-256",
            }],
        }],
    }
    if doc.get("origin"):
        subject["countryOfProduction"] = doc["origin"]
    if doc.get("weight_grams"):
        subject["dimensions"] = {"type": ["Dimension"], "weight": {"value": doc["weight_grams"], "unit": "GRM"}}
    if doc.get("grading"):
        subject["characteristic"]["grade"] = doc["grading"]["grade"]
    if doc["battery_health"]:
        subject["characteristic"]["batteryHealthPercent"] = doc["battery_health"][-1]["health"]
    if doc.get("repair_instructions") or doc.get("care_instructions"):
        subject["circularityScorecard"] = {"type": ["CircularityPerformance"], "repairInformation": {
            "type": ["Link"], "linkURL": base + links["passport"] + "#instructions", "linkName": "Care and repair"}}
    if doc.get("previous"):
        subject["furtherInformation"].append({"type": ["Link"], "linkURL": doc["previous"]["uri"],
                                              "linkName": "Passport of this unit's previous life"})
    if doc.get("impact"):
        imp = doc["impact"]
        subject["conformityClaim"] = [{
            "type": ["Claim", "Declaration"], "conformityTopic": "environment.emissions", "conformance": True,
            "declaredValue": [
                {"type": ["Metric"], "metricName": "Avoided GHG emissions per year of use versus new",
                 "metricValue": {"value": imp["co2e_kg_per_year"], "unit": "KGM"}},
                {"type": ["Metric"], "metricName": "Avoided raw materials per year of use versus new",
                 "metricValue": {"value": imp["materials_kg_per_year"], "unit": "KGM"}},
            ],
            "referenceStandard": {"type": ["Standard"], "name": imp["source"],
                                  "issueDate": f"{imp['year']}-01-01"},
        }]
    return subject


def credential(doc: dict, *, key: Ed25519PrivateKey | None = None) -> dict:
    """The signed UNTP DPP credential of a public passport document."""
    head = doc["chain"]["head"]
    issued = head.get("signed_at") or chain.timestamp(doc["opened_at"])
    vc = {
        "@context": [VC_CONTEXT, UNTP_DPP_CONTEXT],
        "type": ["DigitalProductPassport", "VerifiableCredential"],
        "id": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{doc['uri']}#{head['hash']}")),
        "issuer": {"type": ["CredentialIssuer"], "id": conf.did(), "name": "Comeback"},
        "validFrom": issued,
        "credentialSubject": credential_subject(doc),
    }
    return sign(vc, created=issued, key=key)


# eddsa-jcs-2022 (W3C VC Data Integrity EdDSA Cryptosuites v1.0, §3.3) --------------------------------------
def _hash_data(document: dict, proof_options: dict) -> bytes:
    config = {**proof_options, "@context": document["@context"]}
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    return hashlib.sha256(chain.canonical(config)).digest() + hashlib.sha256(chain.canonical(unsecured)).digest()


def sign(document: dict, *, created: str, key: Ed25519PrivateKey | None = None) -> dict:
    key = key or chain.signing_key()
    options = {"type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE, "created": created,
               "verificationMethod": f"{conf.did()}#{chain.key_id(key.public_key())}",
               "proofPurpose": "assertionMethod"}
    signature = key.sign(_hash_data(document, options))
    return {**document, "proof": {**options, "proofValue": "z" + b58encode(signature)}}


def verify(document: dict, public: Ed25519PublicKey) -> bool:
    proof = dict(document.get("proof") or {})
    value = proof.pop("proofValue", "")
    if proof.get("cryptosuite") != CRYPTOSUITE or not value.startswith("z"):
        return False
    try:
        public.verify(b58decode(value[1:]), _hash_data(document, proof))
    except (InvalidSignature, ValueError):
        return False
    return True
