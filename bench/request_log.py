"""The server's own log of the bench's requests (bench/gunicorn_requests.py: one line per request with its URL,
its page-cache outcome, its thread's CPU and wall time) read back per request class, and where the server's CPU
went during the mixed load."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


def classify(path: str) -> str:
    for prefix, name in (
        ("/_hello", "hello"),
        ("/p/", "product"),
        ("/search/", "search"),
        ("/c/", "search"),
        ("/api/v1/products/", "api_product"),
        ("/api/v1/products", "api_search"),
        ("/api/v1/seller/listings/", "reprice"),
        ("/api/v1/cart", "cart"),
        ("/api/v1/checkout", "checkout"),
        ("/api/v1/tradein/quotes", "quote"),
    ):
        if path.startswith(prefix):
            return name
    return "other"


@dataclass
class Served:
    """What the server's request log says about one request class: answers and each request's thread CPU."""

    requests: int = 0
    hits: int = 0
    misses: int = 0
    cpu_hits_us: float = 0.0
    cpu_misses_us: float = 0.0
    cpu_us: float = 0.0
    walls_ms: list[float] = field(default_factory=list)  # each request's wall time inside its thread

    @property
    def hit_ratio(self) -> float | None:
        return self.hits / (self.hits + self.misses) if self.hits + self.misses else None

    @property
    def ms_per_miss(self) -> float | None:
        return self.cpu_misses_us / self.misses / 1e3 if self.misses else None

    @property
    def ms_per_hit(self) -> float | None:
        return self.cpu_hits_us / self.hits / 1e3 if self.hits else None

    @property
    def ms_per_request(self) -> float | None:
        return self.cpu_us / self.requests / 1e3 if self.requests else None


def read_log(path: Path, since: int) -> dict[str, Served]:
    served: dict[str, Served] = defaultdict(Served)
    with path.open("rb") as f:
        f.seek(since)
        for line in f.read().decode(errors="replace").splitlines():
            parts = line.split(" ")
            if len(parts) not in (4, 5):
                continue
            url, outcome, cpu, who = parts[:4]
            s = served[("reader:" if who == "reader" else "") + classify(url)]
            s.requests += 1
            s.cpu_us += float(cpu)
            if len(parts) == 5:
                s.walls_ms.append(float(parts[4]) / 1e3)
            # survived: a stored listing page that a newer search snapshot cannot change (storefront/survival.py)
            if outcome in ("hit", "stale", "survived"):
                s.hits += 1
                s.cpu_hits_us += float(cpu)
            elif outcome == "miss":
                s.misses += 1
                s.cpu_misses_us += float(cpu)
    return served


def server_split(served: dict[str, Served], server_cpu: float, *, browsing: tuple[str, ...]) -> str:
    """One sentence: the share of the server's CPU (`server_cpu` seconds, from /proc) each kind of request took in
    its own thread (a class's renders and its page-cache hits apart), and what no request's thread counted (gunicorn
    itself, snapshots loaded in the background, the collector when it ran in another thread)."""
    parts: dict[str, float] = defaultdict(float)
    for name, s in served.items():
        if name.startswith("reader:"):
            parts["the freshness reader"] += s.cpu_us
        elif name in browsing:
            parts[f"{name} renders"] += s.cpu_misses_us
            parts[f"{name} hits"] += s.cpu_us - s.cpu_misses_us  # a page-cache bypass counts with its hits
        elif name in ("cart", "checkout"):
            parts["cart adds and checkouts"] += s.cpu_us
        else:
            parts[{"reprice": "reprices", "quote": "trade-in quotes"}.get(name, name)] += s.cpu_us
    total = server_cpu * 1e6
    if total <= 0:
        return "Where the server's CPU went: nothing was measured."
    parts["outside any request's thread"] = max(total - sum(parts.values()), 0.0)
    ranked = sorted(((k, v) for k, v in parts.items() if v > 0), key=lambda kv: -kv[1])
    return (
        f"Where the server's CPU went ({server_cpu:.1f} s, each request's own thread): "
        + ", ".join(f"{k} {v / total:.0%}" for k, v in ranked)
        + "."
    )
