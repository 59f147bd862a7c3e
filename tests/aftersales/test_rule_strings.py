"""The covered battery defect is spelled from `orders.warranty`'s constants (docs/design.md §2 Warranty): the
claim page, the model's help and the staff refusal follow them, with the per cent written per locale."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from comeback.aftersales import services
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
    assert warranty.battery_defect_rule() == (
        f"Battery below {floor}% within {months} months on a Premium or new-battery offer"
    )


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
