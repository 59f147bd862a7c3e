"""Reading a passport over the API (docs/design.md §4): `GET passports/{id}`, `GET passports/{id}/events` and
the UNTP credential. Reading needs no token (the public level); a token raises the level (access.py). A
professional records an event on the path the events are read from (`POST passports/{id}/events`), as the
role its token carries. Handlers only translate HTTP: rules live in services, reads in selectors.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from comeback.accounts.auth import token_auth
from comeback.core.problems import Forbidden

from .. import access, kinds, selectors, services, untp
from ..schemas import (
    ChainOut,
    EventIn,
    PassportOut,
    problems,
)

router = Router()  # tagged "passports" by the router that gathers it (api/__init__.py)


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
    openapi_extra=problems(401, 403, 404, 422),
)
def get_passport(request, passport_id: str, q: Query[LevelQuery]):
    """A unit's passport at the caller's level (or a lower `level` on request). `passport_id` is its serial."""
    p = selectors.passport(passport_id)
    return selectors.document(p, access.reading_level(_viewer(request), q.level))


@router.get(
    "/passports/{passport_id}/events",
    response=ChainOut,
    auth=READ_AUTH,
    openapi_extra=problems(401, 403, 404, 422),
)
def get_events(request, passport_id: str, q: Query[LevelQuery]):
    """The hash chain: every event, public fields in clear, higher levels sealed (disclosed up to the caller's
    level), and the signed head — what `comeback verify-passport` and docs/passports.md recompute."""
    p = selectors.passport(passport_id)
    return selectors.chain_document(p, access.reading_level(_viewer(request), q.level))


@router.get(
    "/passports/{passport_id}/credential", auth=None, response={200: dict}, openapi_extra=problems(404)
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
    openapi_extra=problems(401, 403, 404, 409, 422),
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
