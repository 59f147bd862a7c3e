"""Staff's side of trade-in: where a held device (on a block list) goes."""

from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import Field

from comeback.core.text import Text


class HeldDecisionIn(Schema):
    outcome: Literal["return_to_owner", "hand_to_police", "return_to_sender"]
    note: Text = Field(..., min_length=1, max_length=2000)


class HeldDecisionOut(Schema):
    """Read from the device's route once decided."""

    ref: str
    route: str
    held_outcome: str
    held_note: str
    held_decided_at: str

    @staticmethod
    def resolve_ref(route) -> str:
        return route.tradein.ref

    @staticmethod
    def resolve_held_decided_at(route) -> str:
        return route.held_decided_at.isoformat()
