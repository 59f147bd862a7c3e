"""Recovery API: collected devices and their routes (a seller token sees its own devices, a staff token all),
the platform's certified recyclers and creative collections, and the avoided impact of a period (staff).
Handlers only translate HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Schema, Status

from comeback.accounts.auth import token_auth
from comeback.core import clock, markets
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.core.problems import Invalid
from comeback.tradein.models import Route
from comeback.web.api_access import staff_member, staff_or_seller

from . import selectors, services
from .schemas import (
    PROBLEMS,
    CollectionIn,
    CollectionOut,
    DeviceFilters,
    DeviceList,
    DeviceOut,
    FinishIn,
    FitIn,
    HarvestIn,
    ListIn,
    RecoveryImpactOut,
    RecycledIn,
    RecyclerCreateIn,
    RecyclerIn,
    RecyclerOut,
    RerouteIn,
    StartIn,
    UpcycleIn,
)
from .services import Operator

router = Router(tags=["recovery"], auth=token_auth)


NOT_YOURS = gettext_lazy("Collected devices are their refurbisher's and staff's.")


def operator(request) -> Operator:
    """A staff token acts as staff (every device); a seller token as the refurbisher (its own). Who may act
    is the shared guard's to decide (`web.api_access.staff_or_seller`); this names the Operator it makes."""
    seller = staff_or_seller(request, NOT_YOURS)
    user = request.auth.user
    return Operator.staff(user) if seller is None else Operator.refurbisher(seller, user=user)


def _one(op: Operator, ref: str) -> selectors.Row:
    tradein = services.tradein_for(op=op, ref=ref)
    return selectors.row_for(tradein)


@router.get(
    "/recovery/devices", response={200: DeviceList, **PROBLEMS}, summary="Collected devices by route and age"
)
def list_devices(request, filters: Query[DeviceFilters]):
    """Every collected device (yours, or all for staff), oldest first, with its age in days since received and
    whether it sits too long without progress (`stale`, over 14 days)."""
    op = operator(request)
    if filters.route and filters.route not in Route.values:
        raise Invalid.field("route", "invalid_route", _("Route must be one of %s.") % ", ".join(Route.values))
    if filters.state and filters.state not in selectors.STATES:
        raise Invalid.field(
            "state", "invalid_state", _("State must be one of %s.") % ", ".join(selectors.STATES)
        )
    rows = selectors.inventory(seller=op.seller, route=filters.route, state=filters.state)
    summary = selectors.summarise(rows)
    return paginate(
        request,
        rows,
        filters,
        summary={
            "total": summary.total,
            "stale": summary.stale,
            "open": summary.open,
            "done": summary.done,
        },
    )


@router.get("/recovery/devices/{ref}", response={200: DeviceOut, **PROBLEMS}, summary="One collected device")
def get_device(request, ref: str):
    return _one(operator(request), ref)


@router.post(
    "/recovery/devices/{ref}/list", response={200: DeviceOut, **PROBLEMS}, summary="List it for sale"
)
def list_device(request, ref: str, body: ListIn):
    """Resell as is (give `grade` and the `battery_health` measured now) or a refurbished device (its job's grade
    and battery): a new offer of one unit, or one more unit on your live offer for the same slot."""
    op = operator(request)
    services.list_for_sale(op=op, ref=ref, terms=services.ListingTerms(**body.model_dump()))
    return _one(op, ref)


@router.post(
    "/recovery/devices/{ref}/refurbishing",
    response={200: DeviceOut, **PROBLEMS},
    summary="Start the refurbishing job",
)
def start(request, ref: str, body: StartIn):
    op = operator(request)
    services.start_refurbishing(op=op, ref=ref, technician=body.technician)
    return _one(op, ref)


@router.post(
    "/recovery/devices/{ref}/parts",
    response={201: DeviceOut, **PROBLEMS},
    summary="Fit a part from stock during refurbishing",
)
def fit(request, ref: str, body: FitIn):
    """Taken from your workshop's stock (or `location_id`'s) atomically: 409 `part_out_of_stock` when none left."""
    op = operator(request)
    services.fit_part(
        op=op, ref=ref, part_id=body.part_id, quantity=body.quantity, location_id=body.location_id
    )
    return Status(201, _one(op, ref))


@router.post(
    "/recovery/devices/{ref}/refurbished",
    response={200: DeviceOut, **PROBLEMS},
    summary="Finish refurbishing: grade, battery, operations",
)
def finish(request, ref: str, body: FinishIn):
    op = operator(request)
    services.finish_refurbishing(op=op, ref=ref, result=services.Refurbishment(**body.model_dump()))
    return _one(op, ref)


@router.post(
    "/recovery/devices/{ref}/harvest",
    response={200: DeviceOut, **PROBLEMS},
    summary="Harvest the donor's usable parts into stock",
)
def harvest(request, ref: str, body: HarvestIn):
    op = operator(request)
    services.harvest(op=op, ref=ref, part_types=body.parts, notes=body.notes)
    return _one(op, ref)


@router.post(
    "/recovery/devices/{ref}/upcycle",
    response={200: DeviceOut, **PROBLEMS},
    summary="Allocate to a creative collection",
)
def upcycle(request, ref: str, body: UpcycleIn):
    op = operator(request)
    services.upcycle(op=op, ref=ref, collection_id=body.collection_id, note=body.note)
    return _one(op, ref)


@router.post(
    "/recovery/devices/{ref}/recycler",
    response={200: DeviceOut, **PROBLEMS},
    summary="Hand to a certified recycler, weighed",
)
def to_recycler(request, ref: str, body: RecyclerIn):
    op = operator(request)
    services.hand_to_recycler(op=op, ref=ref, recycler_id=body.recycler_id, weight_grams=body.weight_grams)
    return _one(op, ref)


@router.post(
    "/recovery/devices/{ref}/recycled",
    response={200: DeviceOut, **PROBLEMS},
    summary="Record the recycler's certificate",
)
def recycled(request, ref: str, body: RecycledIn):
    op = operator(request)
    services.confirm_recycled(op=op, ref=ref, certificate_ref=body.certificate_ref)
    return _one(op, ref)


@router.post(
    "/recovery/devices/{ref}/reroute",
    response={200: DeviceOut, **PROBLEMS},
    summary="Change the route before the device's fate",
)
def reroute(request, ref: str, body: RerouteIn):
    op = operator(request)
    services.reroute(op=op, ref=ref, route=body.route, reason=body.reason, recycler_id=body.recycler_id)
    return _one(op, ref)


# Recyclers and collections -------------------------------------------------------------------------


@router.get(
    "/recovery/recyclers", response={200: page_of(RecyclerOut), **PROBLEMS}, summary="Certified recyclers"
)
def recyclers(request, paging: Query[PageQuery]):
    operator(request)
    return paginate(request, selectors.recyclers(), paging)


@router.post(
    "/recovery/recyclers", response={201: RecyclerOut, **PROBLEMS}, summary="Add a certified recycler (staff)"
)
def add_recycler(request, body: RecyclerCreateIn):
    made = services.create_recycler(op=operator(request), **body.model_dump())
    return Status(201, made)


@router.get(
    "/recovery/collections",
    response={200: page_of(CollectionOut), **PROBLEMS},
    summary="Creative collections",
)
def collections(request, paging: Query[PageQuery]):
    operator(request)
    return paginate(request, selectors.collections(), paging)


@router.post(
    "/recovery/collections",
    response={201: CollectionOut, **PROBLEMS},
    summary="Add a creative collection (staff)",
)
def add_collection(request, body: CollectionIn):
    made = services.create_collection(op=operator(request), **body.model_dump())
    return Status(201, made)


# Impact ----------------------------------------------------------------------------------------------


class ImpactQuery(Schema):
    since: datetime | None = None
    until: datetime | None = None
    market: str | None = None


@router.get(
    "/recovery/impact",
    response={200: RecoveryImpactOut, **PROBLEMS},
    summary="Avoided impact of a period (staff)",
)
def impact(request, query: Query[ImpactQuery]):
    """Avoided CO2e, raw materials and e-waste of units sold, refurbished and repaired in [since, until)
    (default: the last 30 days), each factor with its source and year."""
    operator(request)
    staff_member(request, _("The platform's impact report is for staff."))
    until = query.until or clock.now()
    try:
        since = query.since or until - timedelta(days=30)
    except OverflowError:
        raise Invalid.field("until", "out_of_range", _("`until` is out of range.")) from None
    if since.tzinfo is None or until.tzinfo is None:
        raise Invalid.field("since", "timezone_required", _("Give timestamps with a timezone (RFC 3339)."))
    if since >= until:
        raise Invalid.field("since", "empty_period", _("`since` must be before `until`."))
    if query.market and query.market not in markets.codes():
        raise Invalid.field("market", "unknown_market", _("Unknown market %s.") % query.market)
    return selectors.impact_summary(since=since, until=until, market=query.market)
