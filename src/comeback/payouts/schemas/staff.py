"""What the staff payouts API returns: runs with their money per currency and status, statements."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class RunIn(Schema):
    force: bool = Field(False, description="Run today even if it is not a payout day")


class FileOut(Schema):
    message_id: str
    currency: str
    transfer_count: int
    control_sum: int
    sha256: str
    url: str


class RunOut(Schema):
    id: int
    run_date: date
    status: str
    transfer_count: int
    totals: dict[str, dict[str, int]] = Field(..., description="currency → transfer status → amount")
    files: list[FileOut]
    sepa_url: str | None


class StatementEntryOut(Schema):
    end_to_end_id: str
    amount: int
    currency: str
    returned: bool
    reason_code: str
    outcome: str


class BankStatementOut(Schema):
    id: int
    message_id: str
    statement_id: str
    entry_count: int
    matched_count: int
    imported_at: datetime
    entries: list[StatementEntryOut]
