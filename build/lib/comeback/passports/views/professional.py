"""The form professionals record passport events with: a refurbisher on units it issued or handled, a
repairer or recycler granted by staff, staff on all. One guard serves them all: the role the viewer holds
(access.py) decides which kinds of event it may record.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from comeback.core.problems import Forbidden, Problem
from comeback.web.access import login_required

from .. import access, kinds, selectors, services
from ..forms import RecordEventForm, apply_problem
from . import pages


@login_required
@require_http_methods(["GET", "POST"])
def record(request, serial: str):
    """Record an event (a repair, a battery test, a data wipe…) as the role the viewer holds."""
    p = selectors.find(serial)
    if p is None:
        return pages.missing(request, serial)
    viewer = access.viewer_for(request.user)
    choices = [k for k in kinds.MANUAL_KINDS if viewer.actor_for(k.writers) is not None]
    if not choices:
        return render(request, "passports/forbidden.html", status=403)
    form = RecordEventForm(request.POST or None, kinds=choices)
    if request.method == "POST" and form.is_valid():
        kind = kinds.KINDS[form.cleaned_data["kind"]]
        try:
            services.record_event(
                passport=p,
                kind=kind.name,
                data=form.data_for(kind),
                actor=viewer.actor_for(kind.writers),
                at=form.cleaned_data.get("at"),
            )
        except Forbidden as problem:
            return render(request, "passports/forbidden.html", {"problem": problem}, status=403)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            return redirect(p.path)
    return render(
        request, "passports/record.html", {"p": p, "title": pages.title(p), "form": form, "viewer": viewer}
    )
