"""Problem details for catalogue writes, and checking attributes against a category's JSON Schema."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from comeback.core import locales
from comeback.core.problems import Conflict, Invalid

SLUG = re.compile(r"^[-a-z0-9_]+$")


MAX_WEIGHT_GRAMS = 1_000_000
COUNTRIES = locales.COUNTRY_CODES


def _err(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": str(message)}


def _raise_if(errors: list[dict]) -> None:
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)


def _taken(field: str, code: str, message: str, **extra) -> Conflict:
    return Conflict(message, code=code, errors=[_err(field, code, message)], **extra)


# Attribute schemas ----------------------------------------------------------------------------------------


def check_schema(schema, *, field: str) -> dict:
    """A category's schema must itself be a valid JSON Schema object (an empty one accepts anything)."""
    schema = schema if schema is not None else {}
    if not isinstance(schema, dict):
        raise Invalid.field(field, "invalid_schema", _("A schema is a JSON object."))
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise Invalid.field(field, "invalid_schema", _("Not a valid JSON Schema: %s") % exc.message) from exc
    return schema


def _message(error) -> tuple[str, str]:
    """A human message and a code for one jsonschema error."""
    kind, value = error.validator, error.validator_value
    if kind == "enum":
        return "attribute_not_allowed", _("Must be one of: %s.") % ", ".join(str(v) for v in value)
    if kind == "type":
        kinds = value if isinstance(value, list) else [value]
        return "attribute_type", _("Must be of type %s.") % " or ".join(kinds)
    if kind in {"minimum", "exclusiveMinimum"}:
        return "attribute_too_small", _("Must be at least %s.") % value
    if kind in {"maximum", "exclusiveMaximum"}:
        return "attribute_too_large", _("Must be at most %s.") % value
    if kind in {"minLength", "maxLength", "pattern", "format"}:
        return "attribute_format", error.message
    return "attribute_invalid", error.message


def validate_attributes(schema: dict, attributes, *, field: str = "attributes") -> list[dict]:
    """One error per failing attribute, named `attributes.<name>`; empty when valid."""
    if not isinstance(attributes, dict):
        return [_err(field, "attributes_not_object", _("Attributes are a JSON object of name → value."))]
    if not schema:
        return []
    errors: dict[str, dict] = {}
    props = schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else {}
    for error in sorted(
        Draft202012Validator(schema).iter_errors(attributes), key=lambda e: list(map(str, e.path))
    ):
        if error.path:
            name = str(error.path[0])
            code, message = _message(error)
            errors.setdefault(name, _err(f"{field}.{name}", code, message))
        elif error.validator == "required":
            for name in error.validator_value:
                if name not in attributes:
                    errors.setdefault(
                        name, _err(f"{field}.{name}", "attribute_required", _("This attribute is required."))
                    )
        elif error.validator == "additionalProperties":
            for name in attributes:
                if name not in props and not any(
                    re.search(p, name) for p in schema.get("patternProperties", {})
                ):
                    errors.setdefault(
                        name,
                        _err(
                            f"{field}.{name}", "attribute_unknown", _("Unknown attribute for this category.")
                        ),
                    )
        else:
            errors.setdefault("", _err(field, "attributes_invalid", error.message))
    return list(errors.values())
