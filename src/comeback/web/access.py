"""Who may open a page: the one staff guard every back-office page uses."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def staff_required(view=None, *, refusal: str | None = None):
    """Staff only: anonymous visitors go to the login page, other users get 403 (with `refusal` if given).

    Use as `@staff_required` or `@staff_required(refusal=_("…"))`."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.is_staff:
                raise PermissionDenied(refusal or _("Only staff may open the back office."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
