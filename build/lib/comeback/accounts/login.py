"""Logging a person in, on the login page and right after sign-up, and what follows a login.

Apps above accounts act at login through `settings.LOGIN_HOOKS` (dotted paths called with the request and
the user after Django's `login`), named in one list rather than hidden in signals: the visitor's cart
joins the account's (orders/guest_cart.py). Django's `login` keeps a visitor's session data (it only
renews the key), so a hook still reads what the visitor did before logging in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.utils.module_loading import import_string

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def log_in(request, user, *, backend: str | None = None) -> None:
    login(request, user, backend=backend)
    for path in getattr(settings, "LOGIN_HOOKS", ()):
        import_string(path)(request, user)


class LoginView(auth_views.LoginView):
    """Django's login page, logging in through `log_in` so the hooks run."""

    def form_valid(self, form):
        log_in(self.request, form.get_user())
        return HttpResponseRedirect(self.get_success_url())
