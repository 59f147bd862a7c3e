"""The error catalogue: every stable `code` the source raises, with its HTTP status and what it means, read
from the source itself (docs/api-errors.md is written from it by `comeback api-errors`).

A refusal is a `Problem` (core/problems.py) raised with a literal `code` — `Conflict(..., code="x")`,
`Invalid.field("price", "price_positive", _("…"))` — or a Problem subclass with its own `default_code`; a
`Process(...)` (core/process.py) answers `invalid_transition`, `actor_not_allowed` and its `changed_code`.
The meaning is the refusal's English message where the source gives one as a literal.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from . import problems

PACKAGE = Path(__file__).resolve().parent.parent
STATUS = {
    "Problem": 400,
    "BadRequest": 400,
    "Unauthenticated": 401,
    "Forbidden": 403,
    "NotFound": 404,
    "Conflict": 409,
    "Invalid": 422,
    "TooManyRequests": 429,
    "Unavailable": 503,
}


SET_AFTER = {"body_too_large": 413, "internal_error": 500}


@dataclass
class Entry:
    code: str
    statuses: set[int] = field(default_factory=set)
    meanings: list[str] = field(default_factory=list)
    apps: set[str] = field(default_factory=set)


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def _text(node) -> str | None:
    """A literal message, bare or in a translation call; %-placeholders kept as they are."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if (
        isinstance(node, ast.Call)
        and _name(node.func) in {"_", "gettext", "gettext_lazy", "str"}
        and node.args
    ):
        return _text(node.args[0])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _text(node.left)
    return None


def catalogue(package: Path = PACKAGE) -> dict[str, Entry]:
    classes = dict(STATUS)
    entries: dict[str, Entry] = {}

    def add(code: str, status: int, meaning: str | None, app: str) -> None:
        entry = entries.setdefault(code, Entry(code))
        entry.statuses.add(status)
        entry.apps.add(app)
        if meaning and meaning not in entry.meanings:
            entry.meanings.append(meaning)

    trees = []
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        trees.append((path.relative_to(package).parts[0], ast.parse(path.read_text(), str(path))))
    # Problem subclasses of the apps, with their status and default code
    for app, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(_name(b) in classes for b in node.bases):
                status = next(classes[_name(b)] for b in node.bases if _name(b) in classes)
                code = None
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                        target = _name(stmt.targets[0])
                        if target == "status" and isinstance(stmt.value, ast.Constant):
                            status = stmt.value.value
                        if target == "default_code" and isinstance(stmt.value, ast.Constant):
                            code = stmt.value.value
                classes[node.name] = status
                if code:
                    add(code, status, ast.get_docstring(node), app)
    for app, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name.endswith(".field") and name.rsplit(".", 1)[0].split(".")[-1] in classes:
                cls = name.rsplit(".", 1)[0].split(".")[-1]
                if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                    meaning = _text(node.args[2]) if len(node.args) >= 3 else None
                    add(node.args[1].value, classes[cls], meaning, app)
                continue
            if name.split(".")[-1] == "Process":  # core/process.py: its two codes, and the lost race's own
                keywords = {k.arg: k.value for k in node.keywords}
                changed = keywords.get("changed_code")
                if isinstance(changed, ast.Constant):
                    message = keywords.get("changed_message")
                    add(
                        changed.value,
                        409,
                        _text(message.body) if isinstance(message, ast.Lambda) else None,
                        app,
                    )
                add("invalid_transition", 409, None, app)
                add("actor_not_allowed", 403, None, app)
                continue
            cls = name.split(".")[-1]
            if cls not in classes:
                continue
            for keyword in node.keywords:
                if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                    meaning = _text(node.args[0]) if node.args else None
                    add(keyword.value.value, classes[cls], meaning, app)
    for cls in (problems.Invalid, problems.Unauthenticated, problems.Forbidden, problems.NotFound):
        add(cls.default_code, cls.status, str(cls.default_title), "core")
    for code, status in SET_AFTER.items():  # problems whose status the raiser sets after building them
        if code in entries:
            entries[code].statuses = {status}
    return dict(sorted(entries.items()))


def markdown(entries: dict[str, Entry]) -> str:
    lines = [
        "# API error catalogue",
        "",
        "Every stable `code` a refusal carries, with its HTTP status and what it means, read from the source by",
        "`comeback api-errors` (regenerate this file with `comeback api-errors > docs/api-errors.md`). Refusals",
        'are RFC 9457 `application/problem+json` (docs/api.md "Errors"); for invalid input each entry of',
        "`errors` names the field and its rule `code`.",
        "",
        "| code | status | apps | meaning |",
        "|---|---|---|---|",
    ]
    for entry in entries.values():
        meaning = " / ".join(m.replace("|", "\\|").replace("\n", " ") for m in entry.meanings[:2])
        statuses = ", ".join(str(s) for s in sorted(entry.statuses))
        lines.append(f"| `{entry.code}` | {statuses} | {', '.join(sorted(entry.apps))} | {meaning} |")
    return "\n".join(lines) + "\n"
