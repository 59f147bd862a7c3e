"""Who may open a page: the guards every page uses, and rights checked before a POST body is read.

A guard is a check `check(request) -> HttpResponse | None` (None: the request may go on; a response: the
refusal — the login page, a 403 page — or it raises PermissionDenied). `guard(check)` makes it a view
decorator and records it on the view, so `RightsBeforeBodyMiddleware` (web/middleware.py) runs it before
CSRF reads a POST body: a visitor without rights is sent to log in or refused with 403, whatever body it
sent (docs/api.md "Rights before bodies"). Use `login_required` from here, never Django's own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _

Check = Callable[..., HttpResponse | None]
PASSED = "_rights_passed"


def guard(check: Check):
    """A view decorator running `check` first; the check is also listed in the view's `rights`."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if check not in getattr(request, PASSED, ()):
                refused = check(request)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        # outermost first: the middleware runs them in the order the decorators would
        wrapper.rights = (check, *getattr(view, "rights", ()))
        return wrapper

    return decorate


def run_rights(request, view) -> HttpResponse | None:
    """Run a view's recorded checks now (before its body is read); the guards then skip them."""
    passed = getattr(request, PASSED, set())
    setattr(request, PASSED, passed)
    for check in getattr(view, "rights", ()):
        refused = check(request)
        if refused is not None:
            return refused
        passed.add(check)
    return None


def logged_in(request) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


login_required = guard(logged_in)


def staff_required(view=None, *, refusal: str | None = None):
    """Staff only: anonymous visitors go to the login page, other users get 403 (with `refusal` if given).

    Use as `@staff_required` or `@staff_required(refusal=_("…"))`."""

    def is_staff(request) -> None:
        if not request.user.is_staff:
            raise PermissionDenied(refusal or _("Only staff may open the back office."))

    def decorate(view):
        return login_required(guard(is_staff)(view))

    return decorate(view) if view is not None else decorate


# The seller portal's gate. `web` sits below the apps that know what a seller is, so the sellers app
# registers how to find a user's shop (its AppConfig.ready); without it nobody is a seller.
_seller_of: Callable[..., object | None] | None = None


def find_sellers_with(lookup: Callable[..., object | None]) -> None:
    global _seller_of
    _seller_of = lookup


def shop_of(user) -> object | None:
    """The shop `user` owns, as the sellers app finds it; None without one (or before the app is ready)."""
    return _seller_of(user) if _seller_of is not None else None


def _shop_check(template: str, context: dict | None) -> Check:
    def owns_a_shop(request) -> HttpResponse | None:
        seller = shop_of(request.user)
        if seller is None:
            from django.shortcuts import render

            return render(request, template, context or {}, status=403)
        request.seller = seller
        return None

    return owns_a_shop


_owns_a_shop = _shop_check("offers/not_a_seller.html", None)


def seller_required(view=None, *, template: str | None = None, context: dict | None = None):
    """Logged in (else the login page) and owning a Seller (else a 403 page, `template` if given); sets
    `request.seller`. Use as `@seller_required` or `@seller_required(template="…")`."""
    check = _owns_a_shop if template is None else _shop_check(template, context)

    def decorate(view):
        return login_required(guard(check)(view))

    return decorate(view) if view is not None else decorate


# The authenticator's desk gate. `web` sits below offers, which knows who authenticates, so the offers app
# registers how to tell (its AppConfig.ready); without it nobody is an authenticator.
_authenticates: Callable[..., bool] | None = None


def find_authenticators_with(test: Callable[..., bool]) -> None:
    global _authenticates
    _authenticates = test


def _is_authenticator(request) -> None:
    if _authenticates is None or not _authenticates(request.user):
        raise PermissionDenied(_("Only an authenticator does this."))


def authenticator_required(view):
    """Logged in (else the login page) and an authenticator (else 403)."""
    return login_required(guard(_is_authenticator)(view))


# The desks of people other apps know: a repairer's locations, a partner's membership, who manages spare parts.
# `web` sits below those apps, so each registers how to find its people (its AppConfig.ready) and the page
# that refuses everyone else; without a registration nobody works at that desk.
_desks: dict[str, tuple[Callable[..., object], str, str]] = {}


def open_desk(name: str, *, find: Callable[..., object], attribute: str, refusal: str) -> None:
    """`find(user)` gives what the desk's pages need (falsy: not one of its people); it is set on the request
    as `attribute`; `refusal` is the template of the 403 page everyone else gets."""
    _desks[name] = (find, attribute, refusal)


def _works_at(name: str) -> Check:
    def works_at_desk(request) -> HttpResponse | None:
        if name not in _desks:
            raise PermissionDenied(_("You do not have access to this page."))
        find, attribute, refusal = _desks[name]
        found = find(request.user)
        if not found:
            from django.shortcuts import render

            return render(request, refusal, status=403)
        setattr(request, attribute, found)
        return None

    return works_at_desk


def desk_required(name: str):
    """Logged in (else the login page) and working at the desk `name` (else its 403 page)."""
    check = _works_at(name)

    def decorate(view):
        return login_required(guard(check)(view))

    return decorate


# Logged in and working at one repair location at least; sets `request.locations`.
repairer_required = desk_required("repairer")
# Logged in and managing spare parts (staff, or a refurbisher for its own); sets `request.manages_parts`.
parts_manager_required = desk_required("parts")
# Logged in and a member of a trade-in partner (a brand or a store); sets `request.member`.
partner_member_required = desk_required("partner")
