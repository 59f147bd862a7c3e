"""The visitor's own CSRF token in a page stored for everyone (storefront/pagecache.py): a page is rendered with a
placeholder where a form asks for a token, and each visitor gets a token of its own secret, masked afresh, as
django.middleware.csrf.get_token would give it."""

from __future__ import annotations

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware

# CSRF tokens as django.middleware.csrf makes them (letters and digits), drawn with one system call for all
# their characters instead of one per character: a byte below 248 (4 × 62) stands for one of the 62 characters,
# uniformly; the few above are dropped.
_CSRF_CHARS = CSRF_ALLOWED_CHARS.encode()
_BYTE_TO_CHAR = bytes.maketrans(bytes(range(4 * len(_CSRF_CHARS))), _CSRF_CHARS * 4)
_UNUSED_BYTES = bytes(range(4 * len(_CSRF_CHARS), 256))
_MASKED = {  # (a secret's character, the mask's) -> the token's: the sum of their places, as Django masks
    (s, m): CSRF_ALLOWED_CHARS[(i + j) % len(CSRF_ALLOWED_CHARS)]
    for i, s in enumerate(CSRF_ALLOWED_CHARS)
    for j, m in enumerate(CSRF_ALLOWED_CHARS)
}


def _random_csrf_string() -> str:
    while True:
        chars = secrets.token_bytes(CSRF_SECRET_LENGTH + 16).translate(_BYTE_TO_CHAR, _UNUSED_BYTES)
        if len(chars) >= CSRF_SECRET_LENGTH:
            return chars[:CSRF_SECRET_LENGTH].decode()


def visitor_csrf_token(csrf: CsrfViewMiddleware, request) -> str:
    """What django.middleware.csrf.get_token answers: the visitor's secret (from its cookie, or a new one), masked
    afresh, and the cookie marked to be sent."""
    if "CSRF_COOKIE" not in request.META:
        csrf.process_request(request)  # the secret of the visitor's cookie; a new one if it was malformed
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_csrf_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # sent again, so its expiry is renewed
    mask = _random_csrf_string()
    return mask + "".join(map(_MASKED.__getitem__, zip(secret, mask, strict=True)))
