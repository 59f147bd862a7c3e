from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comeback.core.forms import Form

from .models import TicketTopic


class ContactForm(Form):
    """The contact form; the rules are in services.open_ticket."""

    email = forms.EmailField(
        label=_("Your email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=TicketTopic.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class AnswerForm(Form):
    answer = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
