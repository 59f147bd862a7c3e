"""Partner channels: a brand programme's landing page and bonus, a retail network's stores with
the counter trade-in (paid on the spot) and drop-offs, attribution and commission per partner and store,
the partner dashboard and API token; a partner sees only its stores, a store only itself."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from comeback.core import clock
from comeback.core.problems import Invalid
from comeback.tradein import ledger
from comeback.tradein.models import LedgerEntry, PartnerKind, Quote, TradeIn, WipeCertificate
from comeback.tradein.models import TradeInStatus as S
from comeback.tradein.services import partners
from tests.factories import UserFactory

from .factories import (
    ANSWERS,
    BuybackOfferFactory,
    acceptance,
    partner,
    payout_details,
    phone,
    store,
    tradein,
    wipe_draft,
)


@pytest.fixture
def network(db):
    relay = partner(slug="relay", commission_bps=300)
    paris = store(relay, "PAR", commission_bps=400)
    lyon = store(relay, "LYS", city="Lyon")
    return relay, paris, lyon


@pytest.fixture
def rival_network(db):
    other = partner(slug="otherco")
    return other, store(other, "BER", market="DE", city="Berlin")


def counter_sale(st, offer, **accept):
    quote = partners.counter_quote(store=st, product_id=offer.product_id, storage_gb=128, answers=ANSWERS)
    details = {"payout": payout_details(st.market_id)}
    details.update(accept)
    return partners.counter_complete(
        store=st,
        quote_ref=quote.ref,
        acceptance=acceptance(address="", **details),
        wipe=wipe_draft(),
        lock_off=True,
    )


def test_given_a_store_counter_when_the_customer_accepts_then_it_is_paid_on_the_spot_and_the_store_earns_commission(
    network, offer
):
    relay, paris, _lyon = network
    t, payout = counter_sale(paris, offer)
    assert (t.status, t.channel, t.store, t.partner, t.customer) == (S.PAID, "store", paris, relay, None)
    assert payout.status == "sent" and payout.amount == 30000
    assert t.commission_amount == 1200  # the Paris store's 4% overrides the network's 3%
    assert ledger.balance(ledger.partner_account(relay.pk), "EUR") == 1200
    assert LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] == 0
    assert WipeCertificate.objects.get(tradein=t).verification == "passed"


def test_given_a_store_without_an_override_when_paid_then_the_network_commission_applies(network, offer):
    _relay, _paris, lyon = network
    t, _payout = counter_sale(lyon, offer)
    assert t.commission_amount == 900


def test_given_an_underage_customer_at_the_counter_when_completing_then_422_and_nothing_is_created(
    network, offer
):
    _relay, paris, _lyon = network
    with pytest.raises(Invalid) as refused:
        counter_sale(paris, offer, date_of_birth="2012-01-01")
    assert refused.value.code == "underage"
    assert not TradeIn.objects.exists()
    quote = Quote.objects.get(store=paris)
    with pytest.raises(Invalid) as lock_on:
        partners.counter_complete(
            store=paris,
            quote_ref=quote.ref,
            acceptance=acceptance(address=""),
            wipe=wipe_draft(),
            lock_off=False,
        )
    assert lock_on.value.code == "activation_lock_on"


def test_given_an_online_trade_in_when_dropped_off_at_a_store_then_it_is_shipped_and_attributed_to_the_store(
    network,
):
    relay, paris, _lyon = network
    t = tradein("awaiting_shipment")
    t = partners.drop_off(store=paris, ref=t.ref)
    assert (t.status, t.store, t.partner, t.tracking_number) == (S.SHIPPED, paris, relay, "store:PAR")


def test_given_a_brand_landing_page_when_visited_then_its_branding_and_only_eligible_models_show(
    client, offer
):
    brand = partner(kind=PartnerKind.BRAND, slug="novaplay", bonus_bps=1000, colour_primary="#33206e")
    other = phone("Not Eligible")
    BuybackOfferFactory(product=other)
    brand.eligible_models.add(offer.product)
    page = client.get("/partners/novaplay/trade-in")
    html = page.content.decode()
    assert page.status_code == 200 and "/partners/novaplay/brand.css" in html
    assert offer.product.name in html and "Not Eligible" not in html and "+10%" in html
    assert f"/trade-in/models/{offer.product_id}/?partner=novaplay" in html
    css = client.get("/partners/novaplay/brand.css")
    assert css["Content-Type"].startswith("text/css") and b"#33206e" in css.content
    assert client.get("/partners/nobody/trade-in").status_code == 404


def test_given_a_quote_started_on_the_brand_page_when_submitted_then_the_brand_is_attributed(client, offer):
    brand = partner(kind=PartnerKind.BRAND, slug="novaplay", bonus_bps=500)
    response = client.post(
        f"/trade-in/models/{offer.product_id}/?partner=novaplay",
        {
            "storage_gb": 128,
            "powers_on": "yes",
            "screen": "flawless",
            "body": "flawless",
            "functional": "yes",
            "accounts_removed": "yes",
            "partner": "novaplay",
        },
    )
    assert response.status_code == 302
    quote = Quote.objects.get()
    assert (quote.partner, quote.bonus_amount) == (brand, 1500)


def test_given_partner_tokens_when_calling_the_partner_api_then_each_sees_only_its_stores(
    api, network, rival_network, offer
):
    relay, paris, lyon = network
    _other, berlin = rival_network
    counter_sale(paris, offer)
    counter_sale(lyon, offer)
    hq = partners.issue_token(partner=relay).secret
    paris_only = partners.issue_token(partner=relay, store=paris).secret

    def get(token, path, params=None):
        return api.get(path, params, headers={"Authorization": f"Bearer {token}"})

    assert [s["code"] for s in get(hq, "/api/v1/partner/stores").expect(200)["items"]] == ["LYS", "PAR"]
    assert [s["code"] for s in get(paris_only, "/api/v1/partner/stores").expect(200)["items"]] == ["PAR"]
    assert len(get(hq, "/api/v1/partner/tradeins").expect(200)["items"]) == 2
    assert {t["store"] for t in get(paris_only, "/api/v1/partner/tradeins").expect(200)["items"]} == {"PAR"}
    assert (
        get(paris_only, "/api/v1/partner/tradeins", {"store_id": lyon.pk}).expect(404)["code"]
        == "store_not_found"
    )
    assert (
        get(hq, "/api/v1/partner/tradeins", {"store_id": berlin.pk}).expect(404)["code"] == "store_not_found"
    )
    summary = get(hq, "/api/v1/partner/summary").expect(200)
    by_store = {s["store"]: s for s in summary["stores"]}
    assert by_store["PAR"]["commission"] == {"EUR": 1200} and by_store["LYS"]["paid_amount"] == {"EUR": 30000}
    t = tradein("awaiting_shipment")
    reply = api.post(
        f"/api/v1/partner/stores/{berlin.pk}/drop-offs",
        {"tradein_id": t.ref},
        headers={"Authorization": f"Bearer {hq}"},
    )
    assert reply.expect(404)["code"] == "store_not_found"


def test_given_a_seller_token_or_a_revoked_partner_token_when_calling_the_partner_api_then_401(
    api, network, refurbisher
):
    relay, _paris, _lyon = network
    issued = partners.issue_token(partner=relay)
    member = partners.add_member(user=UserFactory(), partner=relay)
    partners.revoke_token(member=member, token_id=issued.token.pk)
    assert api.get("/api/v1/partner/stores", headers={"Authorization": f"Bearer {issued.secret}"}).expect(401)
    assert api.as_(refurbisher.user).get("/api/v1/partner/stores").expect(401)
    assert api.get("/api/v1/partner/summary").expect(401)


def test_given_members_when_opening_the_dashboard_then_headquarters_see_every_store_and_staff_only_theirs(
    client, network, offer
):
    relay, paris, lyon = network
    counter_sale(lyon, offer)
    hq, staff, stranger = UserFactory(), UserFactory(), UserFactory()
    partners.add_member(user=hq, partner=relay)
    partners.add_member(user=staff, partner=relay, store=paris)
    client.force_login(hq)
    page = client.get("/partner/").content.decode()
    assert "Store LYS" in page and "Store PAR" in page and "<svg" in page and 'class="bar"' in page
    client.force_login(staff)
    page = client.get("/partner/").content.decode()
    assert "Store PAR" in page and "Store LYS" not in page
    assert client.get(f"/partner/stores/{lyon.pk}/counter/").status_code == 404
    assert client.get(f"/partner/stores/{paris.pk}/counter/").status_code == 200
    client.post("/partner/tokens/", {"name": "till"})
    assert client.get("/partner/").content.decode().count("cbp_") == 1  # shown once
    assert "cbp_" not in client.get("/partner/").content.decode()
    client.force_login(stranger)
    assert client.get("/partner/").status_code == 403
    assert client.get(f"/partner/stores/{paris.pk}/counter/").status_code == 403


def test_given_the_counter_screen_when_staff_quote_and_complete_then_the_customer_is_paid(
    client, network, offer
):
    relay, paris, _lyon = network
    staff = UserFactory(name="Sam Store")
    partners.add_member(user=staff, partner=relay, store=paris)
    client.force_login(staff)
    response = client.post(
        f"/partner/stores/{paris.pk}/counter/",
        {
            "product": offer.product_id,
            "storage_gb": 128,
            "powers_on": "yes",
            "screen": "flawless",
            "body": "flawless",
            "functional": "yes",
            "accounts_removed": "yes",
        },
    )
    assert response.status_code == 302
    quote = Quote.objects.get(store=paris)
    wiped = clock.now().strftime("%Y-%m-%dT%H:%M")  # at the counter, after the quote
    form = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "date_of_birth": "1990-05-01",
        "imei": "490154203237518",
        "account_holder": "Ada Lovelace",
        "iban": "FR1420041010050500013M02606",
        "method": "purge",
        "technique": "Cryptographic erase",
        "tool": "Counter Wipe",
        "tool_version": "1.0",
        "operator_name": "Sam",
        "started_at": wiped,
        "ended_at": wiped,
        "verification": "passed",
        "verification_method": "read-back",
        "lock_off": "on",
    }
    done = client.post(f"/partner/stores/{paris.pk}/counter/{quote.ref}/", form)
    assert done.status_code == 200 and b'data-tradein-status="paid"' in done.content
    assert TradeIn.objects.get(quote=quote).status == S.PAID
    refused = client.post(f"/partner/stores/{paris.pk}/counter/{quote.ref}/", form)
    assert refused.status_code == 422  # the quote was used
