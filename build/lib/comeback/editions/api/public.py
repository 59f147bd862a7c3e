"""Anyone: the upcycled editions of the creative collections, each piece with its donor passports."""

from __future__ import annotations

from ninja import Query, Router

from comeback.core.paging import PageQuery, page_of, paginate
from comeback.core.schemas import ProblemOut

from .. import selectors
from ..schemas import CollectionEditionsOut

router = Router(tags=["editions"])


@router.get(
    "/collections",
    auth=None,
    response={200: page_of(CollectionEditionsOut), 422: ProblemOut},
    summary="Upcycled limited editions, by collection",
)
def collections(request, paging: Query[PageQuery]):
    """Creative collections that have editions, each edition with its numbered pieces ("7/50"): the offer
    that sells each piece, its passport and the passports of the units it was made from."""
    return paginate(request, selectors.collections(), paging)
