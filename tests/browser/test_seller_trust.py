"""Seller trust end to end in a real browser: apply, be verified by staff, list 5, be refused the 6th
(docs/design.md §2 "Sellers are professionals only", "Probation")."""

from __future__ import annotations

import pytest

from comeback.sellers.models import Seller, SellerStatus
from tests.factories import ProductModelFactory, StaffFactory, VariantFactory

PROCESS = (
    "We test every device on a 40-point bench, grade it under daylight lamps, replace worn batteries "
    "with certified cells and wipe storage with a NIST 800-88 Purge certificate."
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_a_refurbisher_when_it_applies_is_verified_and_lists_then_the_sixth_listing_of_the_day_is_refused(
    page,
    live_server,
    login_as,
    settings,
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    products = [ProductModelFactory() for _ in range(6)]
    for p in products:
        VariantFactory(product=p)
    staff = StaffFactory(email="success@example.test")

    # 1. apply on the web
    page.goto("/sell/apply/")
    page.get_by_label("Legal name of the company").fill("Browser Refurb SAS")
    page.get_by_label("Country of registration").select_option("FR")
    page.get_by_label("Company registration number").fill("732 829 320")
    page.get_by_label("VAT number").fill("FR44732829320")
    page.get_by_label("Registered address").fill("3 quai Saint-Antoine, 69002 Lyon")
    page.get_by_label("Contact person").fill("Alex Morel")
    page.get_by_label("Contact email").fill("alex@browser-refurb.test")
    page.get_by_label("Contact phone").fill("+33 4 78 00 00 00")
    page.get_by_label("France (FR)").check()
    page.get_by_label("Your refurbishing process").fill(PROCESS)
    page.get_by_label("Password", exact=True).fill("browser-seller-pw-2027")
    page.get_by_label("Password again").fill("browser-seller-pw-2027")
    page.get_by_role("button", name="Submit my application").click()
    page.wait_for_url("**/seller/trust/")
    assert page.get_by_text("Application under review").first.is_visible()
    seller = Seller.objects.get(user__email="alex@browser-refurb.test")
    assert seller.status == SellerStatus.APPLIED

    # 2. staff verify it from the queue
    login_as(page, staff)
    page.goto("/staff/sellers/applications/")
    page.get_by_role("link", name="Browser Refurb SAS").click()
    page.get_by_label("Verify: start the 40-day probation").check()
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded.").wait_for()
    seller.refresh_from_db()
    assert seller.status == SellerStatus.PROBATION

    # 3. the seller completes its trader traceability (its payout bank account is registered), then lists five
    # offers in the portal
    Seller.objects.filter(pk=seller.pk).update(payment_account_at=seller.verified_at)
    login_as(page, seller.user)
    page.goto("/seller/traceability/")
    page.locator("input[name=trade_register]").fill("RCS Lyon 732 829 320")
    page.locator("select[name=id_document_type]").select_option("id_card")
    page.locator("input[name=id_document_number]").fill("X4RTBPFW4")
    page.locator("input[name=id_document_holder]").fill("Camille Martin")
    page.locator("input[name=self_certification]").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Traceability information saved.").wait_for()
    for product in products[:5]:
        page.goto(f"/seller/listings/new/?product={product.pk}")
        page.get_by_label("Grade", exact=True).select_option("good")
        page.get_by_label("Price").fill("349.00")
        page.get_by_label("Units in stock").fill("2")
        page.get_by_label("Guaranteed minimum battery health (%)").fill("85")
        page.get_by_role("button", name="Publish listing").click()
        page.wait_for_url("**/seller/")
        assert page.get_by_text("is live").first.is_visible()
    assert page.locator(".cap-table").get_by_text("5 / 5").is_visible()

    # 4. the sixth is refused, naming the rule and when it lifts
    page.goto(f"/seller/listings/new/?product={products[5].pk}")
    page.get_by_label("Grade", exact=True).select_option("good")
    page.get_by_label("Price").fill("349.00")
    page.get_by_label("Units in stock").fill("2")
    page.get_by_label("Guaranteed minimum battery health (%)").fill("85")
    page.get_by_role("button", name="Publish listing").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "at most 5 new listings per calendar day" in alert.inner_text()
    assert "You can list again from" in alert.inner_text()
    assert seller.offers.count() == 5
    # the refusal page is a 422 on purpose; anything else (a CSP violation, a script error) fails the test
    assert [e for e in page.console_errors if "422" not in e] == []
