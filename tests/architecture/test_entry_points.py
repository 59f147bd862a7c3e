"""Entry points split by actor (docs/design.md §5 "Entry points by actor"): an app's API is one router per
actor gathered under one. Django resolves a path to the first router that declares it, so a path whose
methods were spread over two actors' routers would answer 405 to the second one's method."""

from __future__ import annotations

from collections import defaultdict

from comeback.api import api


def test_given_the_api_when_its_routers_are_listed_then_each_path_is_declared_by_one_router_only():
    # given every router as mounted
    declared = defaultdict(list)
    for bound in api._get_bound_routers():
        for relative in bound.path_operations:
            path = "/" + "/".join(p for p in (bound.prefix.strip("/"), relative.strip("/")) if p)
            declared[path].append(bound.template)
    # then
    assert {path: routers for path, routers in declared.items() if len(routers) > 1} == {}
