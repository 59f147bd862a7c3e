"""Account pages by actor: `tokens` (API tokens), `buyer` (the account page: profile, addresses, email,
password, data, deletion), `public` (password reset, email links)."""

from .tokens import revoke, tokens  # noqa: F401 (accounts/urls.py)
