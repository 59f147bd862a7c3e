"""The authenticator's desk (docs/trust.md §5): the queue of listings waiting, evidence photos, the verdict.
The same rules as the API (authentication.py); a refusal is shown on the form as the API would answer it.
The evidence photos themselves are served to whoever may see them (authentication.may_see_evidence), staff
included, though staff do not work the desk."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from comeback.core.forms import Form
from comeback.core.problems import NotFound, Problem
from comeback.web.access import authenticator_required, login_required

from .. import authentication
from ..models import AuthenticationStatus
from .public import rendition_response


class DecisionForm(Form):
    result = forms.ChoiceField(
        label=gettext_lazy("Result"),
        choices=[
            (AuthenticationStatus.AUTHENTICATED, gettext_lazy("Authenticated: publish with the badge")),
            (AuthenticationStatus.REFUSED, gettext_lazy("Refused: withdraw and explain to the seller")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons (shown to the seller, kept in the passport)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    checked = forms.CharField(
        label=gettext_lazy("What you examined (comma-separated)"), max_length=400, required=False
    )


def _row_or_404(authentication_id: int):
    try:
        return authentication.get(authentication_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@authenticator_required
def queue(request):
    rows = list(authentication.queue(by=request.user).prefetch_related("photos")[:100])
    return render(request, "offers/authenticator/queue.html", {"rows": rows})


@authenticator_required
def detail(request, authentication_id: int):
    row = _row_or_404(authentication_id)
    evidence = list(row.photos.all())
    return render(
        request,
        "offers/authenticator/detail.html",
        {
            "row": row,
            "evidence": evidence,
            "shots": authentication.evidence_shown(evidence)
            if authentication.may_see_evidence(request.user, row)
            else [],
            "form": DecisionForm(),
        },
    )


@login_required
@require_GET
def evidence_photo(request, photo_id: int, width: int, ext: str):
    """One rendition of an evidence photo, streamed from storage (the bucket stays private) to staff and the
    authenticators of the case; anyone else gets 404, as for a photo that does not exist."""
    found = authentication.evidence_file(photo_id=photo_id, width=width, ext=ext, user=request.user)
    return rendition_response(found, cache_control="private, max-age=3600")


@authenticator_required
@require_POST
def add_evidence(request, authentication_id: int):
    row = _row_or_404(authentication_id)
    try:
        added = authentication.add_evidence(
            authentication_id=row.pk, files=request.FILES.getlist("photos"), by=request.user
        )
    except Problem as problem:
        messages.error(request, problem.detail)
    else:
        n = len(added)
        messages.success(request, ngettext("%d evidence photo added.", "%d evidence photos added.", n) % n)
    return redirect("authenticator:detail", authentication_id=row.pk)


@authenticator_required
@require_POST
def decide(request, authentication_id: int):
    row = _row_or_404(authentication_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            authentication.decide(
                authentication_id=row.pk,
                result=form.cleaned_data["result"],
                reasons=form.cleaned_data["reasons"],
                checked=[c for c in form.cleaned_data["checked"].split(",") if c.strip()],
                by=request.user,
            )
        except Problem as problem:
            messages.error(request, problem.detail)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("authenticator:queue")
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("authenticator:detail", authentication_id=row.pk)
