"""The refurbisher's collected devices in the seller portal (/seller/recovery/): its inventory, one device,
and each step posted on it. The pages are drawn by views/pages.py, which staff's space shares."""

from __future__ import annotations

from functools import wraps

from django.views.decorators.http import require_GET, require_POST

from comeback.web.access import seller_required

from ..services import Operator
from .pages import act, device_page, inventory


def refurbisher(view):
    @seller_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, Operator.refurbisher(request.seller, user=request.user), *args, **kwargs)

    return wrapper


@require_GET
@refurbisher
def seller_inventory(request, op):
    return inventory(request, op)


@require_GET
@refurbisher
def seller_device(request, op, ref: str):
    return device_page(request, op, ref)


@require_POST
@refurbisher
def seller_act(request, op, ref: str, action: str):
    return act(request, op, ref, action)
