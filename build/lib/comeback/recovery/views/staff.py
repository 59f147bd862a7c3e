"""Every collected device for staff (/staff/recovery/): the inventory, one device, and the steps staff take
(upcycling, recycling). The pages are drawn by views/pages.py, which the refurbisher's space shares."""

from __future__ import annotations

from functools import wraps

from django.views.decorators.http import require_GET, require_POST

from comeback.web.access import staff_required

from ..services import Operator
from .pages import act, device_page, inventory


def staff(view):
    @staff_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, Operator.staff(request.user), *args, **kwargs)

    return wrapper


@require_GET
@staff
def staff_inventory(request, op):
    return inventory(request, op)


@require_GET
@staff
def staff_device(request, op, ref: str):
    return device_page(request, op, ref)


@require_POST
@staff
def staff_act(request, op, ref: str, action: str):
    return act(request, op, ref, action)
