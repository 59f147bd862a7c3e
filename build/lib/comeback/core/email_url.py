"""EMAIL_URL → Django's email settings (docs/deploy.md "Email"). Plain names without Django imports: settings
reads it.

    smtp://user:password@host:587?tls=1     STARTTLS (tls=1) or none; user and password percent-encoded
    smtps://user:password@host:465          implicit TLS
    anymail://mailgun?api_key=…&sender_domain=…   a provider through django-anymail: the host names its
                                            backend, the query becomes the ANYMAIL settings (upper-cased)
    console:// | locmem://                  the console (the demo) or memory (tests)
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

TRUE = {"1", "true", "yes", "on"}


def email_settings(url: str) -> dict:
    if not url.strip():
        return {}
    parts = urlsplit(url.strip())
    query = dict(parse_qsl(parts.query))
    scheme = parts.scheme.lower()
    if scheme in ("console", "locmem", "dummy"):
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}
    if scheme == "anymail":
        if not parts.hostname:
            raise ValueError(
                "EMAIL_URL anymail://PROVIDER?… needs the provider, e.g. anymail://mailgun?api_key=…"
            )
        return {
            "EMAIL_BACKEND": f"anymail.backends.{parts.hostname}.EmailBackend",
            "ANYMAIL": {k.upper(): v for k, v in query.items()},
        }
    if scheme not in ("smtp", "smtps"):
        raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r} (smtp, smtps, anymail, console, locmem)")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_USE_TLS": scheme == "smtp" and query.get("tls", "").lower() in TRUE,
        "EMAIL_TIMEOUT": int(query.get("timeout", "10")),
    }
