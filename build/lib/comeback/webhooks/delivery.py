"""The HTTP side of a delivery: one POST, 10 s timeout, no redirects, never to a private address.

SSRF guard (docs/webhooks.md "Security"): a subscription URL must be https (plain http only to
localhost when private targets are allowed — DEBUG, the laptop demo, tests). At send time the host
is resolved once, every address must be public (not loopback, private, link-local, shared, reserved
or multicast), and the connection is made to that checked address — a DNS answer that changes
between the check and the connect (rebinding) cannot redirect the request inside the network.
Redirects are not followed: a 3xx is a failed attempt.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 10
EXCERPT_BYTES = 1000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
USER_AGENT = "Comeback-Webhooks/1.0 (+https://comeback.example/docs/webhooks)"


class RefusedTarget(ValueError):
    """The URL may not receive webhooks. `code` is stable (shown as the field error's code)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    excerpt: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def private_targets_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_TARGETS", settings.DEBUG))


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def parse_target(url: str, *, allow_private: bool | None = None) -> Target:
    """Check a subscription URL without touching the network. Raises RefusedTarget."""
    allow_private = private_targets_allowed() if allow_private is None else allow_private
    url = (url or "").strip()
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise RefusedTarget("invalid_url", _("Enter a valid URL (no spaces or control characters)."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RefusedTarget("invalid_url", _("Enter a valid URL.")) from None
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise RefusedTarget("invalid_url", _("Enter a valid http(s) URL with a host name."))
    if parts.username is not None or parts.password is not None:
        raise RefusedTarget("url_has_credentials", _("Put no user name or password in the URL."))
    local = host in LOCAL_HOSTS or host.endswith(".localhost")
    literal = _ip_literal(host)
    if (local or (literal is not None and not is_public_address(literal))) and not allow_private:
        raise RefusedTarget("url_private_address", _("Webhooks go to public addresses only."))
    loopback = local or (literal is not None and ipaddress.ip_address(literal).is_loopback)
    if parts.scheme == "http" and not (allow_private and loopback):
        raise RefusedTarget("url_not_https", _("Use an https:// URL."))
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(
        scheme=parts.scheme, host=host, port=port or (443 if parts.scheme == "https" else 80), path=path
    )


def resolve(target: Target, *, allow_private: bool) -> str:
    """The address to connect to, after checking every address the name resolves to."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise RefusedTarget("dns_error", _("The host name does not resolve: %s") % exc) from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise RefusedTarget("dns_error", _("The host name does not resolve."))
    if not allow_private and not all(is_public_address(a) for a in addresses):
        raise RefusedTarget("url_private_address", _("The host resolves to a private address; refused."))
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(
            sock, server_hostname=self.host
        )  # certificate checked for the name


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float = TIMEOUT_SECONDS) -> Outcome:
    """POST once. Never raises for network trouble: the outcome carries the error for the delivery log."""
    allow_private = private_targets_allowed()
    try:
        target = parse_target(url, allow_private=allow_private)
        address = resolve(target, allow_private=allow_private)
    except RefusedTarget as refused:
        return Outcome(status_code=None, error=f"{refused.code}: {refused}")
    cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = cls(target.host, target.port, address=address, timeout=timeout)
    try:
        conn.request(
            "POST",
            target.path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = conn.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", errors="replace")
        return Outcome(status_code=response.status, excerpt=excerpt)
    except TimeoutError:
        return Outcome(status_code=None, error=_("timed out after %d s") % timeout)
    except (OSError, http.client.HTTPException, ValueError) as exc:  # ssl.SSLError is an OSError
        return Outcome(status_code=None, error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        conn.close()
