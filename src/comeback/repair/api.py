"""Repair API. Handlers only translate HTTP."""

from ninja import Router

router = Router(tags=["repair"])
