"""The apps' layers (docs/design.md §3 "Layers"): `make test` runs `lint-imports` before pytest; this test
runs the same contracts so a bare pytest run checks them too, and proves the no-cycle contract bites."""

from __future__ import annotations

from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_given_the_apps_when_their_imports_are_checked_then_every_layer_and_the_no_cycle_rule_hold(capsys):
    # when
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    # then
    assert status == 0, capsys.readouterr().out


def test_given_the_import_graph_then_no_two_apps_import_each_other():
    # given every import, late ones inside functions included
    graph = grimp.build_graph("comeback", exclude_type_checking_imports=True)
    edges = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            importer_app, imported_app = module.split(".")[1:2], imported.split(".")[1:2]
            if importer_app and imported_app and importer_app != imported_app:
                edges.add((importer_app[0], imported_app[0]))
    # then
    assert not {(a, b) for a, b in edges if (b, a) in edges}
