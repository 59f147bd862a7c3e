"""Choosing repair as the remedy for a defect within the legal guarantee of an EU market extends that
guarantee by 12 months (Directive (EU) 2024/1799 Art. 16, amending 2019/771): on the order, the warranty
page and the unit's passport; not for a replacement, not outside the EU."""

from __future__ import annotations

from comeback.aftersales import services
from comeback.orders import warranty
from comeback.orders.models import OrderLine
from comeback.orders.services.guarantee import REPAIR_EXTENSION_MONTHS

from .conftest import T0
from .factories import delivered_line, open_claim

LABEL = {"return_label_url": "https://labels.example/CL123.pdf", "return_tracking": "RET123456"}


def _repair(seller, claim):
    return services.answer_claim(
        seller=seller, claim_id=claim.pk, draft=services.AnswerDraft(resolution="repair", **LABEL)
    )


def test_given_repair_chosen_in_france_when_the_seller_repairs_then_the_legal_guarantee_runs_12_more_months(
    buyer, seller, line, client
):
    before = warranty.for_line(line).legal_until
    claim = open_claim(line, at=T0, remedy="repair")
    _repair(seller, claim)
    line = OrderLine.objects.select_related("order").get(pk=line.pk)
    after = warranty.for_line(line)
    assert after.legal_extension_months == REPAIR_EXTENSION_MONTHS
    assert (after.legal_until.year - before.year) * 12 + after.legal_until.month - before.month == 12
    assert after.legal_dict()["extended_months"] == REPAIR_EXTENSION_MONTHS
    client.force_login(buyer)
    page = client.get(f"/orders/{line.order.ref}/").content.decode()
    assert "extended by 12 months" in page


def test_given_replacement_chosen_or_a_market_outside_the_eu_then_no_extension(buyer, seller, line, frozen):
    claim = open_claim(line, at=T0, remedy="replacement")
    _repair(seller, claim)
    assert OrderLine.objects.get(pk=line.pk).legal_guarantee_extension_months == 0
    us = delivered_line(buyer=buyer, seller=seller, market="US", at=T0)
    _repair(seller, open_claim(us, at=T0, remedy="repair"))
    assert OrderLine.objects.get(pk=us.pk).legal_guarantee_extension_months == 0


def test_given_an_unknown_remedy_then_422_naming_the_field(line):
    import pytest

    from comeback.core.problems import Invalid

    with pytest.raises(Invalid) as caught:
        open_claim(line, at=T0, remedy="refund")
    assert caught.value.errors[0]["field"] == "remedy"


def test_given_repair_chosen_then_the_units_passport_shows_the_extended_legal_guarantee(
    seller, line, client, settings
):
    from comeback.core import outbox
    from comeback.passports.handlers import passport_for_line

    settings.PASSPORT_BASE_URL = "https://comeback.test"
    outbox.drain()  # the shipment and delivery open the unit's passport
    _repair(seller, open_claim(line, at=T0, remedy="repair"))
    outbox.drain()
    passport = passport_for_line(line.pk)
    doc = client.get(f"/api/v1/passports/{passport.serial}").json()
    assert doc["warranty"]["legal_extension_months"] == REPAIR_EXTENSION_MONTHS
    assert doc["warranty"]["legal_guarantee_months"] == 24 + REPAIR_EXTENSION_MONTHS
    page = client.get(passport.path, HTTP_ACCEPT="text/html").content.decode()
    assert "extended by 12 months" in page
