"""Web forms: the base every form derives from (the one text rule), and a service's refusal shown on a form
(the same Problem the API renders as problem+json)."""

from __future__ import annotations

from contextvars import ContextVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from comeback.core import text
from comeback.core.problems import Problem

# Set when a form of the current request refused text under the rule: the page then answers 422
# (web.middleware.TextRuleStatusMiddleware), as the API does.
text_refused: ContextVar[bool] = ContextVar("text_refused", default=False)


@deconstructible
class TextRuleValidator:
    """The one text rule (docs/api.md "Text fields") as a form validator, code `invalid_characters`."""

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value) -> None:
        if isinstance(value, str) and not text.is_clean(value, multiline=self.multiline):
            text_refused.set(True)
            raise ValidationError(text.MESSAGE, code=text.CODE)

    def __eq__(self, other) -> bool:
        return isinstance(other, TextRuleValidator) and other.multiline == self.multiline


class TextRule:
    """Every text field of the form follows the text rule; a textarea may span lines, an input may not.
    Django's own NUL check is replaced, so a NUL gives one message with the rule's code."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ] + [TextRuleValidator(multiline=isinstance(field.widget, forms.Textarea))]


class Form(TextRule, forms.Form):
    pass


class PostalAddressForm(Form):
    """The fields of a postal address, as the browser autofills them: a saved address and checkout's
    delivery address both start from these (the postcode rule per country lives in core.postcodes)."""

    name = forms.CharField(
        label=_("Full name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    line1 = forms.CharField(
        label=_("Address"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    line2 = forms.CharField(
        label=_("Address line 2"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    city = forms.CharField(
        label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )


class ModelForm(TextRule, forms.ModelForm):
    pass


class LoginForm(TextRule, AuthenticationForm):
    """Django's login form under the text rule."""


def apply_problem(form: forms.Form, problem: Problem, *, field_for: dict[str, str] | None = None) -> None:
    """Field errors beside their visible fields, the rest above the form.

    A service names fields as the API does (`payout.iban`, `data.grade`); `field_for` maps a name to the
    form field that shows it, otherwise the last dotted part is used.
    """
    placed = False
    for error in problem.errors:
        raw = error.get("field", "")
        name = (field_for or {}).get(raw) or raw.split(".")[-1].split("[")[0]
        field = form.fields.get(name)
        if field is not None and not field.widget.is_hidden:
            form.add_error(name, error["message"])
            placed = True
    if not placed:
        form.add_error(None, problem.detail)
