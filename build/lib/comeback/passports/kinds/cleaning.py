"""Checking an event's data against its kind: unknown fields refused, each value checked and placed at its level."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from comeback.core.problems import Invalid

from ..models import Level
from .table import KINDS
from .vocabulary import PART_SOURCES, Field, Kind, P

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def get(kind: str) -> Kind:
    found = KINDS.get(kind)
    if found is None:
        raise Invalid.field(
            "kind", "unknown_event_kind", _("Unknown event kind “%s”.") % kind, known=sorted(KINDS)
        )
    return found


def _bad(name: str, message: str) -> Invalid:
    return Invalid.field(f"data.{name}", "invalid_value", message)


def _text(name: str, value: Any, spec: Field) -> str:
    if not isinstance(value, str):
        raise _bad(name, _("“%s” must be text.") % name)
    value = value.strip()
    if len(value) > spec.max_length:
        raise _bad(name, _("“%(name)s” has at most %(n)d characters.") % {"name": name, "n": spec.max_length})
    return value


def _plain(name: str, value: Any, depth: int = 0) -> Any:
    """Objects are kept as they are if they hold only JSON without floats (the canonical form's rule)."""
    if depth > 4:
        raise _bad(name, _("“%s” is nested too deeply.") % name)
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, list):
        return [_plain(name, v, depth + 1) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) and k.isascii() for k in value):
        return {k: _plain(name, v, depth + 1) for k, v in value.items()}
    raise _bad(
        name, _("“%s” holds a value that is not text, an integer, a boolean, a list or an object.") % name
    )


def _value(name: str, value: Any, spec: Field) -> Any:
    t = spec.type
    if t == "text":
        return _text(name, value, spec)
    if t == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(name, _("“%s” must be a whole number.") % name)
        if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            raise _bad(
                name,
                _("“%(name)s” must be between %(lo)s and %(hi)s.")
                % {"name": name, "lo": spec.min, "hi": spec.max if spec.max is not None else "∞"},
            )
        return value
    if t == "bool":
        if not isinstance(value, bool):
            raise _bad(name, _("“%s” must be true or false.") % name)
        return value
    if t == "date":
        text = _text(name, value, spec)
        try:
            if not _DATE.match(text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            raise _bad(name, _("“%s” must be a date (YYYY-MM-DD).") % name) from None
        return text
    if t == "choice":
        text = _text(name, value, spec)
        if text not in spec.choices:
            raise Invalid.field(
                f"data.{name}",
                "invalid_choice",
                _("“%(name)s” must be one of: %(choices)s.")
                % {"name": name, "choices": ", ".join(spec.choices)},
            )
        return text
    if t == "texts":
        if not isinstance(value, list) or len(value) > 50:
            raise _bad(name, _("“%s” must be a list of at most 50 texts.") % name)
        return [v for v in (_text(name, item, spec) for item in value) if v]
    if t == "parts":
        if not isinstance(value, list) or len(value) > 50:
            raise _bad(name, _("“%s” must be a list of parts.") % name)
        parts = []
        for item in value:
            if not isinstance(item, dict) or set(item) - {"part", "source"} or not item.get("part"):
                raise _bad(name, _('Each part is {"part": text, "source": oem | compatible | harvested}.'))
            part = {"part": _text(name, item["part"], Field(P, "text", max_length=120))}
            if item.get("source"):
                part["source"] = _value(name, item["source"], Field(P, "choice", choices=PART_SOURCES))
            parts.append(part)
        return parts
    if t == "object":
        if not isinstance(value, dict):
            raise _bad(name, _("“%s” must be an object.") % name)
        return _plain(name, value)
    if t == "objects":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise _bad(name, _("“%s” must be a list of objects.") % name)
        return _plain(name, value)
    raise AssertionError(f"unknown field type {t}")  # pragma: no cover - the table above is the only input


def clean(kind: Kind, data: dict | None) -> dict[str, dict]:
    """Validate `data` against the kind's fields and split it by level: {"public": {...}, ...}."""
    data = data or {}
    if not isinstance(data, dict):
        raise Invalid.field("data", "invalid_value", _("“data” must be an object."))
    unknown = sorted(set(data) - set(kind.fields))
    if unknown:
        raise Invalid.field(
            f"data.{unknown[0]}",
            "unknown_field",
            _("“%(field)s” is not a field of a “%(kind)s” event; fields: %(known)s.")
            % {"field": unknown[0], "kind": kind.name, "known": ", ".join(kind.fields)},
        )
    out: dict[str, dict] = {level.value: {} for level in Level}
    for name, spec in kind.fields.items():
        value = data.get(name)
        if value is None or value == "" or value == []:
            if spec.required:
                raise Invalid.field(f"data.{name}", "field_required", _("“%s” is required.") % name)
            continue
        out[spec.level.value][name] = _value(name, value, spec)
    return out
