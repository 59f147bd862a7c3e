"""The web screens: the customer's wizard, label and status page; the refurbisher's intake,
inspection and counter-offer screens."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from comeback.tradein.models import CounterOffer, DeviceRoute, Quote, TradeIn, WipeCertificate
from comeback.tradein.models import TradeInStatus as S

from .factories import photo, tradein

ANSWER_FORM = {
    "storage_gb": 128,
    "powers_on": "yes",
    "screen": "flawless",
    "body": "flawless",
    "functional": "yes",
    "accounts_removed": "yes",
}
ACCEPT_FORM = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "date_of_birth": "1990-05-01",
    "imei": "490154203237518",
    "address": "8 rue des Lilas, 75020 Paris",
    "account_holder": "Ada Lovelace",
    "iban": "DE89 3704 0044 0532 0130 00",
}


def test_given_a_customer_when_going_through_the_wizard_then_they_get_a_label_and_a_status_page(
    client, offer, customer
):
    search = client.get("/trade-in/", {"q": "acme"}).content.decode()
    assert f"/trade-in/models/{offer.product_id}/" in search
    form = client.get(f"/trade-in/models/{offer.product_id}/").content.decode()
    assert "Does it power on?" in form and "What state is the screen in?" in form
    quote_page = client.post(f"/trade-in/models/{offer.product_id}/", ANSWER_FORM)
    quote = Quote.objects.get()
    assert quote_page["Location"] == f"/trade-in/quotes/{quote.ref}/"
    anonymous = client.get(quote_page["Location"]).content.decode()
    assert "€300.00" in anonymous and "Log in to accept" in anonymous
    client.force_login(customer)
    refused = client.post(
        quote_page["Location"], {**ACCEPT_FORM, "imei": "490154203237519", "date_of_birth": "2015-01-01"}
    )
    html = refused.content.decode()
    assert refused.status_code == 200 and "check digit is wrong" in html and "at least 18" in html
    accepted = client.post(quote_page["Location"], ACCEPT_FORM)
    t = TradeIn.objects.get()
    assert accepted["Location"] == f"/trade-in/orders/{t.ref}/label/"
    label = client.get(accepted["Location"]).content.decode()
    assert t.label_ref in label and "<svg" in label and "Ada Lovelace" in label
    status = client.get(f"/trade-in/orders/{t.ref}/").content.decode()
    assert 'data-tradein-status="awaiting_shipment"' in status and "Quote accepted, label issued" in status
    client.post(f"/trade-in/orders/{t.ref}/ship/", {"tracking": "LP123"})
    assert TradeIn.objects.get().status == S.SHIPPED
    assert t.ref in client.get("/trade-in/orders/").content.decode()


def test_given_an_unknown_model_when_opening_its_questionnaire_then_404(client, db):
    assert client.get("/trade-in/models/999999/").status_code == 404


def test_given_a_received_device_when_the_refurbisher_counter_offers_without_a_photo_then_the_form_says_so(
    client, db
):
    t = tradein("received")
    client.force_login(t.seller.user)
    page = client.get(f"/seller/trade-in/{t.ref}/").content.decode()
    assert "Validate: pay the quoted price" in page and "Send the counter-offer" in page
    refused = client.post(
        f"/seller/trade-in/{t.ref}/counter-offer/", {"reason": "does_not_power_on", "price": "100"}
    )
    assert refused.status_code == 422 and "at least one photo" in refused.content.decode()
    no_reason = client.post(f"/seller/trade-in/{t.ref}/counter-offer/", {"price": "100", "photos": [photo()]})
    assert no_reason.status_code == 422 and "Choose the reason" in no_reason.content.decode()
    done = client.post(
        f"/seller/trade-in/{t.ref}/counter-offer/",
        {"reason": "does_not_power_on", "price": "100", "photos": [photo()]},
    )
    assert done.status_code == 302
    assert CounterOffer.objects.get(tradein=t).amount == 10000
    client.force_login(t.customer)
    status = client.get(f"/trade-in/orders/{t.ref}/").content.decode()
    assert "Accept the counter-offer" in status and re.search(r'<img src="/trade-in/photos/\d+/"', status)


def test_given_a_received_device_when_the_refurbisher_validates_wipes_and_confirms_the_lock_then_screens_follow(
    client, db, clock_at
):
    # Received at 08:00; the wipe (10:00–10:30) starts after the device arrived, recorded at 11:00.
    with clock_at(datetime(2020, 1, 1, 8, 0, tzinfo=UTC)) as traveller:
        t = tradein("shipped")
        client.force_login(t.seller.user)
        assert client.post(f"/seller/trade-in/{t.ref}/receive/").status_code == 302
        assert (
            client.post(
                f"/seller/trade-in/{t.ref}/validate/",
                {"powers_on": "yes", "screen": "flawless", "body": "scratches", "functional": "yes"},
            ).status_code
            == 302
        )
        t.refresh_from_db()
        assert (t.status, t.inspected_answers["body"]) == (S.VALIDATED, "scratches")
        assert DeviceRoute.objects.get(tradein=t).route == "refurbish"
        bad_wipe = client.post(
            f"/seller/trade-in/{t.ref}/wipe/",
            {
                "method": "purge",
                "technique": "x",
                "tool": "T",
                "tool_version": "1",
                "operator_name": "O",
                "started_at": "2020-01-01T10:00",
                "ended_at": "2020-01-01T09:00",
                "verification": "passed",
            },
        )
        assert bad_wipe.status_code == 422 and "cannot end before it starts" in bad_wipe.content.decode()
        traveller.move_to(datetime(2020, 1, 1, 11, 0, tzinfo=UTC))
        assert (
            client.post(
                f"/seller/trade-in/{t.ref}/wipe/",
                {
                    "method": "purge",
                    "technique": "x",
                    "tool": "T",
                    "tool_version": "1",
                    "operator_name": "O",
                    "started_at": "2020-01-01T10:00",
                    "ended_at": "2020-01-01T10:30",
                    "verification": "passed",
                },
            ).status_code
            == 302
        )
        assert WipeCertificate.objects.get(tradein=t).method == "purge"
        assert client.post(f"/seller/trade-in/{t.ref}/activation-lock/").status_code == 302
        client.post(f"/seller/trade-in/{t.ref}/route/", {"route": "harvest", "reason": "parts in demand"})
        assert DeviceRoute.objects.get(tradein=t).route == "harvest"
        intake = client.get("/seller/trade-in/", {"status": "validated"}).content.decode()
        assert t.ref in intake


def test_given_a_refused_counter_offer_when_the_refurbisher_records_the_return_then_it_is_returned(
    client, db
):
    t = tradein("counter_offered")
    client.force_login(t.customer)
    client.post(f"/trade-in/orders/{t.ref}/counter-offer/", {"answer": "refuse"})
    client.force_login(t.seller.user)
    assert "Return the device (free)" in client.get(f"/seller/trade-in/{t.ref}/").content.decode()
    client.post(f"/seller/trade-in/{t.ref}/return/", {"label": "RL-1", "tracking": "TRK-1"})
    t.refresh_from_db()
    assert (t.status, t.return_tracking) == (S.RETURNED, "TRK-1")


def test_given_the_start_page_in_french_then_its_steps_say_the_deadlines_the_rules_hold(client, db):
    from comeback.tradein import processes

    client.cookies["django_language"] = "fr"
    body = client.get("/trade-in/").content.decode()

    assert f"{processes.QUOTE_VALIDITY.days} jours" in body
    assert f"{processes.SHIP_WITHIN.days} jours" in body
    assert f"{processes.PAY_WITHIN_BUSINESS_DAYS} jours ouvrés" in body
    assert "%(days)" not in body
