"""What the seller API reads and writes about bank accounts (money in minor units, docs/design.md §4)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class BankAccountIn(Schema):
    currency: str = Field(..., max_length=3, description="EUR (SEPA), GBP, USD or JPY")
    holder: str = Field(..., max_length=140)
    password: str = Field(
        ..., max_length=256, description="The account's password, asked again for every change"
    )
    iban: str = Field("", max_length=64)
    bic: str = Field("", max_length=16, description="Optional for EUR: found from the IBAN when known")
    sort_code: str = Field("", max_length=16, description="GBP: 6 digits")
    routing_number: str = Field("", max_length=16, description="USD: ABA routing number")
    account_number: str = Field("", max_length=34)
    bank_code: str = Field("", max_length=8, description="JPY: Zengin bank code")
    branch_code: str = Field("", max_length=8, description="JPY: branch code")
    account_type: str = Field("", max_length=8, description="JPY: futsu (ordinary) or toza (current)")
    holder_kana: str = Field("", max_length=140, description="JPY: the holder's name in katakana")

    def details(self) -> dict:
        return self.dict(exclude={"currency", "password"})


class BankAccountOut(Schema):
    id: int
    currency: str
    scheme: str
    holder: str
    masked: str = Field(..., description="The last four characters of the IBAN or account number")
    bic: str
    created_at: datetime
    payouts_held_until: datetime | None
