"""Who may do what in the repair network: one place for the actor rules every service and view asks.

- staff manage everything;
- a refurbisher (seller) manages its own parts and its own locations (workshops) and their stock;
- a repairer (a Membership) works at a location: its bookings, jobs and the parts stocked there.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from comeback.core.problems import Forbidden

from .models import Job, Location, Membership, Part


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


def seller_of(user):
    if user is None or not user.is_authenticated:
        return None
    from comeback.sellers import selectors as seller_selectors

    return seller_selectors.seller_for_user(user)


def manages_location(user, location: Location) -> bool:
    if is_staff(user):
        return True
    return bool(
        location.seller_id
        and user is not None
        and user.is_authenticated
        and location.seller.user_id == user.pk
    )


def works_anywhere(user) -> bool:
    """A repairer: staff, a member of a location, or a refurbisher with a workshop."""
    if is_staff(user):
        return True
    if user is None or not user.is_authenticated:
        return False
    return Location.objects.filter(Q(members__user=user) | Q(seller__user=user)).exists()


def ensure_repairer(user) -> None:
    ensure(
        works_anywhere(user),
        _("Only repairers do this: you work at no repair location."),
        code="not_a_repairer",
    )


def works_at(user, location: Location) -> bool:
    if manages_location(user, location):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(user=user, location=location).exists()
    )


def manages_part(user, part: Part) -> bool:
    if is_staff(user):
        return True
    return bool(
        part.seller_id and user is not None and user.is_authenticated and part.seller.user_id == user.pk
    )


def may_manage_parts(user) -> bool:
    """Staff and refurbishers see the parts back office."""
    return is_staff(user) or seller_of(user) is not None


def ensure_manages_parts(user):
    """`user`, who must be staff or a refurbisher to work the parts back office."""
    ensure(may_manage_parts(user), _("Only staff and refurbishers manage spare parts."))
    return user


def ensure(allowed: bool, message: str | None = None, *, code: str = "forbidden") -> None:
    if not allowed:
        raise Forbidden(message or _("You may not do this."), code=code)


def ensure_works_at(user, location: Location) -> None:
    ensure(works_at(user, location), _("You do not work at this repair location."), code="not_your_location")


def ensure_manages_location(user, location: Location) -> None:
    ensure(manages_location(user, location), _("You do not manage this location."), code="not_your_location")


def ensure_manages_part(user, part: Part) -> None:
    ensure(manages_part(user, part), _("This part is managed by someone else."), code="not_your_part")


def holds_unit(*, passport, actor) -> bool:
    """Whether a repairer holds this unit, so may write to its passport (docs/repair.md "Passports"): a
    repair job on the unit at the location the event comes from (a job's own events), or at a location the
    granted person works at. A booking names a model, not a unit: it counts once the counter opens its job
    on the unit's passport."""
    jobs = Job.objects.filter(passport=passport)
    if actor.location is not None:
        return jobs.filter(location=actor.location).exists()
    user = actor.user
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return jobs.filter(Q(location__members__user=user) | Q(location__seller__user=user)).exists()
