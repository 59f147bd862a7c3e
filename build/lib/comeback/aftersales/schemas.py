"""API schemas of after-sales: claims, their messages and statistics."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

from comeback.core import clock
from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import BlankAsNull, Instant, ProblemOut, Stamp, filled, one_of
from comeback.core.text import Text
from comeback.orders import warranty
from comeback.orders.services.guarantee import REPAIR_EXTENSION_MONTHS

from .models import Claim, ClaimStatus, Decision, Fault
from .services import MAX_TEXT, MIN_DESCRIPTION

PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}


class ClaimIn(Schema):
    """Multipart form fields of a new claim (photos go in `photos`, one to six JPEG/PNG/WebP files of ≤ 5 MB)."""

    line_id: int
    fault: str = one_of(Fault, description="The fault's category")
    description: Text = filled(at_least=MIN_DESCRIPTION, multiline=True, max_length=MAX_TEXT)
    declared_dropped: bool = False
    declared_liquid: bool = False
    declared_third_party_repair: bool = False
    battery_health: int | None = Field(None, description="Battery health read on the device, in %")
    remedy: Literal["", "repair", "replacement"] = Field(
        "",
        description="The remedy you choose: repair or replacement. In an EU market, choosing repair within the "
        f"legal guarantee extends it by {REPAIR_EXTENSION_MONTHS} months once the seller repairs "
        "(Directive (EU) 2024/1799 Art. 16).",
    )


class MessageIn(Schema):
    body: Text = filled(multiline=True, max_length=MAX_TEXT)


class ReopenIn(Schema):
    reason: Text = filled(at_least=MIN_DESCRIPTION, multiline=True, max_length=MAX_TEXT)


class AnswerIn(Schema):
    resolution: str = Field(..., description="remote_assistance, repair, replace or refund")
    note: Text = Field("", max_length=4000, description="Instructions (required for remote assistance)")
    return_label_url: str = Field("", description="repair: link to the prepaid return label")
    return_tracking: str = ""
    replacement_offer_id: int | None = Field(
        None, description="replace: take the unit from this listing's stock"
    )
    replacement_imei: str = ""
    replacement_serial: str = ""
    tracking_number: str = Field("", description="replace: the replacement's parcel")
    carrier: str = ""


class RepairedIn(Schema):
    tracking_number: str
    carrier: str
    note: Text = ""


class ClaimDecisionIn(Schema):
    decision: str = one_of(Decision, description="refund (charged to the seller's balance) or not_covered")
    reason: Text = Field(..., max_length=4000)


class StatsQuery(Schema):
    since: datetime | None = None
    until: datetime | None = None
    market: str | None = None
    seller_id: int | None = None


class ListQuery(PageQuery):
    status: str | None = one_of(ClaimStatus, None)


class MessageOut(Schema):
    id: int
    author: str
    body: str
    created_at: Instant


class LegalOut(Schema):
    months: int | None
    until: str | None
    applies: bool | None
    text: str
    extended_months: int = Field(
        0,
        description="Months added because the buyer chose repair within it (Directive (EU) 2024/1799 Art. 16)",
    )


class WarrantyOut(Schema):
    status: str
    months: int
    starts: str | None
    until: str | None
    legal_guarantee: LegalOut


class ClaimOut(Schema):
    id: int
    ref: str
    line_id: int
    order_ref: str
    title: str
    seller_id: int
    market: str
    fault: str
    description: str
    declared_dropped: bool
    declared_liquid: bool
    declared_third_party_repair: bool
    battery_health: int | None
    battery_defect: bool
    status: str
    escalated: bool
    resolution: str | None
    opened_at: Instant
    answer_due_at: Instant
    answered_at: Stamp
    resolved_at: Stamp
    reopen_count: int
    answer_note: str
    return_label_url: BlankAsNull
    return_tracking: BlankAsNull
    ship_back_carrier: BlankAsNull
    ship_back_tracking: BlankAsNull
    replacement_source: BlankAsNull
    replacement_offer_id: int | None
    replacement_imei: BlankAsNull
    replacement_serial: BlankAsNull
    decision: BlankAsNull
    decision_reason: BlankAsNull
    photos: list[str]
    warranty: WarrantyOut

    @staticmethod
    def resolve_line_id(claim: Claim) -> int:
        return claim.order_line_id

    @staticmethod
    def resolve_order_ref(claim: Claim) -> str:
        return claim.order_line.order.ref

    @staticmethod
    def resolve_title(claim: Claim) -> str:
        return claim.order_line.title

    @staticmethod
    def resolve_escalated(claim: Claim) -> bool:
        return claim.is_escalated(clock.now())

    @staticmethod
    def resolve_photos(claim: Claim) -> list[str]:
        return [reverse("aftersales:photo", args=[p.pk]) for p in claim.photos.all()]

    @staticmethod
    def resolve_warranty(claim: Claim) -> dict:
        return warranty.for_line(claim.order_line, at=clock.now()).as_dict()


class ClaimList(PageOut):
    items: list[ClaimOut]


class MessageList(PageOut):
    items: list[MessageOut]


class SellerCount(Schema):
    seller_id: int
    seller: str
    claims: int


class StatsOut(Schema):
    since: str
    until: str
    total: int
    per_fault: dict[str, int]
    per_seller: list[SellerCount]
    per_status: dict[str, int]
    per_resolution: dict[str, int]
    escalated: int
    resolved: int
    median_resolution_hours: float | None
