"""The trade-in demo: buyback offers for popular models in every market, a console maker's programme,
a retail network with stores, partner logins, and buyer@'s trade-ins in several states."""

from __future__ import annotations

from django.db.models import Sum

from comeback.accounts.models import User
from comeback.demo import seeding as demo
from comeback.tradein import demo as tradein_demo
from comeback.tradein.models import BlockedDevice, BuybackOffer, LedgerEntry, Partner, PartnerMember, TradeIn

DEMO_HOOKS = ("tradein",)  # run after the core demo by the shared `demo_seeded` fixture


def test_given_the_demo_then_refurbishers_buy_back_popular_models_in_every_market_and_tier(demo_seeded, db):
    offers = BuybackOffer.objects.all()
    assert set(offers.values_list("market_id", flat=True)) == {"FR", "DE", "GB", "US", "JP"}
    assert set(offers.values_list("tier", flat=True)) == {"flawless", "good", "used", "broken"}
    assert offers.values("seller").distinct().count() >= 3
    assert all(o.currency == o.market.currency for o in offers.select_related("market")[:500])


def test_given_the_demo_then_a_console_programme_and_a_retail_network_with_stores_exist(
    demo_seeded, db, client
):
    brand, retail = Partner.objects.get(slug="novaplay"), Partner.objects.get(slug="relay-mobile")
    assert {p.category.slug for p in brand.eligible_models.select_related("category")} <= {
        "home-consoles",
        "handheld-consoles",
    }
    assert set(retail.stores.values_list("market_id", flat=True)) == {"FR", "DE", "GB", "US", "JP"}
    assert retail.tradeins.filter(channel="store", status="paid").count() >= 10
    assert client.get("/partners/novaplay/trade-in").status_code == 200
    assert PartnerMember.objects.filter(store__isnull=False).count() == 1


def test_given_the_demo_then_the_buyer_has_trade_ins_in_several_states_and_the_money_balances(
    demo_seeded, db, client
):
    buyer = User.objects.get(email=tradein_demo.BUYER)
    states = set(TradeIn.objects.filter(customer=buyer).values_list("status", flat=True))
    assert {"awaiting_shipment", "shipped", "received", "counter_offered", "paid"} <= states
    assert TradeIn.objects.filter(customer=buyer, partner__slug="novaplay", bonus_amount__gt=0).exists()
    assert LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] == 0
    assert BlockedDevice.objects.filter(identifier=tradein_demo.BLOCKED_IMEI).exists()
    client.force_login(buyer)
    assert client.get("/trade-in/orders/").status_code == 200


def test_given_the_demo_then_partner_logins_share_the_demo_password_hash(demo_seeded, db):
    hashes = set(
        User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}").values_list("password", flat=True)
    )
    assert len(hashes) == 1
    assert {tradein_demo.PARTNER_HQ, tradein_demo.STORE_STAFF, tradein_demo.BRAND_HQ} <= set(
        User.objects.values_list("email", flat=True)
    )


def test_given_the_demo_then_a_garment_take_back_programme_buys_back_the_demo_jackets(demo_seeded, db, api):
    loomwear = Partner.objects.get(slug="loomwear")
    garments = list(loomwear.eligible_models.select_related("category"))
    assert garments and {g.category.tradein_questionnaire for g in garments} == {"garment"}
    assert loomwear.kind == "brand" and loomwear.bonus_bps == 1500
    found = api.get("/api/v1/tradein/models", {"q": "jacket", "market": "FR"}).expect(200)["items"]
    assert found and {m["questionnaire"] for m in found} == {"garment"}
    quote = api.post(
        "/api/v1/tradein/quotes",
        {
            "product_id": found[0]["product_id"],
            "market": "FR",
            "partner": "loomwear",
            "answers": {
                "condition": "very_good",
                "stains": "none",
                "holes": "none",
                "pilling": "light",
                "size": found[0]["size_options"][0] if found[0]["size_options"] else "M",
                "brand_label": True,
            },
        },
    ).expect(201)
    assert quote["tier"] == "good" and quote["bonus"] > 0 and quote["currency"] == "EUR"
