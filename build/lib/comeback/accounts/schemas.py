from __future__ import annotations

from ninja import Field, Schema

from comeback.core.schemas import MarketCodeOrBlank


class SignUpIn(Schema):
    email: str = Field(..., max_length=254, examples=["ada@example.com"])
    password: str = Field(
        ...,
        max_length=4096,
        description="Checked by the password validators (≥ 10 characters).",
        json_schema_extra={"minLength": 10},  # declared; the validators refuse with password_too_short
    )
    name: str = Field("", max_length=300)
    preferred_market: MarketCodeOrBlank = Field(
        "", max_length=8, description="ISO 3166 code of a market, e.g. FR."
    )


class AccountOut(Schema):
    id: int
    email: str


class TokenIn(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=4096)
    name: str = Field(
        "api",
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00-\x1f]+$",
        description="A label to recognise the token later (printable characters).",
    )
    scopes: list[str] | None = Field(
        None,
        description="A subset of the scopes the account may hold (buyer, seller, staff); all of them by default.",
    )


class TokenOut(Schema):
    token: str = Field(..., description="The bearer token. Shown once: only a hash is stored.")
    token_id: int
    scopes: list[str]
