"""Passport API (docs/design.md §4): `GET passports/{id}`, `GET passports/{id}/events`, the UNTP credential,
professionals' events, the refurbisher's stock passports, and staff's access grants.

Reading needs no token (the public level); a token raises the level (access.py). Handlers only
translate HTTP: rules live in services, reads in selectors.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema

from comeback.accounts.auth import acting_staff, token_auth
from comeback.core.paging import PageQuery, page_answer, page_of, paginate
from comeback.core.problems import Forbidden
from comeback.core.schemas import problem_responses

from . import access, conf, kinds, selectors, services, untp
from .models import PassportAccessGrant
from .schemas import (
    ChainOut,
    EventIn,
    GrantIn,
    GrantOut,
    PassportIn,
    PassportListOut,
    PassportOut,
)

router = Router(tags=["passports"])


def _problems(*codes: int) -> dict:
    text = {
        401: "invalid token",
        403: "missing_scope / passport_level_forbidden / not_your_passport",
        404: "passport_not_found",
        409: "passport_closed / refused by a rule",
        422: "invalid input",
    }
    return problem_responses(*codes, texts=text)


def anonymous(request):
    """Reading is open to anyone: a request without a token reads the public level. A token that is sent
    must be valid (else 401), so this only admits requests that carry none."""
    return "Authorization" not in request.headers or None


READ_AUTH = [token_auth, anonymous]


class LevelQuery(Schema):
    level: str | None = None


def _viewer(request) -> access.Viewer:
    token = request.auth if not isinstance(request.auth, bool) else None
    if token is None:
        return access.PUBLIC
    return access.viewer_for(token.user, scopes=list(token.scopes or []))


@router.get(
    "/passports/{passport_id}",
    response=PassportOut,
    auth=READ_AUTH,
    openapi_extra=_problems(401, 403, 404, 422),
)
def get_passport(request, passport_id: str, q: Query[LevelQuery]):
    """A unit's passport at the caller's level (or a lower `level` on request). `passport_id` is its serial."""
    p = selectors.passport(passport_id)
    return selectors.document(p, access.reading_level(_viewer(request), q.level))


@router.get(
    "/passports/{passport_id}/events",
    response=ChainOut,
    auth=READ_AUTH,
    openapi_extra=_problems(401, 403, 404, 422),
)
def get_events(request, passport_id: str, q: Query[LevelQuery]):
    """The hash chain: every event, public fields in clear, higher levels sealed (disclosed up to the caller's
    level), and the signed head — what `comeback verify-passport` and docs/passports.md recompute."""
    p = selectors.passport(passport_id)
    return selectors.chain_document(p, access.reading_level(_viewer(request), q.level))


@router.get(
    "/passports/{passport_id}/credential", auth=None, response={200: dict}, openapi_extra=_problems(404)
)
def get_credential(request, passport_id: str):
    """The passport as a UNTP Digital Product Passport: a W3C Verifiable Credential (JSON-LD) with an
    `eddsa-jcs-2022` Data Integrity proof by the platform key (did:web, /.well-known/did.json)."""
    p = selectors.passport(passport_id)
    with translation.override("en"):  # the same credential, in English, whatever the reader's language
        vc = untp.credential(selectors.document(p, "public"))
    return HttpResponse(
        json.dumps(vc, cls=DjangoJSONEncoder, ensure_ascii=False), content_type="application/vc+ld+json"
    )


@router.post(
    "/passports/{passport_id}/events",
    response={201: dict},
    auth=token_auth,
    openapi_extra=_problems(401, 403, 404, 409, 422),
)
def post_event(request, passport_id: str, body: EventIn):
    """Record an event as the role the token carries: a refurbisher (seller scope) on units it issued or
    handled; a repairer or recycler (granted by staff) on any unit; staff (staff scope) on all."""
    p = selectors.passport(passport_id)
    viewer = _viewer(request)
    spec = kinds.get(body.kind)
    actor = viewer.actor_for(spec.writers)
    if actor is None:
        raise Forbidden(_("Your token may not record “%s” events.") % spec.name, code="event_kind_forbidden")
    event = services.record_event(passport=p, kind=spec.name, data=body.data, actor=actor, at=body.at)
    doc = selectors.chain_document(p, viewer.level)
    return 201, next(e for e in doc["events"] if e["seq"] == event.seq)


# The refurbisher's stock -----------------------------------------------------------------------------------
def _seller(request):
    from comeback.sellers.access import acting_seller

    return acting_seller(request)


def _summary(p) -> dict:
    return {
        "id": p.serial,
        "uri": conf.absolute(p.path),
        "gtin": p.gtin,
        "status": p.status,
        "life": p.life,
        "product": f"{p.product.brand.name} {p.product.name}"
        + (f" · {p.variant.label}" if p.variant_id else ""),
        "opened_at": p.created_at,
    }


@router.get("/seller/passports", response=PassportListOut, auth=token_auth, openapi_extra=_problems(401, 403))
def list_seller_passports(request, paging: Query[PageQuery]):
    seller = _seller(request)
    offset = (paging.page - 1) * paging.page_size
    passports, count = selectors.issued_by(seller, limit=paging.page_size, offset=offset)
    return page_answer(request, [_summary(p) for p in passports], paging, count=count)


@router.post(
    "/seller/passports",
    response={201: PassportOut},
    auth=token_auth,
    openapi_extra=_problems(401, 403, 404, 409, 422),
)
def create_seller_passport(
    request, body: PassportIn, idempotency_key: str = Header("", alias="Idempotency-Key")
):
    """Register a unit of your stock: opens its passport (optionally the next life of an earlier one you
    issued or handled) and records its grading. An `Idempotency-Key` makes a retry return the same one."""
    seller = _seller(request)
    p = services.open_stock_passport(
        seller=seller, idempotency_key=(idempotency_key or "")[:80], **body.dict()
    )
    return 201, selectors.document(selectors.passport(p.serial), "restricted")


# Staff: access grants ------------------------------------------------------------------------------------
def _staff(request):
    return acting_staff(request)


def _grant(g: PassportAccessGrant) -> dict:
    return {
        "id": g.pk,
        "email": g.user.email,
        "role": g.role,
        "level": g.level,
        "organisation": g.organisation,
        "created_at": g.created_at,
        "revoked_at": g.revoked_at,
    }


@router.get(
    "/staff/passport-grants",
    response=page_of(GrantOut, "GrantList"),
    auth=token_auth,
    openapi_extra=_problems(401, 403),
)
def list_grants(request, paging: Query[PageQuery]):
    _staff(request)
    grants = PassportAccessGrant.objects.select_related("user").order_by("-pk")
    return paginate(request, grants, paging, out=_grant)


@router.post(
    "/staff/passport-grants",
    response={201: GrantOut},
    auth=token_auth,
    openapi_extra=_problems(401, 403, 404, 422),
)
def create_grant(request, body: GrantIn):
    """Give a user a passport role: repairer or recycler (restricted level, may record their events) or
    authority (authority level, read only)."""
    staff = _staff(request)
    from comeback.accounts.services import user_for_email

    grant = services.grant_access(
        user=user_for_email(body.email), role=body.role, organisation=body.organisation, granted_by=staff
    )
    return 201, _grant(grant)


@router.delete(
    "/staff/passport-grants/{grant_id}",
    response={204: None},
    auth=token_auth,
    openapi_extra=_problems(401, 403, 404),
)
def revoke_grant(request, grant_id: int):
    _staff(request)
    services.revoke_grant(grant_id=grant_id)
    return 204, None
