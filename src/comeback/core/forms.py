"""Showing a service's refusal on a web form: the same Problem the API renders as problem+json."""

from __future__ import annotations

from django import forms

from comeback.core.problems import Problem


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
