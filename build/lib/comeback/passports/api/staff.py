"""Staff's passport access grants over the API: give a user a repairer, recycler or authority role, list
and revoke them. Handlers only translate HTTP: rules live in services."""

from __future__ import annotations

from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.web.api_access import acting_staff

from .. import services
from ..models import PassportAccessGrant
from ..schemas import (
    GrantIn,
    GrantOut,
    problems,
)

router = Router()  # tagged "passports" by the router that gathers it (api/__init__.py)


# Staff: access grants ------------------------------------------------------------------------------------
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
    openapi_extra=problems(401, 403),
)
def list_grants(request, paging: Query[PageQuery]):
    acting_staff(request)
    grants = PassportAccessGrant.objects.select_related("user").order_by("-pk")
    return paginate(request, grants, paging, out=_grant)


@router.post(
    "/staff/passport-grants",
    response={201: GrantOut},
    auth=token_auth,
    openapi_extra=problems(401, 403, 404, 422),
)
def create_grant(request, body: GrantIn):
    """Give a user a passport role: repairer or recycler (restricted level, may record their events) or
    authority (authority level, read only)."""
    staff = acting_staff(request)
    from comeback.accounts.services import user_for_email

    grant = services.grant_access(
        user=user_for_email(body.email), role=body.role, organisation=body.organisation, granted_by=staff
    )
    return 201, _grant(grant)


@router.delete(
    "/staff/passport-grants/{grant_id}",
    response={204: None},
    auth=token_auth,
    openapi_extra=problems(401, 403, 404),
)
def revoke_grant(request, grant_id: int):
    acting_staff(request)
    services.revoke_grant(grant_id=grant_id)
    return 204, None
