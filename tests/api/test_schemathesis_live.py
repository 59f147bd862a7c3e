"""Schemathesis against a running server (gunicorn, its own process, sharing the test database): every
operation of /api/v1/openapi.json, anonymous and with a buyer's, a seller's and a staff token, all checks.
Target: no server error and no drift from the document (docs/api.md "The contract"). It runs on the database
DATABASE_URL names, like the rest of the suite: CI's `make test` runs it on SQLite and on PostgreSQL.

Bounded to fit the CI budget: a few generated examples per operation and caller. To explore further by hand:
COMEBACK_FUZZ_CHECKS=all COMEBACK_FUZZ_EXAMPLES=20 pytest tests/api/test_schemathesis_live.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from comeback.accounts.services import issue_token

from ..factories import OfferFactory, SellerFactory, StaffFactory, UserFactory
from ..servers import node, shared_database_url

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = 3
# Conformance: the answer is what the document says (status, content type, headers, body) and never a 5xx.
CONFORMANCE = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)


def _callers() -> dict[str, str | None]:
    buyer = UserFactory(email="fuzz-buyer@example.test")
    seller = SellerFactory(user=UserFactory(email="fuzz-seller@example.test"))
    OfferFactory(seller=seller)
    OfferFactory(seller=SellerFactory(user=UserFactory()))
    staff = StaffFactory(email="fuzz-staff@example.test")
    return {
        "anonymous": None,
        "buyer": issue_token(user=buyer, scopes=["buyer"]).secret,
        "seller": issue_token(user=seller.user, scopes=["seller"]).secret,
        "staff": issue_token(user=staff, scopes=["staff"]).secret,
    }


def _run(url: str, document: Path, token: str | None, report: Path) -> list[dict]:
    """One schemathesis run; the failures it found, one per (operation, check)."""
    cmd = [
        str(SCHEMATHESIS),
        "run",
        str(document),
        "--url",
        url,
        "--checks",
        os.environ.get("COMEBACK_FUZZ_CHECKS", ",".join(CONFORMANCE)),
        "--max-examples",
        os.environ.get("COMEBACK_FUZZ_EXAMPLES", str(MAX_EXAMPLES)),
        "--phases",
        "examples,fuzzing",
        "--generation-deterministic",
        "--suppress-health-check",
        "all",
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    if token:
        cmd += ["--header", f"Authorization: Bearer {token}"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if not report.exists():
        raise AssertionError(done.stdout[-4000:] + done.stderr[-4000:])
    return _failures(report, done.stdout)


def _failures(report: Path, output: str) -> list[dict]:
    import xml.etree.ElementTree as ET

    found = []
    cases = list(ET.parse(report).getroot().iter("testcase"))
    assert len(cases) >= 100, f"schemathesis tested {len(cases)} operations: {output[-3000:]}"
    for case in cases:
        for failure in [*case.findall("failure"), *case.findall("error")]:
            found.append({"operation": case.get("name"), "message": (failure.get("message") or "")[:300]})
    return found


@pytest.mark.django_db(transaction=True)
def test_given_every_operation_and_caller_when_fuzzed_on_a_live_server_then_no_5xx_and_no_drift(tmp_path):
    callers = _callers()
    failures = {}
    # Generating the document takes seconds on a busy machine: the worker may take its time.
    server = node(
        database=shared_database_url(), log=tmp_path / "gunicorn.log", GUNICORN_CMD_ARGS="--timeout 600"
    )
    with server as url:
        document = tmp_path / "openapi.json"
        document.write_bytes(urllib.request.urlopen(f"{url}/api/v1/openapi.json", timeout=600).read())
        for name, token in callers.items():
            found = _run(url, document, token, tmp_path / f"{name}.xml")
            if found:
                failures[name] = found
    assert failures == {}, json.dumps(failures, indent=1)[:20000]
