"""Staff run payouts, download each run's SEPA file and import statements, by API and on the payouts page;
nobody else can (docs/payouts.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from comeback.payouts import camt053
from comeback.payouts.models import BankAccount, PayoutFile, Transfer
from comeback.payouts.services import runs
from tests.factories import UserFactory

from .conftest import IBAN, RUN_DAY, bank_account, delivered

RUNS = "/api/v1/staff/payouts/runs"
STATEMENTS = "/api/v1/staff/payouts/statements"


@pytest.fixture
def paid_run(buyer, offer, seller, clock_at):
    delivered(buyer, offer, clock_at, n=2)
    bank_account(seller)
    return runs.run_due(at=RUN_DAY)


def statement(run):
    return camt053.statement(
        list(run.transfers.all()),
        message_id="S1",
        account_iban=IBAN,
        booked=RUN_DAY.date(),
        created_at=RUN_DAY,
    )


def upload(client, content, *, name="statement.xml"):
    return client.client.post(
        STATEMENTS,
        {"file": SimpleUploadedFile(name, content, "application/xml")},
        headers=client._headers(None),
    )


def test_given_staff_on_a_payout_day_when_posting_a_run_then_201_and_again_200_with_the_same_run(
    api, staff, buyer, offer, seller, clock_at
):
    delivered(buyer, offer, clock_at)
    bank_account(seller)
    with clock_at(RUN_DAY):
        first = api.as_(staff).post(RUNS, {}).expect(201)
        again = api.as_(staff).post(RUNS, {}).expect(200)

    assert first["id"] == again["id"] and first["transfer_count"] == 1
    assert first["totals"] == {"EUR": {"sent": 27000}}
    assert first["sepa_url"] == f"/api/v1/staff/payouts/runs/{first['id']}/sepa.xml"


def test_given_another_day_when_posting_a_run_then_409_unless_forced(api, staff, clock_at):
    with clock_at(RUN_DAY + timedelta(days=1)):
        problem = api.as_(staff).post(RUNS, {}).expect(409)
        assert (problem["code"], problem["next_payout_day"]) == ("not_a_payout_day", "2027-03-26")
        assert api.as_(staff).post(RUNS, {"force": True}).expect(201)["transfer_count"] == 0


def test_given_a_run_then_staff_list_it_and_download_its_sepa_file(api, staff, paid_run):
    listed = api.as_(staff).get(RUNS).expect(200)["items"]
    assert [r["id"] for r in listed] == [paid_run.pk]

    response = api.as_(staff).client.get(listed[0]["sepa_url"], headers=api.as_(staff)._headers(None))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert response.content.decode() == PayoutFile.objects.get().content
    assert "attachment" in response["Content-Disposition"]


def test_given_a_run_without_eur_then_its_sepa_file_is_404(api, staff, clock_at):
    with clock_at(RUN_DAY):
        run = api.as_(staff).post(RUNS, {}).expect(201)
    assert api.as_(staff).get(f"{RUNS}/{run['id']}/sepa.xml").expect(404)["code"] == "sepa_file_not_found"


def test_given_a_statement_when_staff_upload_it_then_the_transfers_are_paid(api, staff, paid_run):
    reply = upload(api.as_(staff), statement(paid_run))

    assert reply.status_code == 201, reply.content
    body = reply.json()
    assert body["matched_count"] == 1 and body["entries"][0]["outcome"] == "paid"
    assert Transfer.objects.get().status == "paid"
    assert upload(api.as_(staff), statement(paid_run)).status_code == 409


def test_given_a_non_statement_upload_then_422_names_the_file(api, staff, db):
    reply = upload(api.as_(staff), b"%PDF-1.7 not a statement", name="x.pdf")

    assert reply.status_code == 422 and reply["Content-Type"].startswith("application/problem+json")
    assert reply.json()["errors"][0]["field"] == "file"


@pytest.mark.parametrize("path", [RUNS, f"{RUNS}/1/sepa.xml"])
def test_given_the_wrong_actor_when_reading_staff_payouts_then_401_or_403(api, buyer, seller, path):
    assert api.get(path).expect(401)
    assert api.as_(buyer).get(path).expect(403)["code"] in {"missing_scope", "staff_only"}
    assert api.as_(seller.user).get(path).expect(403)


def test_given_the_wrong_actor_when_running_or_importing_then_nothing_happens(api, buyer, seller, paid_run):
    assert api.post(RUNS, {"force": True}).expect(401)
    assert api.as_(seller.user).post(RUNS, {"force": True}).expect(403)
    assert upload(api.as_(seller.user), statement(paid_run)).status_code == 403
    assert upload(api, statement(paid_run)).status_code == 401
    assert Transfer.objects.get().status == "sent"


# Web -------------------------------------------------------------------------------------------------
def logged_in(user, password):
    client = Client()
    assert client.login(email=user.email, password=password)
    return client


def test_given_staff_then_the_payouts_page_shows_runs_files_reconciliation_and_a_chart(
    staff, password, paid_run, django_assert_max_num_queries
):
    client = logged_in(staff, password)
    with django_assert_max_num_queries(12):
        page = client.get("/staff/payouts/")

    html = page.content.decode()
    assert page.status_code == 200
    assert PayoutFile.objects.get().message_id + ".xml" in html and "<svg" in html
    assert 'id="count-sent">1<' in html
    file = client.get(f"/staff/payouts/files/{PayoutFile.objects.get().pk}.xml")
    assert file.status_code == 200 and b"pain.001.001.09" in file.content
    assert client.get(f"/staff/payouts/runs/{paid_run.pk}/").status_code == 200


def test_given_staff_when_uploading_a_statement_on_the_page_then_the_transfer_is_paid(
    staff, password, paid_run
):
    client = logged_in(staff, password)
    page = client.post(
        "/staff/payouts/statements/",
        {"file": SimpleUploadedFile("s.xml", statement(paid_run), "application/xml")},
        follow=True,
    )
    assert "1 of 1 entries settled a transfer" in page.content.decode()
    assert Transfer.objects.get().status == "paid"


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/staff/payouts/"),
        ("post", "/staff/payouts/run/"),
        ("post", "/staff/payouts/statements/"),
        ("get", "/staff/payouts/files/1.xml"),
        ("get", "/staff/payouts/runs/1/"),
    ],
)
def test_given_a_visitor_or_a_seller_when_opening_staff_payouts_then_login_or_403(
    db, seller, password, method, path
):
    anonymous = getattr(Client(), method)(path)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert getattr(logged_in(seller.user, password), method)(path).status_code == 403


def test_given_a_seller_then_its_payouts_page_registers_an_account_with_the_password(seller, password):
    client = logged_in(seller.user, password)
    assert client.get("/seller/payouts/").status_code == 200

    wrong = client.post(
        "/seller/payouts/", {"currency": "EUR", "holder": "Refurb", "iban": IBAN, "password": "nope"}
    )
    assert wrong.status_code == 403 and "The password is wrong." in wrong.content.decode()
    bad = client.post(
        "/seller/payouts/", {"currency": "EUR", "holder": "Refurb", "iban": "FR00", "password": password}
    )
    assert bad.status_code == 422 and "This IBAN is not valid" in bad.content.decode()
    done = client.post(
        "/seller/payouts/",
        {"currency": "EUR", "holder": "Refurb", "iban": IBAN, "password": password},
        follow=True,
    )
    assert "•••• 0189" in done.content.decode()
    assert BankAccount.objects.get(seller=seller).iban == IBAN


def test_given_a_visitor_or_a_buyer_when_opening_the_seller_payouts_page_then_login_or_403(db, password):
    assert Client().get("/seller/payouts/").status_code == 302
    buyer = UserFactory(email="someone@example.test")
    assert logged_in(buyer, password).get("/seller/payouts/").status_code == 403


def test_given_a_returned_transfer_then_the_seller_page_shows_the_notice(seller, password, paid_run):
    from comeback.payouts.services import statements

    transfer = Transfer.objects.get()
    statements.import_statement(
        content=camt053.statement(
            [transfer],
            message_id="R",
            account_iban=IBAN,
            booked=RUN_DAY.date(),
            created_at=RUN_DAY,
            returned={transfer.end_to_end_id: "AC04"},
        ),
        at=RUN_DAY,
    )
    html = logged_in(seller.user, password).get("/seller/payouts/").content.decode()
    assert f"Your bank sent back the payout {transfer.end_to_end_id}" in html
