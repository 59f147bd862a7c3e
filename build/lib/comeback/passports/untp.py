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
from django.utils import translation

from comeback.catalog import textile

from . import chain, conf

UNTP_DPP_VERSION = "0.6.1"
UNTP_DPP_CONTEXT = f"https://test.uncefact.org/vocabulary/untp/dpp/{UNTP_DPP_VERSION}/"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CRYPTOSUITE = "eddsa-jcs-2022"
MULTIKEY_ED25519 = b"\xed\x01"  # multicodec ed25519-pub
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
LINK_TYPES = "https://test.uncefact.org/vocabulary/linkTypes/"
GS1_VOC = "https://gs1.org/voc/"
GTIN_SCHEME = "https://id.gs1.org/01/"


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


def did_document(keys: dict[str, Ed25519PublicKey] | None = None) -> dict:
    """The issuer's DID document (W3C DID Core 1.0, did:web): every passport key as a Multikey, the current
    one first, then the retired ones, so credentials and heads signed before a rotation still verify.
    `keys` maps key id → public key (default: the keys the platform publishes)."""
    keys = keys if keys is not None else chain.current_keys()
    methods = [
        {
            "id": f"{conf.did()}#{kid}",
            "type": "Multikey",
            "controller": conf.did(),
            "publicKeyMultibase": multikey(public),
        }
        for kid, public in keys.items()
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": conf.did(),
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


# The credential ------------------------------------------------------------------------------------------
def _link(url: str, name: str, link_type: str = "") -> dict:
    link = {"type": ["Link"], "linkURL": url, "linkName": name}
    if link_type:
        link["linkType"] = link_type
    return link


def _material(row: dict) -> dict:
    out = {"type": ["Material"], "name": row["material"]}
    if isinstance(row.get("percent"), int | float):
        out["massFraction"] = row["percent"] / 100  # UNTP: the share of the product's mass, 0–1
    if isinstance(row.get("recycled_percent"), int | float):
        out["recycledMassFraction"] = row["recycled_percent"] / 100
    return out


def _english(label) -> str:
    """A vocabulary's words in English: the credential reads the same whatever the reader's language."""
    with translation.override("en"):
        return str(label)


def _facts(doc: dict) -> dict:
    """The passport's textile facts by their codes (the document's `textile` adds words in the reader's
    language, which the credential does not use)."""
    shown = doc.get("textile") or {}
    return (
        {
            "composition": [
                {
                    "part": c["part"],
                    "fibres": [{"fibre": f["fibre"], "percent": f["percent"]} for f in c["fibres"]],
                }
                for c in shown.get("composition", [])
            ],
            "stages": {s["stage"]: s["country"] for s in shown.get("stages", [])},
            "care": {c["group"]: c["symbol"] for c in shown.get("care", [])},
        }
        if shown
        else {}
    )


def _textile_materials(facts: dict) -> list[dict]:
    """A garment's fibres (Regulation (EU) No 1007/2011 names) as UNTP materials: the main part's (or the
    upper's) fibres carry `massFraction`, the label's composition; the other parts' are named with their
    part, without a fraction of the whole we do not know. `originCountry` is the spinning country, the
    earliest stage recorded (where the fibre became yarn)."""
    spun = facts.get("stages", {}).get("spinning")
    parts = facts.get("composition", [])
    main = next(
        (c["part"] for c in parts if c["part"] in ("main", "upper")), parts[0]["part"] if parts else None
    )
    out = []
    for part in parts:
        for row in part["fibres"]:
            name = _english(textile.FIBRES.get(row["fibre"], row["fibre"]))
            material = {"type": ["Material"], "name": name}
            if part["part"] == main:
                material["massFraction"] = row["percent"] / 100
            else:
                material["name"] = f"{name} ({_english(textile.PARTS[part['part']]).lower()})"
            if spun and part["part"] == main:
                material["originCountry"] = spun
            out.append(material)
    return out


def _stages(facts: dict) -> list[dict]:
    """The manufacturing stages and their countries, as declared by the brand (not traced event by event:
    `verifiedRatio` 0)."""
    return [
        {
            "type": ["TraceabilityPerformance"],
            "valueChainProcess": f"{_english(textile.STAGES[stage])}: {country}",
            "verifiedRatio": 0,
        }
        for stage, country in facts.get("stages", {}).items()
        if stage in textile.STAGES
    ]


def _characteristics(doc: dict) -> dict:
    """Our own facts about the unit (UNTP leaves `Characteristics` open to each industry)."""
    out = {"type": ["Characteristics"], "life": doc["life"], "status": doc["status"]}
    out["owners"] = doc["ownership"]["owners"]
    if doc.get("grading"):
        out["grade"] = doc["grading"]["grade"]
    if doc["battery_health"]:
        out["batteryHealthPercent"] = doc["battery_health"][-1]["health"]
    if doc.get("warranty", {}).get("until"):
        out["warrantyUntil"] = str(doc["warranty"]["until"])
    if doc.get("energy_label"):
        out["energyLabel"] = doc["energy_label"]
    facts = _facts(doc)
    if facts.get("stages"):
        out["manufacturingStages"] = [{"stage": k, "country": v} for k, v in facts["stages"].items()]
    if facts.get("care"):
        out["careSymbolsISO3758"] = facts["care"]
    if facts:
        out["repairs"] = len(doc.get("repairs", []))
        out["alterations"] = len(doc.get("alterations", []))
    return out


def product(doc: dict) -> dict:
    """UNTP `Product`: the unit itself (item granularity), identified by its GS1 Digital Link URI."""
    meta = doc["product"]
    variant = meta.get("variant") or {}
    base = conf.base_url()
    links = doc["links"]
    category = meta.get("category", "")
    out = {
        "type": ["Product"],
        "id": doc["uri"],
        "name": " ".join(x for x in (meta.get("brand"), meta.get("name"), variant.get("label")) if x),
        "registeredId": doc["gtin"],
        "idScheme": {
            "type": ["IdentifierScheme"],
            "id": GTIN_SCHEME,
            "name": "Global Trade Item Number (GTIN)",
        },
        "serialNumber": doc["serial"],
        "productCategory": [
            {
                "type": ["Classification"],
                "id": base + links["category"],
                "code": category,
                "name": meta.get("category_name") or category,
                "schemeID": base + "/c/",
                "schemeName": "Comeback catalogue categories",
            }
        ],
        "producedByParty": {"id": base + links["brand"], "name": meta.get("brand", "")},
        "characteristics": _characteristics(doc),
        "furtherInformation": [
            _link(base + links["passport"], "Digital product passport", GS1_VOC + "defaultLink"),
            _link(base + links["product_page"], "Product page", GS1_VOC + "pip"),
        ],
    }
    images = doc.get("images") or []
    if images:  # UNTP has room for one image: the first, best one
        out["productImage"] = _link(_absolute(images[0]["url"]), images[0]["alt"], "image")
    made_in = doc.get("origin") or _facts(doc).get("stages", {}).get("making_up")
    if made_in:
        out["countryOfProduction"] = made_in
    if doc.get("weight_grams"):
        out["dimensions"] = {
            "type": ["Dimension"],
            "weight": {"type": ["Measure"], "value": doc["weight_grams"], "unit": "GRM"},
        }
    if doc.get("previous"):
        out["furtherInformation"].append(
            _link(doc["previous"]["uri"], "Passport of this unit's previous life")
        )
    return out


def _absolute(url: str) -> str:
    return url if "://" in url else conf.absolute(url)


def _impact_claims(doc: dict) -> list[dict]:
    """Avoided emissions and materials per year of use of this unit instead of a new one, with their
    source: a comparison, said as one (docs/passports.md "Avoided impact")."""
    imp = doc.get("impact")
    if not imp:
        return []
    metrics = [
        (
            "Avoided greenhouse-gas emissions per year of use, refurbished versus new (kg CO2e)",
            "co2e_kg_per_year",
        ),
        (
            "Avoided raw-material extraction per year of use, refurbished versus new (kg)",
            "materials_kg_per_year",
        ),
    ]
    description = "Avoided per year of use of this unit instead of the same device bought new"
    if imp.get("per") == "garment":  # per garment, bought second-hand instead of new (never e-waste)
        metrics = [
            (
                "Avoided greenhouse-gas emissions per garment bought second-hand instead of new (kg CO2e)",
                "co2e_kg_per_item",
            )
        ]
        description = "Avoided by buying this garment second-hand instead of the same garment new"
    claim = {
        "type": ["Claim", "Declaration"],
        "id": doc["uri"] + "#avoided-impact",
        "description": description + (" (an estimate: " + imp["note"] + ")" if imp["estimate"] else ""),
        "conformityTopic": "environment.emissions",
        "conformance": True,
        "declaredValue": [
            {
                "type": ["Metric"],
                "metricName": name,
                "metricValue": {"type": ["Measure"], "value": imp[key], "unit": "KGM"},
            }
            for name, key in metrics
        ],
        "referenceStandard": {
            "type": ["Standard"],
            **({"id": imp["source_url"]} if imp.get("source_url") else {}),
            "name": imp["source"],
            "issuingParty": {
                "id": imp.get("source_party_url") or imp.get("url") or doc["uri"],
                "name": imp.get("source_party") or imp["source"],
            },
            "issueDate": f"{imp['year']}-01-01",
        },
    }
    return [claim]


def credential_subject(doc: dict) -> dict:
    """UNTP DPP `ProductPassport` from a public passport document (selectors.document)."""
    base = conf.base_url()
    links = doc["links"]
    facts = _facts(doc)
    subject = {
        "type": ["ProductPassport"],
        "id": base + links["api"],
        "product": product(doc),
        "granularityLevel": "item",
        "materialsProvenance": _textile_materials(facts)
        if facts.get("composition")
        else [_material(m) for m in doc.get("materials", [])],
        "traceabilityInformation": [
            {
                "type": ["TraceabilityPerformance"],
                "valueChainProcess": "refurbishment, sale, use and repair",
                "verifiedRatio": 1,
                "traceabilityEvent": [
                    {
                        "type": ["SecureLink", "Link"],
                        "linkURL": base + links["events"],
                        "linkName": "Tamper-evident event chain",
                        "linkType": LINK_TYPES + "dte",
                        "hashDigest": doc["chain"]["head"]["hash"],
                        "hashMethod": "SHA-256",
                    }
                ],
            },
            *_stages(facts),
        ],
    }
    circularity = {"type": ["CircularityPerformance"]}
    if doc.get("repair_instructions") or doc.get("care_instructions") or doc.get("energy_label") or facts:
        circularity["repairInformation"] = _link(
            base + links["passport"] + "#instructions", "Care and repair"
        )
    recycled = [m for m in doc.get("materials", []) if isinstance(m.get("recycled_percent"), int | float)]
    if recycled and all(isinstance(m.get("percent"), int | float) for m in recycled):
        circularity["recycledContent"] = sum(m["percent"] * m["recycled_percent"] for m in recycled) / 10000
    if len(circularity) > 1:
        subject["circularityScorecard"] = circularity
    footprint = (doc.get("impact") or {}).get("footprint_kg_per_year")
    if footprint is not None:  # only where a source gives the product's own footprint, never a guess
        subject["emissionsScorecard"] = {
            "type": ["EmissionsPerformance"],
            "carbonFootprint": footprint,
            "declaredUnit": "ANN",  # per year of use
            "operationalScope": "CradleToGrave",
            "primarySourcedRatio": 0,
        }
    claims = _impact_claims(doc)
    if claims:
        subject["conformityClaim"] = claims
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
    return (
        hashlib.sha256(chain.canonical(config)).digest() + hashlib.sha256(chain.canonical(unsecured)).digest()
    )


def sign(document: dict, *, created: str, key: Ed25519PrivateKey | None = None) -> dict:
    key = key or chain.signing_key()
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": f"{conf.did()}#{chain.key_id(key.public_key())}",
        "proofPurpose": "assertionMethod",
    }
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
