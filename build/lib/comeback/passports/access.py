"""Who reads which level, and who writes as which role (EU ESPR access model; docs/passports.md "Levels").

- public: anyone, no login;
- restricted (repairers, refurbishers, recyclers): a seller (refurbisher) — through the web session or an
  API token with the `seller` scope — or a user staff granted the repairer or recycler role; a repairer
  reads at that level everywhere but writes only to the units it holds a repair job for (services.may_write);
- authority: staff — web session or a token with the `staff` scope — or a user granted the authority role.

A reader may ask for a lower level (`?level=public`, to see what the public sees), never a higher one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from comeback.core.problems import Forbidden, Invalid, Unauthenticated

from .kinds import Actor, Role
from .models import GRANT_LEVEL, GrantRole, Level, PassportAccessGrant, level_rank

ROLE_PRIORITY = (Role.SELLER, Role.REPAIRER, Role.RECYCLER, Role.STAFF)


@dataclass(frozen=True)
class Viewer:
    level: str = Level.PUBLIC
    roles: frozenset[str] = frozenset()
    seller: object = None
    organisations: dict[str, str] = field(default_factory=dict)  # role → organisation name
    user: object = None

    def actor_for(self, writers: frozenset[str]) -> Actor | None:
        """The role this viewer records an event of a kind as (the first of its roles allowed to)."""
        for role in ROLE_PRIORITY:
            if role in self.roles and role in writers:
                if role == Role.SELLER:
                    return Actor.of_seller(self.seller)
                if role == Role.STAFF:
                    return Actor.staff()
                return Actor(role, self.organisations.get(role, ""), user=self.user)
        return None

    @property
    def can_write(self) -> bool:
        return bool(self.roles)


PUBLIC = Viewer()


def viewer_for(user, *, scopes: list[str] | None = None) -> Viewer:
    """The viewer behind a web session (`scopes=None`) or an API token (its scopes)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return PUBLIC
    from comeback.sellers import selectors as seller_selectors

    level = Level.PUBLIC
    roles: set[str] = set()
    organisations: dict[str, str] = {}

    def allowed(scope: str) -> bool:
        return scopes is None or scope in scopes

    seller = seller_selectors.seller_for_user(user) if allowed("seller") else None
    if seller is not None:
        level = max(level, Level.RESTRICTED, key=level_rank)
        roles.add(Role.SELLER)
    if user.is_staff and allowed("staff"):
        level = Level.AUTHORITY
        roles.add(Role.STAFF)
    for grant in PassportAccessGrant.objects.filter(user=user, revoked_at__isnull=True):
        level = max(level, GRANT_LEVEL[GrantRole(grant.role)], key=level_rank)
        if grant.role in (GrantRole.REPAIRER, GrantRole.RECYCLER):
            roles.add(grant.role)
            organisations[grant.role] = grant.organisation
    return Viewer(level=level, roles=frozenset(roles), seller=seller, organisations=organisations, user=user)


def viewer_for_request(request) -> Viewer:
    """A web request: its session user; or, when it carries `Authorization: Bearer`, that token."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        from comeback.accounts.services import authenticate_token

        token = authenticate_token(header[7:].strip())
        if token is None:  # a token that is sent must be valid: never a silent public answer
            raise Unauthenticated(_("Send a valid API token as `Authorization: Bearer <token>`."))
        return viewer_for(token.user, scopes=list(token.scopes or []))
    return viewer_for(getattr(request, "user", None))


def reading_level(viewer: Viewer, requested: str | None) -> str:
    """The level to answer at: the viewer's, or a lower one on request; a higher one is refused."""
    if not requested:
        return viewer.level
    if requested not in Level.values:
        raise Invalid.field(
            "level", "invalid_level", _("Level must be one of: %s.") % ", ".join(Level.values)
        )
    if level_rank(requested) > level_rank(viewer.level):
        raise Forbidden(
            _("You may read this passport at the %(have)s level, not %(want)s.")
            % {"have": viewer.level, "want": requested},
            code="passport_level_forbidden",
            level=str(viewer.level),
        )
    return requested
