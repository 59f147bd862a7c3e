"""The covered battery defect is spelled from `orders.warranty`'s constants (docs/design.md §2 Warranty): the
claim page, the model's help and the staff refusal follow them, with the per cent written per locale."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from comeback.aftersales import processes, services
from comeback.aftersales.models import Claim
from comeback.core.problems import Conflict
from comeback.orders import warranty

from .conftest import T0
from .factories import delivered_line, open_claim


@pytest.fixture
def floor_85_within_6_months(monkeypatch):
    monkeypatch.setattr(warranty, "BATTERY_DEFECT_FLOOR", 85)
    monkeypatch.setattr(warranty, "BATTERY_DEFECT_MONTHS", 6)


def test_given_the_rule_then_the_sentence_says_its_floor_and_months():
    # given the rule as it stands / when written in English / then it says the constants' numbers
    floor, months = warranty.BATTERY_DEFECT_FLOOR, warranty.BATTERY_DEFECT_MONTHS
    with translation.override("en"):
        rule = warranty.battery_defect_rule()
    assert rule == (f"Battery below {floor}% within {months} months on a Premium or new-battery offer")


def test_given_other_numbers_when_the_claim_page_and_the_admin_read_the_rule_then_they_follow_them(
    floor_85_within_6_months,
):
    # given a floor of 85% within 6 months / when the claim page's tag renders in German and the help in
    # Japanese / then both say 85 and 6, the per cent written per locale
    with translation.override("de"):
        shown = Template("{% load orders_tags %}{% battery_defect_rule %}").render(Context({}))
    assert (
        shown
        == "Akku unter 85\xa0% innerhalb von 6 Monaten bei einem Premium-Angebot oder einem Angebot mit neuem Akku"
    )
    with translation.override("ja"):
        help_text = str(Claim._meta.get_field("battery_defect").help_text)
    assert help_text == "プレミアムまたは新品バッテリーの出品で、6か月以内にバッテリーが85%を下回った。"


def test_given_other_numbers_when_staff_refuse_a_covered_defect_then_the_refusal_follows_them(
    clock_at, buyer, seller, staff, monkeypatch
):
    # given a covered battery defect, then a floor of 85% within 6 months
    with clock_at(T0):
        line = delivered_line(buyer=buyer, seller=seller, at=T0, grade="premium", battery_health_min=90)
        claim = open_claim(line, fault="battery", battery_health=72)
        monkeypatch.setattr(warranty, "BATTERY_DEFECT_FLOOR", 85)
        monkeypatch.setattr(warranty, "BATTERY_DEFECT_MONTHS", 6)
        # when staff find it not covered, in French
        with translation.override("fr"), pytest.raises(Conflict) as refused:
            services.decide_claim(
                user=staff,
                claim_id=claim.pk,
                decision="not_covered",
                reason="It was dropped, says the buyer.",
            )
    # then the refusal names the rule with the constants' numbers
    assert refused.value.code == "covered_battery_defect"
    assert refused.value.detail == (
        "Une batterie sous 85\xa0% en moins de 6 mois sur cette offre est un défaut couvert."
    )


def test_given_another_answer_deadline_when_the_claim_pages_open_then_they_spell_it(
    buyer, seller, line, monkeypatch
):
    # given an answer deadline of 4 business days
    monkeypatch.setattr(processes, "ANSWER_BUSINESS_DAYS", 4)
    buyer_client, portal = Client(HTTP_ACCEPT_LANGUAGE="fr"), Client(HTTP_ACCEPT_LANGUAGE="ja")
    buyer_client.force_login(buyer)
    portal.force_login(seller.user)
    # when the buyer opens the claim form in French and the seller the claims list in Japanese
    form = buyer_client.get(f"/warranty/claims/new/{line.pk}/").content.decode()
    listing = portal.get("/seller/claims/").content.decode()
    # then both say 4
    assert "Le vendeur répond sous 4 jours ouvrés" in form
    assert "購入者のマーケットの4営業日以内" in listing
