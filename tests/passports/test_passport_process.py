"""A passport moves through the one process helper (core.process): a move its table lacks is 409
`invalid_transition`, a role it does not name 403 `actor_not_allowed`, and the passport is left as it was."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict, Forbidden
from comeback.passports.kinds import Actor, Role
from comeback.passports.models import PassportStatus
from comeback.passports.services.process import PASSPORT, Mover

pytestmark = pytest.mark.django_db
S = PassportStatus


def test_given_an_active_passport_when_a_repairer_ends_its_life_then_403_and_it_stays_active(stock_passport):
    # given an active passport; when a role the table does not name ends its life
    with pytest.raises(Forbidden) as refused:
        PASSPORT.move(stock_passport, S.END_OF_LIFE, actor=Mover.of(Actor(Role.REPAIRER, "Fix & Co")))
    # then it is refused as a wrong actor, and the passport is still active
    assert refused.value.code == "actor_not_allowed"
    stock_passport.refresh_from_db()
    assert stock_passport.status == S.ACTIVE


def test_given_a_superseded_passport_when_its_life_ends_then_409_invalid_transition(stock_passport):
    # given a passport another life superseded
    PASSPORT.move(stock_passport, S.SUPERSEDED, actor=Mover.SYSTEM)
    # when anyone ends its life
    with pytest.raises(Conflict) as refused:
        PASSPORT.move(stock_passport, S.END_OF_LIFE, actor=Mover.STAFF)
    # then it is refused as a wrong state
    assert refused.value.code == "invalid_transition"
    stock_passport.refresh_from_db()
    assert stock_passport.status == S.SUPERSEDED


def test_given_every_role_then_it_has_a_flag_in_the_passport_table():
    assert {Mover.of(Actor(role)).name for role in Role.values} == {m.name for m in Mover}
