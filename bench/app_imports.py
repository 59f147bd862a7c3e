"""The apps' import graph: who imports whom, how many imports, and which pairs import each other.

    .venv/bin/python bench/app_imports.py [--details APP>APP ...]

`make test` enforces the layers with `lint-imports` (pyproject.toml, docs/design.md §3 "Layers"); this
script is the measuring tape behind it: it prints every app-level edge with its import count, flags pairs
that import each other, and with --details lists the modules and lines behind chosen edges.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def app_edges(graph) -> Counter:
    edges: Counter = Counter()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            importer_app, imported_app = app_of(module), app_of(imported)
            if importer_app != imported_app:
                edges[importer_app, imported_app] += 1
    return edges


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", nargs="*", default=[], help="edges to detail, as importer>imported")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    graph = grimp.build_graph("comeback", exclude_type_checking_imports=True)
    edges = app_edges(graph)
    cycles = sorted({tuple(sorted(pair)) for pair in edges if (pair[1], pair[0]) in edges})
    for (importer, imported), count in sorted(edges.items()):
        mark = "  <-> cycle" if (imported, importer) in edges else ""
        print(f"{importer:12} -> {imported:12} {count:4}{mark}")
    print(f"\n{len(edges)} app-level edges, {len(cycles)} pairs importing each other")
    for pair in cycles:
        print(f"  cycle: {pair[0]} <-> {pair[1]}")
    wanted = {tuple(d.split(">")) for d in args.details}
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if (app_of(module), app_of(imported)) in wanted:
                lines = [
                    d["line_number"] for d in graph.get_import_details(importer=module, imported=imported)
                ]
                print(f"{module} -> {imported} (line {', '.join(map(str, lines))})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
