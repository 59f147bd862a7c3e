"""The topic of a paid line spells the seller's accept deadline from
`orders.services.checkout.confirm.ACCEPT_WITHIN_BUSINESS_DAYS` (docs/design.md §2 Orders), and the topic of an
opened claim the answer deadline from `aftersales.processes.ANSWER_BUSINESS_DAYS` (§2 Warranty), which
aftersales gives webhooks at start-up; both written when shown."""

from __future__ import annotations

from django.utils import translation

from comeback.aftersales import processes
from comeback.orders.services.checkout import confirm
from comeback.webhooks import events
from comeback.webhooks.forms import SubscriptionForm


def test_given_the_deadline_as_it_stands_when_read_in_english_then_the_topic_says_it():
    # given the rule as it stands / when the topic is read in English / then it says the constant's number
    with translation.override("en"):
        label = str(events.TOPICS["order.line.paid"])
    assert (
        label == "A line was paid: accept it within 1 business day."
        and confirm.ACCEPT_WITHIN_BUSINESS_DAYS == 1
    )


def test_given_another_deadline_when_the_topic_is_shown_in_french_then_it_follows_it(monkeypatch):
    # given an accept deadline of 3 business days, set after the topics were defined
    monkeypatch.setattr(confirm, "ACCEPT_WITHIN_BUSINESS_DAYS", 3)
    # when the topic and the subscription form's choice are shown in French
    with translation.override("fr"):
        label = str(events.TOPICS["order.line.paid"])
        choices = dict(SubscriptionForm().fields["events"].choices)
    # then both say 3
    assert label == "Une ligne a été payée : acceptez-la sous 3 jours ouvrés."
    assert (
        choices["order.line.paid"]
        == "order.line.paid — Une ligne a été payée : acceptez-la sous 3 jours ouvrés."
    )


def test_given_the_answer_deadline_as_it_stands_when_read_in_english_then_the_claim_topic_says_it():
    # given aftersales' answer deadline as it stands (given to webhooks at start-up)
    days = processes.ANSWER_BUSINESS_DAYS
    # when the topic of an opened claim is read in English
    with translation.override("en"):
        label = str(events.TOPICS["claim.opened"])
    # then it says the constant's number
    assert label == f"A buyer opened a warranty claim: answer within {days} business days." and days == 2


def test_given_another_answer_deadline_when_the_claim_topic_is_shown_in_german_then_it_follows_it(
    monkeypatch,
):
    # given an answer deadline of 1 business day, set after the topics were defined
    monkeypatch.setattr(processes, "ANSWER_BUSINESS_DAYS", 1)
    # when the topic and the subscription form's choice are shown in German
    with translation.override("de"):
        label = str(events.TOPICS["claim.opened"])
        choices = dict(SubscriptionForm().fields["events"].choices)
    # then both say 1, in the singular
    expected = "Ein Käufer hat einen Garantiefall eröffnet: Antworten Sie innerhalb von 1 Werktag."
    assert label == expected
    assert choices["claim.opened"] == f"claim.opened — {expected}"
