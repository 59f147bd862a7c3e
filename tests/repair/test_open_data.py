"""Repairs as open data: the Open Repair Data Standard 0.3 export, on the staff pages and the API."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine

from comeback.core import csv_export
from comeback.repair import ords, services
from tests.factories import UserFactory

MONDAY = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def finished(repairer, shop, phone_model):
    phone_model.release_date = date(2022, 3, 1)
    phone_model.save()
    fixed = services.start_job(user=repairer, location=shop, product=phone_model, battery_before=61)
    services.complete_job(job=fixed, user=repairer, repaired=True, summary="Battery replaced")
    dead = services.start_job(user=repairer, location=shop, product=phone_model)
    services.complete_job(
        job=dead,
        user=repairer,
        repaired=False,
        summary="Board damaged",
        repair_barrier="spare_parts_not_available",
    )
    services.start_job(user=repairer, location=shop, product=phone_model)  # still open: not exported
    return fixed, dead


def _rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode())))


def test_given_finished_repairs_when_exported_then_ords_columns_in_order_and_values_from_the_codelists(
    api, staff, finished
):
    staff_api = api.as_(staff, scopes=["staff"])
    response = staff_api.client.get(
        "/api/v1/repair/export.ords.csv", headers={"Authorization": f"Bearer {staff_api.token}"}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.decode().splitlines()[0] == ",".join(ords.COLUMNS)
    fixed, dead = _rows(body)
    assert fixed["repair_status"] == "Fixed" and fixed["repair_barrier_if_end_of_life"] == ""
    assert dead["repair_status"] == "End of life"
    assert dead["repair_barrier_if_end_of_life"] == "Spare parts not available"
    assert fixed["product_category"] == "Mobile" and fixed["brand"] and fixed["year_of_manufacture"] == "2022"
    assert fixed["product_age"] == "5.0" and fixed["event_date"] == "2027-03-01"
    assert fixed["country"] == "FRA" and fixed["group_identifier"].startswith("comeback_location_")
    assert "customer" not in body.decode() and "@" not in body.decode()


@pytest.mark.parametrize("who", ["anonymous", "buyer", "repairer"])
def test_given_someone_not_staff_when_exporting_then_refused(api, repairer, who, db):
    if who == "anonymous":
        assert api.get("/api/v1/repair/export.ords.csv").status == 401
        return
    user = repairer if who == "repairer" else UserFactory()
    problem = api.as_(user).get("/api/v1/repair/export.ords.csv").expect(403)
    assert problem["code"] in ("missing_scope", "staff_only")


def test_given_a_bad_date_when_exporting_then_422_names_the_field(api, staff, db):
    reply = api.as_(staff, scopes=["staff"]).get("/api/v1/repair/export.ords.csv", {"since": "yesterday"})
    assert reply.status in (400, 422) and "since" in reply.response.content.decode()


def test_given_a_barrier_on_a_repaired_unit_then_refused_naming_the_field(repairer, shop, phone_model):
    from comeback.core.problems import Invalid

    job = services.start_job(user=repairer, location=shop, product=phone_model)
    with pytest.raises(Invalid) as caught:
        services.complete_job(
            job=job, user=repairer, repaired=True, summary="Done", repair_barrier="lack_of_equipment"
        )
    assert caught.value.code == "invalid_repair_barrier"


def test_given_staff_when_opening_the_open_data_page_then_preview_and_download(client, staff, finished):
    client.force_login(staff)
    page = client.get("/staff/repair/open-data/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "repair_barrier_if_end_of_life" in html and "Spare parts not available" in html
    download = client.get("/staff/repair/export.ords.csv", {"since": "2027-03-01"})
    assert download.status_code == 200 and len(_rows(b"".join(download.streaming_content))) == 2
    assert client.get("/staff/repair/open-data/", {"since": "03/01"}).status_code == 422


def test_given_a_repairer_when_opening_the_open_data_page_then_403(client, repairer, db):
    client.force_login(repairer)
    assert client.get("/staff/repair/open-data/").status_code == 403
    client.logout()
    assert client.get("/staff/repair/export.ords.csv").status_code == 302  # to the login page


def test_given_a_cell_starting_like_a_formula_then_it_is_quoted_as_text():
    text = "".join(ords.csv_lines([]))
    assert text.startswith(",".join(ords.COLUMNS) + "\n")
    assert "".join(csv_export.stream(["a"], [["=HYPERLINK()"], ["Fixed"]], lineterminator="\n")) == (
        "a\n'=HYPERLINK()\nFixed\n"
    )
