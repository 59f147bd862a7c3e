"""The API's contract with its clients, checked and completed where the API is assembled (docs/api.md).

A generated client knows a body only by its schema's name in the OpenAPI document, so every schema has one
name: `schema_name_clashes` finds two different classes (models or enums) that would share one.
"""

from __future__ import annotations

import enum
import typing
from collections import defaultdict
from collections.abc import Iterator
from http import HTTPStatus

from pydantic import BaseModel


def operations(api) -> Iterator[tuple[str, str, object]]:
    """Every (method, path below the API root, operation) the API serves."""
    for bound in api._get_bound_routers():
        for relative, view in bound.path_operations.items():
            path = "/" + "/".join(p for p in (bound.prefix.strip("/"), relative.strip("/")) if p)
            for operation in view.operations:
                for method in operation.methods:
                    yield method, path, operation


def keep_operation_ids(router, *, module: str) -> None:
    """Name each operation of `router` as django-ninja named it (`<module>_<function>`) while it lived in
    `module`: an entry point moved into a per-actor module keeps its `operationId`, which generated clients
    call by name. An operation that names itself keeps its own."""
    for view in router.path_operations.values():
        for operation in view.operations:
            if operation.operation_id is None:
                operation.operation_id = f"{module}_{operation.view_func.__name__}".replace(".", "_")


def _named_types(annotation, seen: set) -> Iterator[type]:
    if annotation in seen:
        return
    if isinstance(annotation, type):
        seen.add(annotation)
        if issubclass(annotation, enum.Enum):
            yield annotation
            return
        if issubclass(annotation, BaseModel):
            yield annotation
            for field in annotation.model_fields.values():
                yield from _named_types(field.annotation, seen)
            return
    for arg in typing.get_args(annotation):
        yield from _named_types(arg, seen)


def schema_name_clashes(api) -> dict[str, list[str]]:
    """{schema name: the classes sharing it} for every name two different classes would take in the document.
    Ninja's own holders of an operation's parameters and responses are not named in the document: only the
    schemas in their fields are."""
    by_name: dict[str, set[str]] = defaultdict(set)
    seen: set = set()
    for _method, _path, operation in operations(api):
        for holder in [*operation.models, *operation.response_models.values()]:
            if not isinstance(holder, type) or not issubclass(holder, BaseModel):
                continue
            for field in holder.model_fields.values():
                for cls in _named_types(field.annotation, seen):
                    by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    return {name: sorted(classes) for name, classes in by_name.items() if len(classes) > 1}


# Problem responses ---------------------------------------------------------------------------------------
# What each status means for any operation; an operation's own description (naming its codes) is kept.
PROBLEM_TEXTS = {
    400: "The body cannot be read: not JSON (`bad_request`), a multipart body without a boundary "
    "(`malformed_body`)",
    401: "No valid token (`not_authenticated`), with `WWW-Authenticate: Bearer`",
    403: "The token may not do this (`missing_scope`, `not_a_seller`, `forbidden`, …)",
    404: "Nothing with this id among what the caller may see (`not_found`, …)",
    409: "Refused by a rule of the current state (see `code`), or an Idempotency-Key reused or in progress",
    413: "The body is over the size or field-count limits (`body_too_large`)",
    422: "Invalid input: `errors` names each field and its rule (`validation_error`, `invalid_characters`, …)",
    429: "Too many requests from this client (`rate_limited`); `Retry-After` says when to retry",
    503: "A service Comeback depends on is briefly unreachable (`service_unavailable`); nothing was decided, "
    "retry after `Retry-After` seconds",
}
WRITES = frozenset({"post", "put", "patch", "delete"})


def problem_statuses(method: str, path: str, operation: dict, *, rate_limited: set) -> list[int]:
    """The problem statuses an operation can answer, from what it takes: any input can be invalid, a body
    unreadable or too large, a token missing or short of rights, an id unknown, a write refused by a rule."""
    statuses = {503}
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.add(422)
    if operation.get("requestBody"):
        statuses |= {400, 413}
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if method in WRITES:
        statuses.add(409)
    if (method.upper(), path) in rate_limited:
        statuses.add(429)
    return sorted(statuses)


def declare_problems(
    document: dict, *, problem_schema: type[BaseModel], root: str, rate_limited: set
) -> dict:
    """Complete an OpenAPI document: every operation lists the problem responses it can give, each served as
    `application/problem+json` with the problem schema (replacing any other content an app declared)."""
    from ninja.openapi.schema import REF_TEMPLATE

    schema = problem_schema.model_json_schema(ref_template=REF_TEMPLATE)
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components.update(schema.pop("$defs", {}))
    components[problem_schema.__name__] = schema
    content = {
        "application/problem+json": {"schema": {"$ref": REF_TEMPLATE.format(model=problem_schema.__name__)}}
    }
    for path, item in document.get("paths", {}).items():
        relative = path[len(root) :] if path.startswith(root) else path
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            declared = {int(s) for s in responses if str(s).isdigit() and int(s) >= 400}
            wanted = declared | set(problem_statuses(method, relative, operation, rate_limited=rate_limited))
            for status in sorted(wanted):
                key = status if status in responses else str(status)
                previous = responses.pop(key, None) or {}
                description = previous.get("description") or ""
                generic = PROBLEM_TEXTS.get(status, "A problem (see `code`)")
                if description in {"", "Unknown Status Code", _phrase(status)}:
                    description = generic
                elif description.isidentifier():  # an app named its code only
                    description = f"{generic}: `{description}`"
                responses[status] = {"description": description, "content": content}
            operation["responses"] = dict(sorted(responses.items(), key=lambda kv: str(kv[0]).zfill(3)))
    return document


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# Closed sets kept in the database ------------------------------------------------------------------------
def declare_closed_sets(document: dict, *, sets: dict[str, list[str]]) -> dict:
    """Complete an OpenAPI document: every text marked as drawn from a set (`core.schemas.ClosedSet`) lists that
    set's current values as its `enum` (a set not given stays open: plain text)."""

    def walk(node) -> None:
        if isinstance(node, dict):
            mark = node.pop("x-closed-set", None)
            if mark and mark["name"] in sets:
                node["enum"] = [*sets[mark["name"]], *([""] if mark["blank"] else [])]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return document


# The text rule -------------------------------------------------------------------------------------------
# Strings a request carries are refused with `invalid_characters` when they hold control characters
# (core/text.py). The document says so: every text input without a shape of its own (an enum, a format, a
# pattern) gets the one-line pattern; text that may span lines got the wider one from its `Text` mark.
_NOT_TEXT = {"enum", "const", "pattern", "format", "contentMediaType"}


def declare_text_rule(document: dict, *, single_line: str) -> dict:
    """Complete an OpenAPI document: each text input of every operation (parameters and request bodies, and
    the schemas they refer to) declares the text rule as its `pattern`; keys of free-form objects too."""
    components = document.get("components", {}).get("schemas", {})
    done: set[str] = set()

    def walk(schema) -> None:
        if isinstance(schema, list):
            for item in schema:
                walk(item)
            return
        if not isinstance(schema, dict):
            return
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[-1]
            if name not in done and name in components:
                done.add(name)
                walk(components[name])
            return
        if schema.get("type") == "string" and not _NOT_TEXT & set(schema):
            schema["pattern"] = single_line
        if schema.get("type") == "object" and schema.get("additionalProperties") not in (None, False):
            schema.setdefault("propertyNames", {"pattern": single_line})
            if schema["additionalProperties"] in (True, {}):  # free-form: any JSON, its texts clean
                strings = schema.pop("pattern", single_line)  # a `Text` mark lets its texts span lines
                name = _json_value(components, strings, single_line)
                schema["additionalProperties"] = {"$ref": f"#/components/schemas/{name}"}
        for key in ("properties", "$defs", "definitions"):
            for sub in (schema.get(key) or {}).values():
                walk(sub)
        for key in ("items", "additionalProperties", "not", "anyOf", "oneOf", "allOf", "prefixItems"):
            walk(schema.get(key))

    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for parameter in operation.get("parameters", []):
                walk(parameter.get("schema"))
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                walk(media.get("schema"))
    return document


def _json_value(components: dict, strings: str, single_line: str) -> str:
    """A component for any JSON value whose texts match `strings` and whose keys are one line: what a
    free-form object (a passport event's `data`) accepts under the text rule."""
    name = "JsonValue" if strings == single_line else "JsonValueSpanningLines"
    ref = f"#/components/schemas/{name}"
    components[name] = {
        "description": "Any JSON value; its texts and keys follow the text rule.",
        "anyOf": [
            {"type": "null"},
            {"type": "boolean"},
            {"type": "number"},
            {"type": "string", "pattern": strings},
            {"type": "array", "items": {"$ref": ref}},
            {
                "type": "object",
                "propertyNames": {"pattern": single_line},
                "additionalProperties": {"$ref": ref},
            },
        ],
    }
    return name
