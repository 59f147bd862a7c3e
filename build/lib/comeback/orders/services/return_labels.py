"""The prepaid return label every return comes with (docs/design.md §2 Returns: returns are free).

A label is a carrier and a tracking number the carrier's webhook later reports on (`/carriers/events`):
its `delivered` event starts the seller's receipt deadline. The built-in issuer hands out references for
the demo and the tests; a real carrier's API plugs in behind `issue` without changing its callers.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import conf


@dataclass(frozen=True)
class Label:
    carrier: str
    tracking_number: str


def issue() -> Label:
    """A new prepaid label: `RT` and 11 digits with the carrier configured for returns."""
    return Label(carrier=conf.return_carrier(), tracking_number=f"RT{secrets.randbelow(10**11):011d}")


def instructions(*, carrier: str) -> list[str]:
    """What the buyer does with the label, in order (the category decides nothing here: any item ships so)."""
    from .returns import RECEIVE_BUSINESS_DAYS, REFUND_BUSINESS_DAYS  # returns imports this module

    return [
        _("Print the label and stick it on the parcel, over any old label."),
        _("Pack the item with the accessories it came with, protected so it cannot move in the box."),
        _(
            "For a device: back up and erase your data, sign out of your accounts and turn off any "
            "activation lock (such as Find My), or the seller cannot check it."
        ),
        _("Drop the parcel at any %(carrier)s point and keep the receipt: postage is paid.")
        % {"carrier": carrier},
        _(
            "The seller confirms receipt within %(receive)s business days of the parcel's delivery and refunds "
            "you within %(refund)s business days of receipt; otherwise Comeback staff step in."
        )
        % {"receive": RECEIVE_BUSINESS_DAYS, "refund": REFUND_BUSINESS_DAYS},
    ]
