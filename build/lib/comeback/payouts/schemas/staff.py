"""What the staff payouts API returns: runs with their money per currency and status, statements."""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse
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

    @staticmethod
    def resolve_url(f) -> str:
        return reverse("payouts:staff_file", args=[f.pk])


class RunOut(Schema):
    id: int
    run_date: date
    status: str
    transfer_count: int
    totals: dict[str, dict[str, int]] = Field(..., description="currency → transfer status → amount")
    files: list[FileOut]
    sepa_url: str | None

    # Reads a `selectors.RunRow`: the run, its files and its money per currency and status.
    @staticmethod
    def resolve_id(row) -> int:
        return row.run.pk

    @staticmethod
    def resolve_run_date(row) -> date:
        return row.run.run_date

    @staticmethod
    def resolve_status(row) -> str:
        return row.run.status

    @staticmethod
    def resolve_sepa_url(row) -> str | None:
        has_sepa = any(f.currency == "EUR" for f in row.files)
        return reverse("api:staff_run_sepa", args=[row.run.pk]) if has_sepa else None


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

    @staticmethod
    def resolve_entries(statement) -> list:
        return list(statement.entries.all())
