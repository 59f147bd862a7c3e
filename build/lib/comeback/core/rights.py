"""Rights before bodies: who may call an API path is checked with the token, before any body is read
(docs/api.md "Rights before bodies").

django-ninja authenticates before it parses a body, but an operation's actor ("a seller's token", "staff")
was checked in the handler, after the body: a buyer sending a malformed body to a seller route learned
about the body (400/422) before being told it may not call the route at all (403). Rules registered here
run inside token authentication instead, so a caller without rights gets 401 or 403 whatever it sent.

The rules live with the API's assembly (`comeback/api.py`), which knows every app; a rule names the path
it guards and a check that raises a 403 problem (the same check the handler makes, so the handler's own
call stays correct and cheap).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Check = Callable[[object], object]


@dataclass(frozen=True)
class Rule:
    """Requests whose path (below the API root) matches `pattern` and whose method is in `methods` (all
    methods if empty) must pass `check(request)`; `who` says in words who may call."""

    pattern: str
    check: Check
    who: str
    methods: frozenset[str] = frozenset()

    def matches(self, method: str, path: str) -> bool:
        return (not self.methods or method in self.methods) and re.match(self.pattern, path) is not None


_rules: list[Rule] = []
_root = "/api/v1"


def install(rules: list[Rule], *, root: str = "/api/v1") -> None:
    """Replace the rules (the API's assembly calls this once)."""
    global _root
    _rules[:] = rules
    _root = root.rstrip("/")


def rules() -> list[Rule]:
    return list(_rules)


def rule_for(method: str, path: str) -> Rule | None:
    """The rule guarding an API path (given below the root, as in the OpenAPI document)."""
    return next((r for r in _rules if r.matches(method, path)), None)


def check(request) -> None:
    """Run the rule for this request, if any; `request.auth` is already the caller's token."""
    path = request.path
    if not path.startswith(_root + "/"):
        return
    rule = rule_for(request.method, path[len(_root) :])
    if rule is not None:
        rule.check(request)
