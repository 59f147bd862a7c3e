"""Web sign-up at /accounts/signup/: create the account, log in, go back to `next`."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from comeback.core import ratelimit
from comeback.core.problems import Problem, TooManyRequests

from . import registration
from .forms import SignUpForm
from .login import MODEL_BACKEND, log_in


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password", "password_again")
def signup(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    status, retry_after = 200, None
    form = SignUpForm(request.POST or None, initial={"preferred_market": request.market.code})
    if request.method == "POST":
        try:
            ratelimit.hit("signup", ratelimit.client_ip(request))
            if form.is_valid():
                user = registration.sign_up(
                    data=registration.SignUp(
                        email=form.cleaned_data["email"],
                        password=form.cleaned_data["password"],
                        name=form.cleaned_data["name"],
                        preferred_market=form.cleaned_data["preferred_market"],
                    )
                )
                log_in(request, user, backend=MODEL_BACKEND)
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
            status = 422
        except TooManyRequests as problem:
            form.add_error(None, problem.detail)
            status, retry_after = 429, problem.response()["Retry-After"]
        except Problem as problem:
            _show(form, problem)
            status = problem.status
    response = render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)
    if retry_after:
        response["Retry-After"] = retry_after
    return response


def _show(form: SignUpForm, problem: Problem) -> None:
    shown = False
    for error in problem.errors:
        field = error.get("field")
        if field in form.fields:
            form.add_error(field, error["message"])
            shown = True
    if not shown:
        form.add_error(None, problem.detail or _("Something went wrong."))
