"""gunicorn as benchmarked (docs/performance.md, bench/server.py): gthread workers, one per core, 4 threads
each, a listening socket per worker (SO_REUSEPORT), backlog 2048, 60 s timeout. Used by the Procfile, the
systemd units, the container and `make fleet`:

    gunicorn -c gunicorn.conf.py comeback.wsgi:application

Environment: BIND (127.0.0.1:8000), WEB_WORKERS (cores), WEB_THREADS (4), WEB_WORKER_CLASS (gthread),
WEB_REUSE_PORT (1), FORWARDED_ALLOW_IPS (127.0.0.1: the addresses whose X-Forwarded-* gunicorn trusts),
ACCESS_LOG (1: one JSON line per request from Comeback, with its request id; gunicorn's own is off),
WEB_WARM_SEARCH (1: each worker loads the search snapshots once it is up, storefront/snapshot_warm.py).
Metrics of all workers are pooled in PROMETHEUS_MULTIPROC_DIR (COMEBACK_VAR/prometheus, emptied at start).
"""

import os
import shutil
from pathlib import Path


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_WORKERS", str(os.cpu_count() or 2)))
worker_class = os.environ.get("WEB_WORKER_CLASS", "gthread")
threads = int(os.environ.get("WEB_THREADS", "4"))
reuse_port = _flag("WEB_REUSE_PORT", "1")
backlog = 2048
timeout = 60
graceful_timeout = 30
keepalive = 5
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
wsgi_app = "comeback.wsgi:application"

os.environ.setdefault("ACCESS_LOG", "1")
_var = Path(os.environ.get("COMEBACK_VAR") or Path(__file__).resolve().parent / "var")
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_var / "prometheus"))


def on_starting(server):
    """A fresh folder per start: counts of a previous run's workers must not be added to this one's."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """A worker's first searches must not be the load of the market snapshots (seconds at ten times the
    catalogue): it loads them in a thread of its own once the application is up, answering meanwhile."""
    if _flag("WEB_WARM_SEARCH", "1"):
        from comeback.storefront import snapshot_warm

        snapshot_warm.start()
