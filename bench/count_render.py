"""Count the instructions of the render path (page cache off) in-process on the bench database, exactly:
wall and CPU timings on a shared machine are noise, instruction counts are not.

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/render.cg \\
        .venv/bin/python bench/count_render.py [--scenario product] [--n 20] [--pass seen|new]

The script asks `--n` URLs of the scenario's list once uninstrumented (the process warms up: imports,
templates, the catalogue version), then switches callgrind's instrumentation on (`callgrind_control -i on`)
only around the measured requests: with `--pass seen` the same URLs again (every fragment kept, as a site
with no page cache serves a page seen before), with `--pass new` the next `--n` URLs, never seen. Divide
callgrind's total (`callgrind_annotate`) by `--n` for instructions per page. Without valgrind it just runs.
It exits 1 when a measured page answered 5xx.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from profile_render import start_django

ROOT = Path(__file__).resolve().parent.parent


def _instrument(on: bool) -> None:
    """Callgrind's instrumentation on or off for this process (nothing when not under valgrind)."""
    if "valgrind" not in os.environ.get("LD_PRELOAD", "") and not os.environ.get("COUNT_RENDER_VALGRIND"):
        return
    subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())], check=False)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-url", default=f"sqlite:///{ROOT / 'var' / 'bench' / 'comeback.sqlite3'}")
    p.add_argument("--var", default=str(ROOT / "var" / "bench"))
    p.add_argument("--scenario", default="product")
    p.add_argument("--n", type=int, default=20)
    p.add_argument("--pass", dest="which", choices=("seen", "new"), default="seen")
    args = p.parse_args(argv)
    start_django(db_url=args.db_url, var=args.var)
    import dataset
    import scenarios
    from django.test import Client

    urls = {s.name: s for s in scenarios.build(dataset.sample())}[args.scenario].urls
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    warm = urls[20 : 20 + args.n]
    measured = warm if args.which == "seen" else urls[20 + args.n : 20 + 2 * args.n]
    for url in urls[:20] + warm:
        client.get(url)
    _instrument(True)
    statuses = [client.get(url).status_code for url in measured]
    _instrument(False)
    print(
        f"{args.scenario} ({args.which}): {len(measured)} URLs, statuses {sorted(set(statuses))}", flush=True
    )
    # A page that failed was not rendered: its count would flatter the path, so the run is refused.
    return 1 if any(status >= 500 for status in statuses) else 0


if __name__ == "__main__":
    raise SystemExit(main())
