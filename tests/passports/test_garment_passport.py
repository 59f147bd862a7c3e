"""The garment passport: a garment model's fibres, manufacturing countries and care (catalog/textile.py),
its repairs and alterations and its count of owners, on the page in four languages, in the JSON and in the
UNTP credential; its avoided impact per garment from a published source, with no e-waste."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comeback.catalog import services as catalogue
from comeback.passports import impact, selectors, services, untp
from comeback.passports.kinds import ALTERATION_SERVICES, Actor
from comeback.repair.models import ServiceKind
from tests.factories import BrandFactory, CategoryFactory, VariantFactory
from tests.orders.helpers import T0

from .test_untp import _key, _schema_errors

HTML = "text/html"
FACTS = {
    "composition": [
        {"part": "main", "fibres": [{"fibre": "cotton", "percent": 99}, {"fibre": "elastane", "percent": 1}]},
        {"part": "lining", "fibres": [{"fibre": "polyester", "percent": 100}]},
    ],
    "stages": {"spinning": "IN", "weaving_knitting": "TR", "dyeing_finishing": "TR", "making_up": "PT"},
    "care": {
        "washing": "wash_30_mild",
        "bleaching": "no_bleach",
        "drying": "no_tumble",
        "ironing": "iron_medium",
    },
}


@pytest.fixture
def jeans(db):
    category = CategoryFactory(slug="jeans", kind="apparel", condition_scheme="apparel", battery_floor=None)
    product = catalogue.create_product(
        category=category,
        brand=BrandFactory(name="Indigo Works", slug="indigo-works"),
        name="Straight 501x",
        textile=FACTS,
    )
    return VariantFactory(product=product, attributes={"size": "W32"}, label="W32 · Indigo")


@pytest.fixture
def worn_jeans(frozen, seller, jeans):
    """Jeans in stock, with a zip repaired, the hem taken up, and sold once (one owner so far); the clock
    stays at T0, ten days after the jeans came in."""
    at = T0 - timedelta(days=10)
    p = services.open_stock_passport(seller=seller, variant=jeans, grade="very_good", at=at)
    tailor = Actor.of_seller(seller)
    services.record_event(
        passport=p,
        kind="repaired",
        actor=tailor,
        at=at + timedelta(days=1),
        key="zip",
        data={"summary": "Zip replaced", "service": "garment_zip"},
    )
    services.record_event(
        passport=p,
        kind="repaired",
        actor=tailor,
        at=at + timedelta(days=2),
        key="hem",
        data={"summary": "Hem taken up by 3 cm", "service": "hem"},
    )
    services.record_event(
        passport=p,
        kind="delivered",
        actor=Actor.system(),
        at=at + timedelta(days=5),
        key="delivered",
        data={"legal_guarantee_months": 24},
    )
    return p


def test_given_the_repair_apps_alterations_then_the_passport_knows_them_by_the_same_codes():
    assert set(ServiceKind.values) >= ALTERATION_SERVICES


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            [
                "Cotton",
                "Elastane",
                "Lining",
                "Spinning",
                "India",
                "Portugal",
                "Wash at 30 °C, mild process",
                "Hem taken up by 3 cm",
                "Alterations",
            ],
        ),
        (
            "fr",
            [
                "Coton",
                "Élasthanne",
                "Doublure",
                "Filature",
                "Inde",
                "Portugal",
                "Lavage à 30 °C, traitement modéré",
                "Retouches",
            ],
        ),
        (
            "de",
            [
                "Baumwolle",
                "Elasthan",
                "Futter",
                "Spinnen",
                "Indien",
                "Portugal",
                "Waschen bei 30 °C, Schonwaschgang",
                "Änderungen",
            ],
        ),
        ("ja", ["綿", "エラスタン", "裏地", "紡績", "インド", "ポルトガル", "30 °C で洗濯（弱）", "お直し"]),
    ],
)
def test_given_a_garment_passport_when_its_page_opens_in_a_language_then_fibres_stages_care_and_alterations_show(
    client, worn_jeans, lang, words, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        page = client.get(worn_jeans.path, HTTP_ACCEPT=HTML, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    for word in words:
        assert word in page, (lang, word)
    assert 'id="owners">1<' in page
    assert "e-waste" not in page and "Battery" not in page


def test_given_a_garment_passport_when_read_as_json_then_the_facts_repairs_alterations_and_owners_are_there(
    api, worn_jeans
):
    doc = api.get(f"/api/v1/passports/{worn_jeans.serial}").expect(200)
    main = doc["textile"]["composition"][0]
    assert main["part"] == "main" and main["fibres"][0] == {
        "fibre": "cotton",
        "fibre_label": "Cotton",
        "percent": 99,
    }
    assert [s["country"] for s in doc["textile"]["stages"]] == ["IN", "TR", "TR", "PT"]
    assert {c["group"]: c["symbol"] for c in doc["textile"]["care"]}["ironing"] == "iron_medium"
    assert [r["service"] for r in doc["repairs"]] == ["garment_zip"]
    assert [a["service"] for a in doc["alterations"]] == ["hem"]
    assert doc["ownership"]["owners"] == 1
    assert "buyer" not in str(doc["ownership"]).lower()


def test_given_a_garment_passport_when_its_credential_is_fetched_then_it_validates_and_carries_provenance(
    client, worn_jeans
):
    vc = client.get(f"/api/v1/passports/{worn_jeans.serial}/credential").json()
    assert _schema_errors(vc) == []
    assert untp.verify(vc, _key(client)[1])
    subject = vc["credentialSubject"]
    materials = subject["materialsProvenance"]
    assert materials[:2] == [
        {"type": ["Material"], "name": "Cotton", "massFraction": 0.99, "originCountry": "IN"},
        {"type": ["Material"], "name": "Elastane", "massFraction": 0.01, "originCountry": "IN"},
    ]
    assert materials[2] == {"type": ["Material"], "name": "Polyester (lining)"}
    assert sum(m.get("massFraction", 0) for m in materials) == pytest.approx(1)
    stages = [t["valueChainProcess"] for t in subject["traceabilityInformation"][1:]]
    assert stages == ["Spinning: IN", "Weaving or knitting: TR", "Dyeing and finishing: TR", "Making-up: PT"]
    characteristics = subject["product"]["characteristics"]
    assert (
        characteristics["owners"] == 1
        and characteristics["alterations"] == 1
        and characteristics["repairs"] == 1
    )
    assert characteristics["careSymbolsISO3758"]["washing"] == "wash_30_mild"
    assert subject["product"]["countryOfProduction"] == "PT"


def test_given_a_french_reader_then_the_credential_is_the_same_as_an_english_one(client, worn_jeans):
    en = client.get(f"/api/v1/passports/{worn_jeans.serial}/credential", HTTP_ACCEPT_LANGUAGE="en").json()
    fr = client.get(f"/api/v1/passports/{worn_jeans.serial}/credential", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert en == fr


def test_given_a_garment_then_its_impact_is_per_garment_versus_new_from_a_dated_source_without_e_waste(
    api, worn_jeans
):
    imp = api.get(f"/api/v1/passports/{worn_jeans.serial}").expect(200)["impact"]
    assert imp["per"] == "garment" and imp["compared_with"] == "new"
    assert (
        imp["co2e_kg_per_item"] == 22.7 and imp["source"].startswith("ADEME (2018)") and imp["year"] == 2018
    )
    assert imp["e_waste_kg"] is None and imp["co2e_kg_per_year"] is None
    factor = impact.item_factor_for(worn_jeans.product.category)
    assert factor is not None and not factor.e_waste


def test_given_every_garment_factor_then_it_names_its_source_year_and_what_it_is():
    for factor in impact.ITEM_FACTORS.values():
        assert factor.year and factor.source.party and factor.source.url
        assert factor.note and factor.co2e_kg_per_item > 0


def test_given_a_phone_then_its_passport_has_no_textile_facts(api, stock_passport):
    doc = api.get(f"/api/v1/passports/{stock_passport.serial}").expect(200)
    assert doc["textile"] is None and doc["alterations"] == []
    assert doc["impact"]["per"] == "year_of_use"
    assert selectors.document(stock_passport, "public")["textile"] is None


def test_given_the_demo_garments_then_each_carries_fibres_adding_up_to_100_stages_and_care():
    from comeback.catalog import textile
    from comeback.demo import catalog as demo_catalog
    from comeback.demo.catalog import fashion

    garments = [
        s
        for s in demo_catalog.PRODUCTS
        if s.category in {"jackets", "knitwear", "jeans", "dresses", "shoes", "bags"}
    ]
    assert len(garments) >= 10
    for spec in garments:
        cleaned, errors = textile.check(fashion.textile_facts(spec))
        assert errors == [] and cleaned["composition"] and cleaned["care"], spec.name
    trucker = next(s for s in garments if s.name == "Trucker Jacket")
    facts = fashion.textile_facts(trucker)
    assert facts["composition"][0]["fibres"] == [{"fibre": "cotton", "percent": 100}]
    assert facts["stages"]["making_up"] == "PK" and facts["care"]["washing"] == "wash_30"
