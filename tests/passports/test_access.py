"""Access levels (EU ESPR): each field's level decides who reads it; the public never sees personal data;
asking for more than one's level is refused (API, resolver and page)."""

from __future__ import annotations

import json

import pytest

from comeback.passports import access
from comeback.passports.handlers import passport_for_line
from tests.factories import SellerFactory, UserFactory
from tests.orders.helpers import VALID_IMEI

HTML = "text/html"


@pytest.fixture
def unit(shipped_line):
    return passport_for_line(shipped_line.pk)


def test_given_a_sold_unit_when_the_public_reads_it_then_no_imei_owner_or_legal_data_anywhere(
    api, unit, buyer
):
    body = api.get(f"/api/v1/passports/{unit.serial}").expect(200)
    text = json.dumps(body)
    assert body["level"] == "public" and body["restricted"] is None and body["authority"] is None
    assert VALID_IMEI not in text
    assert buyer.email not in text and "Ada Lovelace" not in text and "Rivoli" not in text
    assert body["sale"] == {**body["sale"], "market": "FR", "warranty_months": 12}
    assert "order_ref" not in body["sale"]
    events = api.get(f"/api/v1/passports/{unit.serial}/events").expect(200)
    assert VALID_IMEI not in json.dumps(events)
    assert all(e["disclosed"] is None for e in events["events"])


def test_given_the_refurbisher_when_it_reads_its_unit_then_it_sees_the_restricted_level(api, unit, seller):
    body = api.as_(seller.user, ["seller"]).get(f"/api/v1/passports/{unit.serial}").expect(200)
    assert body["level"] == "restricted"
    assert body["restricted"]["imei"] == VALID_IMEI
    assert body["authority"] is None
    events = api.as_(seller.user, ["seller"]).get(f"/api/v1/passports/{unit.serial}/events").expect(200)
    assert set(events["events"][0]["disclosed"]) == {"restricted"}


def test_given_a_seller_token_without_the_seller_scope_when_reading_then_only_public(api, unit, seller):
    assert (
        api.as_(seller.user, ["buyer"]).get(f"/api/v1/passports/{unit.serial}").expect(200)["level"]
        == "public"
    )


@pytest.mark.parametrize("grant_role", ["repairer", "recycler"])
def test_given_a_granted_repairer_or_recycler_when_reading_then_restricted(api, unit, grant_role):
    from comeback.passports import services

    user = UserFactory()
    services.grant_access(user=user, role=grant_role, organisation="Circular Co")
    body = api.as_(user, ["buyer"]).get(f"/api/v1/passports/{unit.serial}").expect(200)
    assert body["level"] == "restricted" and body["restricted"]["imei"] == VALID_IMEI


def test_given_an_authority_or_staff_when_reading_then_every_field(api, unit, authority, staff, seller):
    for user, scopes in ((authority, ["buyer"]), (staff, ["staff"])):
        body = api.as_(user, scopes).get(f"/api/v1/passports/{unit.serial}").expect(200)
        assert body["level"] == "authority"
        assert body["authority"]["issuer_legal"]["legal_name"] == seller.legal_name
        assert body["sale"]["order_ref"].startswith("ORD")
    assert api.as_(staff, ["buyer"]).get(f"/api/v1/passports/{unit.serial}").expect(200)["level"] == "public"


@pytest.mark.parametrize("path", ["/api/v1/passports/{serial}", "/api/v1/passports/{serial}/events"])
def test_given_a_reader_when_asking_above_its_level_then_403(api, unit, buyer, seller, path):
    url = path.format(serial=unit.serial)
    assert api.get(url, {"level": "restricted"}).expect(403)["code"] == "passport_level_forbidden"
    assert api.as_(buyer).get(url, {"level": "restricted"}).expect(403)["code"] == "passport_level_forbidden"
    assert api.as_(seller.user, ["seller"]).get(url, {"level": "authority"}).expect(403)["code"] == (
        "passport_level_forbidden"
    )
    assert api.as_(seller.user, ["seller"]).get(url, {"level": "public"}).expect(200)["level"] == "public"
    assert api.get(url, {"level": "secret"}).expect(422)["code"] == "invalid_level"


def test_given_a_bad_token_when_reading_then_401_rather_than_a_silent_public_answer(api, unit):
    from tests.conftest import ApiClient

    assert (
        ApiClient("cb_nope_nope").get(f"/api/v1/passports/{unit.serial}").expect(401)["code"]
        == "not_authenticated"
    )
    assert api.get("/api/v1/passports/NOSUCHUNIT1").expect(404)["code"] == "passport_not_found"


def test_given_the_resolver_when_a_token_is_sent_then_json_is_at_its_level(client, unit, seller):
    from comeback.accounts.services import issue_token

    token = issue_token(user=seller.user, scopes=["seller"]).secret
    public = json.loads(client.get(unit.path, HTTP_ACCEPT="application/json").content)
    restricted = json.loads(
        client.get(unit.path, HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION=f"Bearer {token}").content
    )
    assert public["level"] == "public" and VALID_IMEI not in json.dumps(public)
    assert restricted["restricted"]["imei"] == VALID_IMEI
    bad = client.get(unit.path, HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION="Bearer cb_nope_nope")
    assert bad.status_code == 401 and json.loads(bad.content)["code"] == "not_authenticated"
    assert bad["WWW-Authenticate"].startswith("Bearer")
    response = client.get(
        unit.path,
        {"level": "authority"},
        HTTP_ACCEPT="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "passport_level_forbidden"


def test_given_the_passport_page_then_the_imei_shows_only_to_professionals(client, unit, seller):
    assert VALID_IMEI not in client.get(unit.path, HTTP_ACCEPT=HTML).content.decode()
    client.force_login(seller.user)
    page = client.get(unit.path, HTTP_ACCEPT=HTML)
    assert VALID_IMEI in page.content.decode() and page["Cache-Control"] == "private, no-store"
    assert VALID_IMEI not in client.get(unit.path, {"level": "public"}, HTTP_ACCEPT=HTML).content.decode()
    other = SellerFactory(
        user=UserFactory()
    )  # any refurbisher reads the restricted level (ESPR), not only the issuer
    client.force_login(other.user)
    assert VALID_IMEI in client.get(unit.path, HTTP_ACCEPT=HTML).content.decode()
    client.force_login(UserFactory())
    assert client.get(unit.path, {"level": "restricted"}, HTTP_ACCEPT=HTML).status_code == 403


def test_given_a_revoked_grant_when_reading_then_back_to_public(unit, repairer):
    from comeback.passports import services
    from comeback.passports.models import PassportAccessGrant

    assert access.viewer_for(repairer).level == "restricted"
    services.revoke_grant(grant_id=PassportAccessGrant.objects.get(user=repairer).pk)
    assert access.viewer_for(repairer).level == "public"
