"""A real HTTP receiver on 127.0.0.1 for delivery tests, and a seller with a subscription to it."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from comeback.webhooks import services


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answered in order; 200 once empty
    location: str = ""

    def next_status(self) -> int:
        return self.statuses.pop(0) if self.statuses else 200


@pytest.fixture
def receiver():
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests.append(Received(self.path, {k: v for k, v in self.headers.items()}, body))
            status = state.next_status()
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            reply = b'{"received":true}' if status < 300 else b"nope"
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 costs ~0.5 s a user on the CI machine; these tests are not about passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _local_targets_allowed(settings):
    # Tests deliver to 127.0.0.1; production refuses private targets (tests switch it off to check that).
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture
def subscription(seller, receiver):
    return services.create_subscription(seller=seller, url=receiver.url, events=["*"])
