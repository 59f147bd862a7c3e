"""Real servers a test starts and kills on this engineer's own ports: a PostgreSQL cluster (initdb/pg_ctl),
a Redis, a Comeback process. Nothing is mocked: an outage is a server that is really gone."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PG_PORTS = range(15500, 15600)
PORTS = range(8400, 8500)
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


# Ports this process holds: a lock file per port, held while the process lives, so two test runs side by side
# (CI runs SQLite and PostgreSQL at once) never start their servers on the same port; a bind test alone races.
_held: dict[int, object] = {}
_LOCKS = Path(tempfile.gettempdir()) / "comeback-test-ports"


def free_port(candidates: range) -> int:
    _LOCKS.mkdir(exist_ok=True)
    for port in candidates:
        if port not in _held:
            lock = (_LOCKS / f"{port}.lock").open("w")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.close()
                continue
            _held[port] = lock
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {candidates.start}-{candidates.stop - 1}")


def shared_redis_url(db: int) -> str:
    """A database of the machine's Redis for this run: the PostgreSQL run side by side with the SQLite one in CI
    uses other numbers, so one run's clear() never empties the other's keys."""
    offset = 5 if os.environ.get("DATABASE_URL", "").startswith("postgres") else 0
    return f"redis://127.0.0.1:6379/{db - offset}"


def wait_until(condition, *, seconds: float = 60, what: str = "condition") -> None:
    """Poll `condition` until it is true (never a time-based assertion: the deadline only stops a hang)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and the server refuse to run as root; the machine's `postgres` user owns the cluster.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@dataclass
class Postgres:
    """A throw-away PostgreSQL cluster: `stop()` kills it (-m immediate, as a crash), `start()` brings it back."""

    datadir: Path
    port: int

    @property
    def url(self) -> str:
        # Commits wait for the WAL, as in production: tests' own connections skip that wait (settings), but
        # this cluster is crashed on purpose, and a commit it acknowledged must survive the crash.
        return f"postgres://postgres@127.0.0.1:{self.port}/comeback?options=-c%20synchronous_commit%3Don"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres(["pg_ctl", "-D", str(self.datadir), "-w", *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "-l", str(self.datadir / "server.log"), "start")

    def stop(self) -> None:
        self._ctl("-m", "immediate", "stop")


@contextlib.contextmanager
def private_postgres(*, migrate: tuple[str, ...] = ("core", "django_tasks_database")) -> Iterator[Postgres]:
    """A cluster on a port of PG_PORTS with a `comeback` database migrated for the named apps."""
    if shutil.which("pg_ctl") is None:
        raise RuntimeError(
            "PostgreSQL's server binaries (pg_ctl, initdb) are needed: apt-get install postgresql"
        )
    root = Path(tempfile.mkdtemp(prefix="comeback-pg-"))
    os.chmod(root, 0o777)
    pg = Postgres(root / "data", free_port(PG_PORTS))
    subprocess.run(
        _as_postgres(["initdb", "-D", str(pg.datadir), "-U", "postgres", "-A", "trust"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pg.start()
    try:
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres", "comeback"], check=True
        )
        for app in migrate:
            comeback(["migrate", app, "-v0"], database=pg.url)
        yield pg
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            pg.stop()
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Redis:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


@contextlib.contextmanager
def private_redis() -> Iterator[Redis]:
    port = free_port(PORTS)
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: listening(port), seconds=20, what="redis-server listening")
        yield Redis(port, proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def environment(*, database: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)  # PYTEST_VERSION included: static files without a manifest, as in tests
    # Playwright's tests allow async-unsafe calls in the test process only, never in a server or command.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DATABASE_URL=database,
        PYTHONPATH=str(ROOT),
        COMEBACK_HOME=str(ROOT),
        COMEBACK_VAR=tempfile.mkdtemp(prefix="comeback-var-"),
        DJANGO_SETTINGS_MODULE="comeback.settings",
    )
    env.update(extra)
    return env


def comeback(args: list[str], *, database: str, **extra: str) -> str:
    """Run `comeback …` in its own process against `database`; returns what it printed."""
    done = subprocess.run(
        [str(BIN / "comeback"), *args],
        env=environment(database=database, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"comeback {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


@contextlib.contextmanager
def background(args: list[str], *, database: str, log: Path, **extra: str) -> Iterator[subprocess.Popen]:
    """`comeback …` (or gunicorn when args[0] is "gunicorn") running until the block ends, or killed in it."""
    cmd = [str(BIN / "gunicorn"), *args[1:]] if args[0] == "gunicorn" else [str(BIN / "comeback"), *args]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, env=environment(database=database, **extra), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def shared_database_url() -> str:
    """The URL of the database the running test uses, for processes that must share it (committed data only)."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextlib.contextmanager
def node(*, database: str, redis: str = "", log: Path, **extra: str) -> Iterator[str]:
    """One app node: gunicorn serving Comeback on a port of PORTS; yields its base URL."""
    port = free_port(PORTS)
    env = {"REDIS_URL": redis, "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_COOKIES": "0", **extra}
    args = ["gunicorn", "comeback.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    with background(args, database=database, log=log, **env) as proc:
        wait_until(lambda: listening(port) or proc.poll() is not None, seconds=60, what="gunicorn listening")
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def private_replica(primary: Postgres) -> Iterator[Postgres]:
    """A streaming replica of `primary` (pg_basebackup -R) on a port of its own; hot standby, read-only."""
    root = Path(tempfile.mkdtemp(prefix="comeback-replica-"))
    os.chmod(root, 0o777)
    replica = Postgres(root / "data", free_port(PG_PORTS))
    subprocess.run(
        _as_postgres(
            ["pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"]
            + ["-D", str(replica.datadir), "-R", "-X", "stream", "-c", "fast"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    replica.start()
    try:
        yield replica
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            replica.stop()
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class PgBouncer:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/comeback"


def pgbouncer_config(*, port: int, backend_port: int, folder: Path, pool_size: int = 20) -> Path:
    """A PgBouncer in transaction mode in front of a cluster's `comeback` database (trust, as the cluster)."""
    ini = folder / "pgbouncer.ini"
    (folder / "userlist.txt").write_text('"postgres" ""\n')
    ini.write_text(
        "[databases]\n"
        f"comeback = host=127.0.0.1 port={backend_port} dbname=comeback\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'userlist.txt'}\n"
        "pool_mode = transaction\n"
        f"default_pool_size = {pool_size}\nmax_client_conn = 500\n"
        # psycopg sends `options` only with DB_STATEMENT_TIMEOUT or under pytest (synchronous_commit=off).
        "ignore_startup_parameters = extra_float_digits,options\n"
        "server_reset_query =\nserver_check_delay = 1\n"
        f"logfile = {folder / 'pgbouncer.log'}\npidfile = {folder / 'pgbouncer.pid'}\n"
    )
    return ini


@contextlib.contextmanager
def private_pgbouncer(backend: Postgres) -> Iterator[PgBouncer]:
    if shutil.which("pgbouncer") is None and not Path("/usr/sbin/pgbouncer").exists():
        raise RuntimeError("PgBouncer is needed: apt-get install pgbouncer")
    folder = Path(tempfile.mkdtemp(prefix="comeback-pgbouncer-"))
    os.chmod(folder, 0o777)
    port = free_port(PG_PORTS)
    ini = pgbouncer_config(port=port, backend_port=backend.port, folder=folder)
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    proc = subprocess.Popen(
        _as_postgres([binary, str(ini)]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until(lambda: listening(port) or proc.poll() is not None, seconds=20, what="pgbouncer listening")
        if proc.poll() is not None:
            raise RuntimeError(f"pgbouncer exited: {(folder / 'pgbouncer.log').read_text()[-2000:]}")
        yield PgBouncer(port, proc)
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
