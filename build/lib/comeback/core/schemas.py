"""API schemas shared by every router."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator, StrictInt

from . import text
from .clock import rfc3339


class FieldError(Schema):
    field: str
    code: str
    message: str


class ProblemOut(Schema):
    """RFC 9457 problem details, served as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(..., description="Stable snake_case code, e.g. battery_floor")
    instance: str | None = None
    errors: list[FieldError] | None = None


PROBLEM_CONTENT = {"content": {"application/problem+json": {}}}


def problem_responses(*codes: int, texts: dict[int, str] | None = None) -> dict:
    """`openapi_extra` declaring an operation's problem answers: each status served as problem+json, with the
    operation's own description (`texts`, naming its codes) or the shared one (core/contract.py), which
    the API's assembly also fills in for any status an operation leaves out."""
    from .contract import PROBLEM_TEXTS

    texts = texts or {}
    return {
        "responses": {c: {"description": texts.get(c) or PROBLEM_TEXTS[c], **PROBLEM_CONTENT} for c in codes}
    }


def problems_with(texts: dict[int, str]) -> Callable[..., dict]:
    """An app's `problems(*codes)`: `problem_responses` with the app's own description of each status (the
    codes it carries), so every operation of the app declares its refusals in one short call."""
    return partial(problem_responses, texts=texts)


def one_of(choices, default: Any = ..., *, nullable: bool = False, **field: Any) -> Any:
    """A text field drawn from a closed set (a TextChoices, or any values), declared as an `enum` in the
    OpenAPI document so clients and fuzzers send only these. The service still checks the value and refuses
    any other with its own stable 422 code naming the field (e.g. `invalid_fault`), so the check stays where
    the rule lives."""
    values = list(getattr(choices, "values", choices))
    if nullable:
        values.append(None)
    return Field(default, json_schema_extra={"enum": values}, **field)


class ClosedSet:
    """Marks a text drawn from a set kept in the database (the markets staff edit): the OpenAPI document lists
    the set's values as an `enum` when it is built (`core/contract.py`), so it never goes stale in the source.
    `blank` also allows "" (meaning: none chosen)."""

    def __init__(self, name: str, *, blank: bool = False) -> None:
        self.name, self.blank = name, blank

    def __repr__(self) -> str:
        return f"ClosedSet({self.name!r}, blank={self.blank})"

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        schema["x-closed-set"] = {"name": self.name, "blank": self.blank}
        return schema


def _stamp(value: Any) -> Any:
    return rfc3339(value) if isinstance(value, datetime) else value


# An instant an output schema reads straight off a model (`paid_at`): RFC 3339 in UTC ("…Z"), null when unset.
# The document declares it as the nullable string it always was.
Stamp = Annotated[str | None, BeforeValidator(_stamp)]
# The same for an instant that is always set (`created_at`).
Instant = Annotated[str, BeforeValidator(_stamp)]
# A text column whose blank ("") the API shows as null (a tracking number not given yet).
BlankAsNull = Annotated[str | None, BeforeValidator(lambda value: value or None)]


# A market's code (FR, DE, GB, US, JP…): the service still refuses an unknown one with `unknown_market`.
MarketCode = Annotated[str, ClosedSet("markets")]
MarketCodeOrBlank = Annotated[str, ClosedSet("markets", blank=True)]


def filled(default: Any = ..., *, at_least: int = 1, multiline: bool = False, **field: Any) -> Any:
    """A text field the service refuses (with its own code, e.g. `name_required`) when it is blank, or shorter
    than `at_least` characters once stripped of white space. The document declares it (`minLength` and a
    `pattern` that also holds the text rule), so a client knows before sending; the service still decides."""
    pattern = text.filled_pattern(at_least, multiline=multiline)
    return Field(default, json_schema_extra={"minLength": at_least, "pattern": pattern}, **field)


def bounded(
    default: Any = ..., *, minimum: int | None = None, maximum: int | None = None, **field: Any
) -> Any:
    """A number the service bounds with its own codes (`price_positive`, `stars_range`…): the document declares
    the bounds so a client knows them, and the service still refuses a number outside with its own code."""
    bounds = {k: v for k, v in (("minimum", minimum), ("maximum", maximum)) if v is not None}
    return Field(default, json_schema_extra=bounds, **field)


# An integer in a JSON body: 34900, never "34900", true or 349.5. The API's JSON parser (`JsonParser` in
# comeback/api.py) reads 34900.0 as 34900, so JSON Schema's `integer` and the API agree (docs/api.md).
Integer = StrictInt
