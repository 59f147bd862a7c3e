"""Account pages: the user's API tokens (list, create — the secret is shown once — and revoke)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from comeback.core.forms import Form
from comeback.core.problems import NotFound, Problem
from comeback.web.access import login_required

from .. import services
from ..models import Scope


class TokenForm(Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        initial="api",
        help_text=gettext_lazy("What uses it, e.g. “stock sync”."),
    )
    scopes = forms.MultipleChoiceField(label=gettext_lazy("Scopes"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only scopes this user can use: a token never grants more than its owner has.
        allowed = services.default_scopes(user)
        self.fields["scopes"].choices = [(s.value, s.label) for s in Scope if s.value in allowed]
        self.fields["scopes"].initial = allowed


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """List the user's tokens and create one. A new secret is rendered in this response only, never stored."""
    form = TokenForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                issued = services.issue_token(
                    user=request.user, scopes=form.cleaned_data["scopes"], name=form.cleaned_data["name"]
                )
            except Problem as exc:
                form.add_error(None, exc.detail)
            else:
                response = render(request, "accounts/token_created.html", {"issued": issued})
                response["Cache-Control"] = "no-store"
                return response
        status = 422
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": request.user.api_tokens.order_by("-created_at"),
        },
        status=status,
    )


@login_required
@require_POST
def revoke(request, pk: int):
    """Revoke one of the user's own active tokens (guarded: another user's token is a 404)."""
    try:
        services.revoke_token(user=request.user, token_id=pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    messages.success(request, _("Token revoked; requests using it are now refused."))
    return HttpResponseRedirect(reverse("accounts:tokens"))
