"""Desk guards (web/access.py): an app registers how to find its people; everyone else is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from comeback.web import access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page(request):
    return HttpResponse(f"desk of {request.user.pk}")


def _asked_by(user):
    request = RequestFactory().get("/desk/")
    request.user = user
    return request


def test_given_a_desk_nobody_registered_when_a_user_opens_it_then_they_are_refused():
    # given
    view = access.desk_required("nobody-registered-this")(_page)
    # when / then
    with pytest.raises(PermissionDenied):
        view(_asked_by(UserFactory()))


def test_given_a_registered_desk_when_its_people_and_others_open_it_then_only_its_people_get_in():
    # given a desk whose people are the users with an even id
    insider, outsider = UserFactory(), UserFactory()
    if insider.pk % 2:
        insider, outsider = outsider, insider
    access.open_desk(
        "even-desk",
        find=lambda user: user.pk if user.pk % 2 == 0 else None,
        attribute="found",
        refusal="repair/not_a_repairer.html",
    )
    view = access.desk_required("even-desk")(_page)
    # when
    allowed = _asked_by(insider)
    answer_in, answer_out = view(allowed), view(_asked_by(outsider))
    # then
    assert answer_in.status_code == 200 and allowed.found == insider.pk
    assert answer_out.status_code == 403
