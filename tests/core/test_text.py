"""The one text rule: no control characters in text; tab and line breaks only where text spans lines."""

from __future__ import annotations

import pytest
from django import forms

from comeback.core import text
from comeback.core.forms import Form
from comeback.core.problems import Invalid


@pytest.mark.parametrize(
    "bad", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\ud800"]
)
def test_given_a_control_character_when_checked_then_no_text_accepts_it(bad):
    assert not text.is_clean(f"a{bad}b") and not text.is_clean(f"a{bad}b", multiline=True)


@pytest.mark.parametrize("spacing", ["\t", "\n", "\r\n"])
def test_given_tabs_and_line_breaks_when_checked_then_only_multi_line_text_accepts_them(spacing):
    assert text.is_clean(f"one{spacing}two", multiline=True)
    assert not text.is_clean(f"one{spacing}two")


@pytest.mark.parametrize("fine", ["Écran cassé — 20 €", "日本語のテキスト", "emoji 📱", "a\u00a0b", ""])
def test_given_ordinary_text_in_any_script_when_checked_then_it_passes(fine):
    assert text.is_clean(fine)


def test_given_a_dirty_value_when_ensured_then_422_invalid_characters_names_the_field():
    with pytest.raises(Invalid) as refused:
        text.ensure_clean("x\x00", field="note")
    assert refused.value.code == "invalid_characters"
    assert refused.value.errors == [
        {"field": "note", "code": "invalid_characters", "message": str(text.MESSAGE)}
    ]


class NoteForm(Form):
    title = forms.CharField()
    body = forms.CharField(widget=forms.Textarea)


def test_given_a_form_when_an_input_holds_a_tab_then_only_that_field_is_refused():
    form = NoteForm({"title": "a\tb", "body": "line one\r\n\tline two"})
    assert not form.is_valid()
    assert form.errors.as_data()["title"][0].code == "invalid_characters" and "body" not in form.errors


def test_given_a_form_when_a_textarea_holds_a_nul_then_one_error_with_the_rule_code():
    form = NoteForm({"title": "ok", "body": "a\x00b"})
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["body"]] == ["invalid_characters"]


@pytest.mark.django_db
def test_given_a_model_when_saved_with_a_nul_then_the_last_line_refuses_it_on_every_database():
    from tests.factories import UserFactory

    user = UserFactory()
    user.name = "Ann\x00"
    with pytest.raises(Invalid) as refused:
        user.save()
    assert refused.value.errors[0]["field"] == "name"
    user.refresh_from_db()
    assert "\x00" not in user.name


@pytest.mark.django_db
def test_given_a_json_field_when_a_nested_string_holds_a_nul_then_the_last_line_names_its_path():
    from comeback.core.models import OutboxEvent

    with pytest.raises(Invalid) as refused:
        OutboxEvent.objects.create(topic="t", payload={"notes": ["fine", "bad\x00"]})
    assert refused.value.errors[0]["field"] == "payload.notes.1"
