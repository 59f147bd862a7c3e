"""Coverage of the one text rule: every string any API operation takes, and every web form, refuses a NUL
with `invalid_characters` naming the field — walked from the API itself and from every form class."""

from __future__ import annotations

import importlib
import pkgutil
import types
import typing

import pytest
from django import forms
from pydantic import BaseModel

import comeback
from comeback.api import api
from comeback.core import text
from comeback.core.forms import TextRule
from comeback.core.problems import Invalid

DIRTY = "x\x00y"


def _arms(annotation) -> list:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _arms(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _arms(arg)]
    return [annotation]


def _dirty_values(annotation, path: str):
    """(path, value) pairs: a value of this type with a NUL in one of its strings, for each string in it."""
    for arm in _arms(annotation):
        origin = typing.get_origin(arm)
        if arm is str or arm is typing.Any:
            yield path, DIRTY
        elif isinstance(arm, type) and issubclass(arm, BaseModel):
            for name, info in arm.model_fields.items():
                for sub, value in _dirty_values(info.annotation, f"{path}.{info.alias or name}".lstrip(".")):
                    yield sub, arm.model_construct(**{name: value})
        elif origin in (list, tuple, set, frozenset):
            for sub, value in _dirty_values(typing.get_args(arm)[0], f"{path}.0"):
                yield sub, [value]
        elif origin is dict:
            for sub, value in _dirty_values(typing.get_args(arm)[1], f"{path}.key"):
                yield sub, {"key": value}


def _cases():
    for bound in api._get_bound_routers():
        for route, view in bound.path_operations.items():
            for operation in view.operations:
                for model in operation.signature.models:
                    for name, info in model.model_fields.items():
                        flat = any(
                            isinstance(a, type) and issubclass(a, BaseModel) for a in _arms(info.annotation)
                        )
                        for path, value in _dirty_values(info.annotation, "" if flat else name):
                            yield pytest.param(
                                operation, name, path, value, id=f"{operation.methods[0]} {route} {path}"
                            )


CASES = list(_cases())


def test_given_the_api_then_the_walk_finds_the_strings_it_must_guard():
    paths = {c.id for c in CASES}
    assert len(CASES) > 150
    assert "POST /warranty/claims/{claim_id}/messages body" in paths
    assert "POST /passports/{passport_id}/events data.key" in paths
    assert "POST /checkout shipping_address.line1" in paths


@pytest.mark.parametrize(("operation", "name", "path", "value"), CASES)
def test_given_a_nul_in_any_string_of_any_operation_then_it_is_refused_naming_the_field(
    operation, name, path, value
):
    def handler_must_not_run(*args, **kwargs):
        raise AssertionError("the handler ran")

    guarded = text.api_guard(handler_must_not_run)
    with pytest.raises(Invalid) as refused:
        guarded(None, **{name: value})
    assert refused.value.code == "invalid_characters"
    assert [e["field"] for e in refused.value.errors] == [path]


def test_given_every_operation_then_the_guard_wraps_its_handler():
    unguarded = [
        f"{op.methods[0]} {route}"
        for bound in api._get_bound_routers()
        for route, view in bound.path_operations.items()
        for op in view.operations
        if not getattr(op.view_func, "text_rule", False)
    ]
    assert unguarded == []


def _form_classes() -> list[type]:
    for module in pkgutil.walk_packages(comeback.__path__, "comeback."):
        if module.name.endswith((".migrations", "__main__")) or ".migrations." in module.name:
            continue
        importlib.import_module(module.name)
    found, todo = set(), [forms.Form, forms.ModelForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("comeback."):
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_given_every_web_form_of_the_project_then_each_follows_the_text_rule():
    classes = _form_classes()
    assert len(classes) > 50
    assert [f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, TextRule)] == []
