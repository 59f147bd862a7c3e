"""One rule for every text field, web and API: no control characters (docs/api.md "Text fields").

A NUL byte cannot be stored by PostgreSQL (SQLite stores it silently) and would end up in signed passport
history; other control characters corrupt exports, logs and the pages that show the text. So text may hold
no character of Unicode category Cc (C0 controls, DEL, C1 controls) and no lone surrogate, except tab and
line breaks in text that may span lines (a `Text` field in the API, a textarea on the web).

The rule is enforced at every entrance: the API checks every validated input before its handler runs
(`api_guard`), every web form derives from `comeback.core.forms.Form`, CSV cells are checked by the CSV
reader, and a model-level guard (`check_instance`, run before every save) is the last line.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from functools import cache, wraps
from typing import Annotated, Any

from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel

from .problems import Invalid

CODE = "invalid_characters"
MESSAGE = _("This text holds control characters (such as NUL) that no text field accepts.")

# Cc and lone surrogates; tab, line feed and carriage return are allowed only where text may span lines.
_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


# The same rule as JSON Schema `pattern`s (ECMA-262, escapes only), declared on every text input of the OpenAPI
# document (core/contract.py) so a client or a fuzzer knows what is refused before sending it. Lone surrogates
# are left out: they are no characters (a JSON text cannot carry one but as an escape), and validators that
# read patterns as Unicode regular expressions refuse a class that names them.
_CONTROLS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
SINGLE_LINE_PATTERN = rf"^[^\u0009\u000a\u000d{_CONTROLS}]*$"
MULTI_LINE_PATTERN = rf"^[^{_CONTROLS}]*$"


def filled_pattern(at_least: int = 1, *, multiline: bool = False) -> str:
    """The pattern of a text the service refuses when, stripped of white space, it is shorter than
    `at_least` characters (blank, for 1): a visible character, at least `at_least - 2` others, a visible one."""
    allowed = f"[^{_CONTROLS}]" if multiline else rf"[^\u0009\u000a\u000d{_CONTROLS}]"
    visible = rf"[^\s{_CONTROLS}]"
    middle = f"{allowed}{{{at_least - 2},}}{visible}" if at_least > 1 else ""
    return f"^{allowed}*{visible}{middle}{allowed}*$"


class MultiLine:
    """Marks a text field that may span lines: tab, line feed and carriage return are allowed."""

    def __repr__(self) -> str:
        return "MultiLine()"

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema.setdefault("pattern", MULTI_LINE_PATTERN)
        return schema


MULTI_LINE = MultiLine()
Text = Annotated[str, MULTI_LINE]


def is_clean(value: str, *, multiline: bool = False) -> bool:
    return (_MULTI_LINE if multiline else _SINGLE_LINE).search(value) is None


def refusal(field: str, *, message: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"field": field, "code": CODE, "message": str(message or MESSAGE), **extra}


def ensure_clean(value: str, *, field: str, multiline: bool = False) -> str:
    """The value, or a 422 `invalid_characters` naming `field`."""
    if not is_clean(value, multiline=multiline):
        raise Invalid(str(MESSAGE), code=CODE, errors=[refusal(field)])
    return value


def refuse(errors: list[dict[str, Any]]) -> None:
    if errors:
        first = errors[0]
        raise Invalid(f"{first['field']}: {first['message']}", code=CODE, errors=errors)


# The API: every validated input of every operation ---------------------------------------------------------
def _marked(annotation: Any) -> bool:
    """Whether a type carries the MultiLine mark, also inside `Text | None` or `list[Text]`."""
    if typing.get_origin(annotation) is Annotated and any(
        isinstance(m, MultiLine) for m in annotation.__metadata__
    ):
        return True
    return any(_marked(arg) for arg in typing.get_args(annotation))


@cache
def _multiline_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if any(isinstance(m, MultiLine) for m in info.metadata) or _marked(info.annotation)
    )


def dirty_fields(value: Any, path: str = "", *, multiline: bool = False) -> Iterator[str]:
    """The paths (`lines.0.note`) of every string in `value` that breaks the rule."""
    if isinstance(value, str):
        if not is_clean(value, multiline=multiline):
            yield path or "body"
    elif isinstance(value, BaseModel):
        model = type(value)
        spanning = _multiline_fields(model)
        for name, info in model.model_fields.items():
            yield from dirty_fields(
                getattr(value, name, None), _join(path, info.alias or name), multiline=name in spanning
            )
        for name, extra in (value.model_extra or {}).items():
            yield from dirty_fields(extra, _join(path, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and not is_clean(key):
                yield _join(path, key)
            yield from dirty_fields(item, _join(path, str(key)), multiline=multiline)
    elif isinstance(value, list | tuple | set | frozenset):
        for i, item in enumerate(value):
            yield from dirty_fields(item, _join(path, str(i)), multiline=multiline)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def api_guard(view: Callable) -> Callable:
    """Wraps an API operation (after validation, before the handler): refuse any dirty input."""
    hints = typing.get_type_hints(view, include_extras=True)
    spanning = {name for name, hint in hints.items() if _marked(hint)}

    @wraps(view)
    def guarded(request, *args, **kwargs):
        # A schema argument (`body: ClaimIn`) stands for its fields: clients know `description`, not
        # `body.description`; a plain argument (`q: str`) is named by itself.
        errors = [
            refusal(path)
            for name, value in kwargs.items()
            for path in dirty_fields(
                value, "" if isinstance(value, BaseModel) else name, multiline=name in spanning
            )
        ]
        refuse(errors)
        return view(request, *args, **kwargs)

    guarded.text_rule = True
    return guarded


# The model layer: the last line before the database --------------------------------------------------------
def check_instance(instance, update_fields=None) -> None:
    """Refuse to save text with control characters (tab and line breaks pass here: the form or API field
    decided whether the text may span lines). Also walks JSON fields, where PostgreSQL refuses NUL too."""
    from django.db import models

    errors = []
    for field in instance._meta.concrete_fields:
        if (
            update_fields is not None
            and field.name not in update_fields
            and field.attname not in update_fields
        ):
            continue
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            value = getattr(instance, field.attname)
            if value is None or (isinstance(value, str) and is_clean(value, multiline=True)):
                continue
            errors += [refusal(p) for p in dirty_fields(value, field.name, multiline=True)]
    refuse(errors)
