"""Entry points split by actor (docs/design.md §5 "Entry points by actor"): an app's API is one router per
actor gathered under one. Django resolves a path to the first router that declares it, so a path whose
methods were spread over two actors' routers would answer 405 to the second one's method."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from comeback.api import api

SRC = Path(__file__).resolve().parents[2] / "src" / "comeback"
ACTORS = {"public", "buyer", "seller", "partner", "repairer", "authenticator", "staff"}
# What several actors' modules share, or routes every actor reaches through one guard, named for what it is.
SHARED = {
    "accounts/views/tokens.py",
    "invoices/api/documents.py",
    "passports/views/pages.py",
    "passports/views/professional.py",
    "recovery/views/pages.py",
    "repair/api/paths.py",
    "tradein/views/partner_models.py",
}


def test_given_the_api_when_its_routers_are_listed_then_each_path_is_declared_by_one_router_only():
    # given every router as mounted
    declared = defaultdict(list)
    for bound in api._get_bound_routers():
        for relative in bound.path_operations:
            path = "/" + "/".join(p for p in (bound.prefix.strip("/"), relative.strip("/")) if p)
            declared[path].append(bound.template)
    # then
    assert {path: routers for path, routers in declared.items() if len(routers) > 1} == {}


def test_given_the_apps_entry_point_rooms_when_listed_then_each_is_named_by_an_actor_or_for_what_it_shares():
    # given every module under an app's views/, api/ and schemas/ packages
    rooms = [
        module.relative_to(SRC).as_posix()
        for room in ("views", "api", "schemas")
        for module in SRC.glob(f"*/{room}/*.py")
        if module.stem != "__init__"
    ]
    # then
    assert rooms
    assert sorted(r for r in rooms if Path(r).stem not in ACTORS and r not in SHARED) == []
