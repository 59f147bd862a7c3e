"""Makers: a shop's token (its own editions, from the units it upcycled) or a staff token (any edition, in a
shop's name) creates an edition and makes its numbered pieces. Rights are recovery's (api_rights)."""

from __future__ import annotations

from ninja import Router, Status

from comeback.accounts.auth import token_auth
from comeback.recovery.api import operator

from .. import services
from ..schemas import PROBLEMS, EditionIn, EditionOut, ItemIn, ItemOut

router = Router(tags=["editions"], auth=token_auth)


@router.post(
    "/recovery/editions", response={201: EditionOut, **PROBLEMS}, summary="Create an upcycled limited edition"
)
def create_edition(request, body: EditionIn):
    """A numbered run of `size` pieces in a creative collection, sold by your shop (staff name `seller_id`)
    in one market at one price; each piece is made, numbered and listed with `POST …/items`."""
    edition = services.create_edition(op=operator(request), draft=services.EditionDraft(**body.model_dump()))
    return Status(201, edition)


@router.post(
    "/recovery/editions/{edition_id}/items",
    response={201: ItemOut, **PROBLEMS},
    summary="Make the next numbered piece",
)
def make_item(request, edition_id: int, body: ItemIn):
    """The next number ("7/50") from the units named in `donors`: your upcycled units allocated to the
    edition's collection. The piece is listed as an offer of one unit and gets a passport naming its donors;
    each donor's passport says what it became. 409 `edition_complete` once all pieces are made."""
    op = operator(request)
    item = services.make_item(op=op, edition_id=edition_id, donors=body.donors)
    return Status(201, item)
