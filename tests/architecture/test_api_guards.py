"""API guards live in one module (docs/design.md §5 "Entry points by actor"): who may act through the API
(a token's scope, staff, a buyer, a seller's shop) is decided by `comeback/web/api_access.py`, and an app's
API modules call those guards; they never write their own. A module-level helper that checks a token's
scopes, raises an actor's refusal, or only renames a shared guard (`def _staff(request): return
acting_staff(request, …)`) is what this test finds."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "comeback"
SHARED_GUARDS = {
    "require_scope",
    "acting_buyer",
    "acting_staff",
    "acting_seller",
    "staff_member",
    "staff_or_seller",
}
ACTOR_REFUSALS = {"missing_scope", "staff_only", "not_a_seller", "not_a_buyer"}


def _api_modules() -> list[Path]:
    modules = {*SRC.glob("*/api.py"), *SRC.glob("*/api/*.py"), *SRC.glob("*/api_*.py")}
    return sorted(modules - {SRC / "web" / "api_access.py"})


def _called(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        return getattr(node.func, "id", None) or getattr(node.func, "attr", None)
    return None


def _guard_smells(fn: ast.FunctionDef) -> list[str]:
    smells = []
    for node in ast.walk(fn):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "scopes"
            and getattr(node.value, "attr", "") == "auth"
        ):
            smells.append("reads request.auth.scopes")
        if isinstance(node, ast.Call) and _called(node) == "require_scope":
            smells.append("checks a scope")
        if isinstance(node, ast.Raise) and _called(node.exc) == "Forbidden":
            codes = {
                k.value.value
                for k in node.exc.keywords
                if k.arg == "code" and isinstance(k.value, ast.Constant)
            }
            if codes & ACTOR_REFUSALS:
                smells.append(f"raises {sorted(codes)}")
    body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if (
        not fn.decorator_list
        and len(body) == 1
        and isinstance(body[0], ast.Return | ast.Expr)
        and _called(body[0].value) in SHARED_GUARDS
    ):
        smells.append(f"renames {_called(body[0].value)}")
    return smells


def test_given_the_api_modules_when_their_functions_are_read_then_none_defines_its_own_actor_guard():
    # given every function of every API module
    found = {}
    for module in _api_modules():
        for fn in ast.walk(ast.parse(module.read_text())):
            if isinstance(fn, ast.FunctionDef) and (smells := _guard_smells(fn)):
                found[f"{module.relative_to(SRC).as_posix()}:{fn.name}"] = smells
    # then
    assert found == {}


def test_given_a_module_writing_its_own_staff_guard_when_read_then_the_check_finds_it():
    # given the pattern the shared guards replaced
    source = (
        "def _staff(request):\n"
        "    return acting_staff(request, _('Only staff decide claims.'))\n"
        "def _seller(request):\n"
        "    require_scope(request, 'seller')\n"
        "    seller = seller_for_user(request.auth.user)\n"
        "    if seller is None:\n"
        "        raise Forbidden(_('No shop.'), code='not_a_seller')\n"
        "    return seller\n"
    )
    # when
    smells = {fn.name: _guard_smells(fn) for fn in ast.parse(source).body}
    # then
    assert smells == {
        "_staff": ["renames acting_staff"],
        "_seller": ["checks a scope", "raises ['not_a_seller']"],
    }
