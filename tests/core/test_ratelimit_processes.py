"""Rate limits are exact across processes: one app node of three gunicorn workers, 30 wrong passwords for one
account sent at once. Whichever worker takes an attempt, exactly the allowed 10 are evaluated (401) and the
other 20 refused (429) — counted in the database without Redis, and in Redis with it."""

from __future__ import annotations

import contextlib
import re
import threading

import httpx
import pytest

from ..factories import UserFactory
from ..servers import PORTS, background, free_port, listening, private_redis, shared_database_url, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS, ALLOWED = 30, 10


@contextlib.contextmanager
def three_workers(*, log, redis: str = ""):
    port = free_port(PORTS)
    env = {"REDIS_URL": redis, "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_COOKIES": "0"}
    # Windows are fixed: a day's window keeps the 30 attempts (a few seconds on a busy machine) inside one.
    env |= {"RATELIMIT_TOKEN": f"{ALLOWED}/1d", "RATELIMIT_TOKEN_IP": "1000/1d"}
    args = [
        "gunicorn",
        "comeback.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "3",
        "--log-level",
        "info",
    ]
    with background(args, database=shared_database_url(), log=log, **env) as proc:
        wait_until(lambda: listening(port) or proc.poll() is not None, seconds=60, what="gunicorn listening")
        assert proc.poll() is None, log.read_text()[-2000:]
        yield f"http://127.0.0.1:{port}"


def _guess_at_once(base: str, email: str) -> list[int]:
    statuses: list[int] = []
    barrier = threading.Barrier(ATTEMPTS)

    def guess():
        with httpx.Client(timeout=60) as http:
            barrier.wait(timeout=30)
            answer = http.post(f"{base}/api/v1/auth/token", json={"email": email, "password": "wrong-guess"})
            statuses.append(answer.status_code)

    threads = [threading.Thread(target=guess) for _ in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


def _workers_booted(log) -> int:
    return len(set(re.findall(r"Booting worker with pid: (\d+)", log.read_text())))


@pytest.mark.parametrize("store", ["database", "redis"])
def test_given_three_workers_when_30_wrong_passwords_arrive_at_once_then_exactly_10_are_evaluated(
    tmp_path, store
):
    user = UserFactory()
    with contextlib.ExitStack() as stack:
        redis = stack.enter_context(private_redis()).url if store == "redis" else ""
        base = stack.enter_context(three_workers(log=tmp_path / "node.log", redis=redis))
        statuses = _guess_at_once(base, user.email)
    assert sorted(statuses) == [401] * ALLOWED + [429] * (ATTEMPTS - ALLOWED)
    assert _workers_booted(tmp_path / "node.log") == 3
