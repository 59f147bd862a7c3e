"""Staff verify applicants; only staff, on the API and the back office (docs/design.md §2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from comeback.sellers.models import DecisionKind, SellerDecision, SellerStatus

from ..factories import PASSWORD, SellerFactory, StaffFactory, UserFactory
from .factories import ApplicantFactory

pytestmark = pytest.mark.django_db
T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_given_an_applicant_when_staff_verify_it_then_probation_starts_for_40_days(api, staff):
    applicant = ApplicantFactory()
    with time_machine.travel(T0, tick=False):
        out = (
            api.as_(staff)
            .post(f"/api/v1/staff/sellers/{applicant.pk}/verify", {"decision": "verify"})
            .expect(200)
        )
    assert out["status"] == "probation" and out["phase"] == "probation"
    applicant.refresh_from_db()
    assert applicant.verified_at == T0 and applicant.probation_started_at == T0
    assert applicant.probation_ends_at == T0 + timedelta(days=40)
    d = SellerDecision.objects.get(seller=applicant)
    assert (d.kind, d.from_status, d.to_status, d.actor) == (
        DecisionKind.VERIFY,
        "applied",
        "probation",
        staff,
    )
    assert out["decision"]["actor"] == staff.email


def test_given_an_applicant_when_staff_reject_without_reason_then_422_and_with_a_reason_then_rejected(
    api, staff
):
    applicant = ApplicantFactory()
    client = api.as_(staff)
    problem = client.post(f"/api/v1/staff/sellers/{applicant.pk}/verify", {"decision": "reject"}).expect(422)
    assert problem["errors"][0]["field"] == "reason"
    out = client.post(
        f"/api/v1/staff/sellers/{applicant.pk}/verify",
        {"decision": "reject", "reason": "The VAT number belongs to another company."},
    ).expect(200)
    assert out["status"] == "rejected" and out["status_reason"].startswith("The VAT number")


def test_given_a_verified_seller_when_verified_again_then_409_invalid_transition(api, staff):
    applicant = ApplicantFactory()
    client = api.as_(staff)
    client.post(f"/api/v1/staff/sellers/{applicant.pk}/verify", {"decision": "verify"}).expect(200)
    problem = client.post(f"/api/v1/staff/sellers/{applicant.pk}/verify", {"decision": "verify"}).expect(409)
    assert problem["code"] == "invalid_transition"
    assert SellerDecision.objects.filter(seller=applicant).count() == 1


def test_given_an_unknown_seller_or_decision_when_verifying_then_404_or_422(api, staff):
    client = api.as_(staff)
    assert (
        client.post("/api/v1/staff/sellers/999999/verify", {"decision": "verify"}).expect(404)["code"]
        == "seller_not_found"
    )
    applicant = ApplicantFactory()
    problem = client.post(f"/api/v1/staff/sellers/{applicant.pk}/verify", {"decision": "maybe"}).expect(422)
    assert problem["code"] == "invalid_decision"


@pytest.mark.parametrize("path", ["verify", "decision"])
def test_given_anyone_but_staff_when_deciding_then_refused(api, path):
    applicant = ApplicantFactory()
    url = f"/api/v1/staff/sellers/{applicant.pk}/{path}"
    body = {"decision": "verify" if path == "verify" else "approve", "reason": "because"}
    assert api.post(url, body).expect(401)["code"] == "not_authenticated"
    buyer = UserFactory()
    assert api.as_(buyer).post(url, body).expect(403)["code"] == "missing_scope"
    seller = SellerFactory()
    assert api.as_(seller.user).post(url, body).expect(403)["code"] == "missing_scope"
    # a staff scope on a token does not make its user staff
    assert api.as_(buyer, scopes=["staff"]).post(url, body).expect(403)["code"] == "staff_only"
    # a staff member's token without the staff scope is refused too
    assert api.as_(StaffFactory(), scopes=["buyer"]).post(url, body).expect(403)["code"] == "missing_scope"
    applicant.refresh_from_db()
    assert applicant.status == SellerStatus.APPLIED and not SellerDecision.objects.exists()


def test_given_staff_on_the_web_when_verifying_from_the_queue_then_probation_starts(client, staff):
    applicant = ApplicantFactory(legal_name="Queue Test SARL")
    client.login(email=staff.email, password=PASSWORD)
    queue = client.get("/staff/sellers/applications/")
    assert queue.status_code == 200 and b"Queue Test SARL" in queue.content
    page = client.get(f"/staff/sellers/{applicant.pk}/")
    assert b"Verify this applicant" in page.content
    resp = client.post(f"/staff/sellers/{applicant.pk}/verify/", {"decision": "verify", "reason": ""})
    assert resp.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == SellerStatus.PROBATION


def test_given_a_verification_when_it_commits_then_the_seller_gets_one_email(
    django_capture_on_commit_callbacks, staff
):
    from comeback.sellers import services

    applicant = ApplicantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.verify(seller_id=applicant.pk, decision="verify", by=staff)
    assert [m.to for m in mail.outbox] == [[applicant.user.email]]
    assert "probation" in mail.outbox[0].subject.lower()


@pytest.mark.parametrize("path", ["", "applications/", "reviews/", "alerts/"])
def test_given_a_non_staff_user_when_opening_the_back_office_then_refused(client, path):
    applicant = ApplicantFactory()
    url = f"/staff/sellers/{path}"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert "/accounts/login/" in client.get(url)["Location"]
    seller = SellerFactory()
    client.login(email=seller.user.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    assert client.post(f"/staff/sellers/{applicant.pk}/verify/", {"decision": "verify"}).status_code == 403
    applicant.refresh_from_db()
    assert applicant.status == SellerStatus.APPLIED
