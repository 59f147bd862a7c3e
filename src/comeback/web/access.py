"""Who may open a page: the one staff guard every back-office page uses."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def staff_required(view):
    """Staff only: anonymous visitors go to the login page, other users get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied(_("Only staff may open the back office."))
        return view(request, *args, **kwargs)

    return wrapper
