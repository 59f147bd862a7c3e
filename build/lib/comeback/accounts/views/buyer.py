"""The account page of a logged-in person (/account/): profile, saved addresses, email, password, a copy
of their data, deleting the account. Views translate HTTP; the rules are in accounts/profile.py."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from comeback.core import clock, ratelimit
from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.web.access import login_required

from .. import profile
from ..forms import AddressForm, DeleteAccountForm, EmailChangeForm, PasswordChangeForm, ProfileForm
from ..models import Address

# Forms that ask for the current password count against the login limit (per client and account), so a
# stolen session cannot guess the password here instead.
_password_guesses_limited = ratelimit.limit_view(
    "login", key=lambda request: (ratelimit.client_ip(request), request.user.email)
)


def _form_page(request, form, template: str, *, act, done, context=None, form_name: str = "form"):
    """Show a form; on a valid POST run `act(cleaned_data)`: success → message and back to the account page,
    a refusal → beside the field it names, with its status (422, 409…)."""
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                result = act(form.cleaned_data)
            except Problem as problem:
                apply_problem(form, problem)
                status = problem.status
            else:
                messages.success(request, done(result) if callable(done) else done)
                return redirect("account:home")
    return render(request, template, {form_name: form, **(context or {})}, status=status)


@login_required
def home(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"name": user.name, "preferred_market": user.preferred_market}
    )
    return _form_page(
        request,
        form,
        "accounts/account.html",
        act=lambda data: profile.update_profile(
            user=user, name=data["name"], preferred_market=data["preferred_market"]
        ),
        done=_("Your profile is saved."),
        context={"addresses": profile.addresses_of(user)},
        form_name="profile_form",
    )


def _address_form_page(request, *, address: Address | None):
    initial = (
        {**address.as_shipping(), "label": address.label, "is_default": address.is_default}
        if address
        else {"country": request.market.code, "name": request.user.name}
    )
    return _form_page(
        request,
        AddressForm(request.POST or None, initial=initial),
        "accounts/address_form.html",
        act=lambda data: profile.save_address(
            user=request.user,
            data=data,
            address_id=address.pk if address else None,
            make_default=data["is_default"],
        ),
        done=_("Address saved."),
        context={"address": address},
    )


@login_required
def address_new(request):
    return _address_form_page(request, address=None)


def _own(request, address_id: int) -> Address:
    address = Address.objects.filter(pk=address_id, user=request.user).first()
    if address is None:
        raise Http404
    return address


@login_required
def address_edit(request, address_id: int):
    return _address_form_page(request, address=_own(request, address_id))


@login_required
@require_POST
def address_delete(request, address_id: int):
    try:
        profile.delete_address(user=request.user, address_id=address_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Address deleted."))
    return redirect("account:home")


@login_required
@_password_guesses_limited
@sensitive_post_parameters("password")
def email_change(request):
    return _form_page(
        request,
        EmailChangeForm(request.POST or None),
        "accounts/email_change.html",
        act=lambda data: profile.request_email_change(
            user=request.user, password=data["password"], new_email=data["email"]
        ),
        done=lambda email: (
            _("We sent a link to %(email)s. Your email changes when you open it.") % {"email": email}
        ),
    )


@login_required
@_password_guesses_limited
@sensitive_post_parameters("password", "new_password")
def password_change(request):
    def act(data):
        profile.change_password(user=request.user, current=data["password"], new=data["new_password"])
        request.user.refresh_from_db()
        update_session_auth_hash(request, request.user)  # this session stays; the others end

    return _form_page(
        request,
        PasswordChangeForm(request.POST or None),
        "accounts/password_change.html",
        act=act,
        done=_("Your password is changed."),
    )


@login_required
def data_export(request):
    """A copy of everything we hold about the person, as a JSON download (a read: nothing is written)."""
    data = profile.export_personal_data(user=request.user)
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = clock.now().date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="comeback-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@_password_guesses_limited
@sensitive_post_parameters("password")
def delete(request):
    form = DeleteAccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                profile.delete_account(user=request.user, password=form.cleaned_data["password"])
            except Problem as problem:
                apply_problem(form, problem)
                status = problem.status if problem.status != 422 else 422
            else:
                logout(request)
                messages.success(
                    request, _("Your account is deleted. Your orders are kept without your name.")
                )
                return redirect("storefront:home")
        else:
            status = 422
    return render(request, "accounts/delete.html", {"form": form}, status=status)
