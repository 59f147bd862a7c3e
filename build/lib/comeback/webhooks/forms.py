from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form

from . import events


def _event_choices():
    return [(events.ALL, _("All events, including future ones"))] + [
        (name, f"{name} — {label}") for name, label in events.TOPICS.items()
    ]


class SubscriptionForm(Form):
    """Collects a subscription; services.create_subscription holds every rule (URL, events, cap)."""

    url = forms.CharField(
        label=_("Endpoint URL"),
        max_length=500,
        widget=forms.URLInput(
            attrs={"placeholder": "https://example.com/comeback/hooks", "inputmode": "url"}
        ),
        help_text=_("An https:// address on the public internet. We POST signed JSON to it."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=_event_choices, widget=forms.CheckboxSelectMultiple, initial=[events.ALL]
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
