"""Pages anyone reaches from a mail: password reset (Django's views with our templates, rate-limited, the
same answer whether the address exists or not), and the links that verify or change an email. Opening a
link only shows a button: the change is a POST (reads never write)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from comeback.core import site
from comeback.core.problems import Problem

from .. import profile


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("account:password_reset_done")

    def form_valid(self, form):
        # Links come from SITE_URL, else this request's own host (core/site.py), never a fixed address.
        self.extra_email_context = {"site_url": site.url(self.request)}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("account:password_reset_complete")


def _link_page(request, *, token: str, action, template: str, done: str):
    if request.method == "POST":
        try:
            action(token=token)
        except Problem as problem:
            return render(request, template, {"problem": problem}, status=problem.status)
        messages.success(request, done)
        return redirect("account:home" if request.user.is_authenticated else "accounts:login")
    return render(request, template, {})


def verify_email(request, token: str):
    return _link_page(
        request,
        token=token,
        action=profile.verify_email,
        template="accounts/verify_email.html",
        done=_("Thank you: your email is verified."),
    )


def confirm_email(request, token: str):
    return _link_page(
        request,
        token=token,
        action=profile.confirm_email_change,
        template="accounts/confirm_email.html",
        done=_("Your email is changed. Use it to log in from now on."),
    )
