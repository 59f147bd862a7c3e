"""Stripe without the network: an HTTP client that answers each request with a recorded response."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import stripe


class RecordedStripe(stripe.HTTPClient):
    """Answers each (method, path) with the next recorded response from `directory` and remembers every
    request (method, path, headers, form parameters)."""

    name = "recorded"

    def __init__(self, script: dict[tuple[str, str], list[tuple[str, int]]], directory: Path):
        super().__init__()
        self.script = {k: list(v) for k, v in script.items()}
        self.directory = directory
        self.requests: list[dict] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = url.split("api.stripe.com", 1)[-1].split("?", 1)[0]
        body = post_data.decode() if isinstance(post_data, bytes) else (post_data or "")
        self.requests.append(
            {
                "method": method.upper(),
                "path": path,
                "headers": dict(headers or {}),
                "params": {k: v[0] for k, v in parse_qs(body).items()},
            }
        )
        name, status = self.script[(method.upper(), path)].pop(0)
        return (self.directory / name).read_text(), status, {"request-id": f"req_{len(self.requests)}"}

    def close(self):
        pass


def client(http: RecordedStripe) -> stripe.StripeClient:
    return stripe.StripeClient("sk_test_recorded", http_client=http, max_network_retries=0)
