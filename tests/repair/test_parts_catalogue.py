"""The parts catalogue: staff and refurbishers add parts (web, API, CSV with all-or-nothing validation and a
progress bar command), set stock per location; each sees and edits only what it manages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from comeback.repair.models import Part, PartPrice, Stock
from comeback.repair.services import parts_csv
from tests.factories import SellerFactory, StaffFactory, UserFactory

from .factories import LocationFactory, PartFactory

pytestmark = pytest.mark.django_db


def body(model, **extra):
    return {
        "sku": "bat-p7",
        "name": "Pixel 7 battery",
        "part_type": "battery",
        "source": "oem",
        "compatible_models": [model.pk],
        "lead_time_days": 4,
        "prices": {"FR": 3900, "GB": 3400},
        **extra,
    }


def csv_file(model, shop, rows=None):
    header = "sku,name,part_type,source,compatible_models,lead_time_days,price_FR,location,quantity\n"
    rows = rows or [
        f"SCR-P7,Pixel 7 screen,screen,compatible,{model.slug},6,8900,{shop.slug},4\n",
        f"BAT-P7,Pixel 7 battery,battery,oem,{model.slug},3,3900,{shop.slug},10\n",
    ]
    return (header + "".join(rows)).encode()


def test_given_a_refurbisher_when_it_adds_a_part_then_it_owns_it_with_prices_per_market(
    api, seller, phone_model
):
    out = api.as_(seller.user).post("/api/v1/repair/parts", body(phone_model)).expect(201)

    part = Part.objects.get(pk=out["id"])
    assert part.seller == seller and part.sku == "BAT-P7"
    workshop = seller.repair_locations.get()  # its private workshop, where it counts its stock
    stock = api.as_(seller.user).post(
        f"/api/v1/repair/parts/{part.pk}/stock", {"location_id": workshop.pk, "quantity": 6}
    )
    assert stock.expect(200)["quantity"] == 6
    assert {(p.market_id, p.amount, p.currency) for p in PartPrice.objects.filter(part=part)} == {
        ("FR", 3900, "EUR"),
        ("GB", 3400, "GBP"),
    }


def test_given_another_refurbisher_when_it_reads_or_changes_the_part_then_404(
    api, seller, other_seller, phone_model
):
    part_id = api.as_(seller.user).post("/api/v1/repair/parts", body(phone_model)).expect(201)["id"]
    intruder = api.as_(other_seller.user)

    intruder.patch(f"/api/v1/repair/parts/{part_id}", body(phone_model, name="mine now")).expect(404)
    assert intruder.get("/api/v1/repair/parts").expect(200)["items"] == []
    assert [p["id"] for p in api.as_(StaffFactory()).get("/api/v1/repair/parts").expect(200)["items"]] == [
        part_id
    ]


def test_given_a_buyer_or_anonymous_when_managing_parts_then_refused(api, phone_model):
    buyer = api.as_(UserFactory())
    buyer.post("/api/v1/repair/parts", body(phone_model)).expect(403)
    buyer.get("/api/v1/repair/parts").expect(403)
    api.post("/api/v1/repair/parts", body(phone_model)).expect(401)
    upload = {"file": SimpleUploadedFile("p.csv", b"sku\n")}
    refused = buyer.client.post(
        "/api/v1/repair/parts/import", upload, headers={"Authorization": f"Bearer {buyer.token}"}
    )
    assert refused.status_code == 403 and refused["Content-Type"].startswith("application/problem+json")


def test_given_a_taken_sku_or_a_harvested_source_when_adding_then_refused(
    api, seller, other_seller, phone_model
):
    api.as_(seller.user).post("/api/v1/repair/parts", body(phone_model)).expect(201)
    assert (
        api.as_(other_seller.user).post("/api/v1/repair/parts", body(phone_model)).expect(409)["code"]
        == "part_sku_taken"
    )
    problem = api.as_(seller.user).post(
        "/api/v1/repair/parts", body(phone_model, sku="x", source="harvested")
    )
    assert problem.expect(422)["errors"][0]["field"] == "source"


def test_given_a_price_in_the_wrong_market_code_when_adding_then_422_naming_it(api, seller, phone_model):
    problem = (
        api.as_(seller.user).post("/api/v1/repair/parts", body(phone_model, prices={"XX": 1})).expect(422)
    )
    assert problem["errors"][0]["field"] == "prices.XX"


def test_given_staff_when_setting_stock_at_a_location_then_it_is_counted_and_ledgered(api, phone_model, shop):
    staff = StaffFactory()
    part_id = api.as_(staff).post("/api/v1/repair/parts", body(phone_model)).expect(201)["id"]

    out = (
        api.as_(staff)
        .post(f"/api/v1/repair/parts/{part_id}/stock", {"location_id": shop.pk, "quantity": 7})
        .expect(200)
    )
    assert out["quantity"] == 7
    assert (
        api.as_(staff)
        .post(f"/api/v1/repair/parts/{part_id}/stock", {"location_id": shop.pk, "quantity": -1})
        .expect(422)
    )


def test_given_a_refurbisher_when_setting_stock_at_someone_elses_shop_then_403(
    api, seller, phone_model, shop
):
    part_id = api.as_(seller.user).post("/api/v1/repair/parts", body(phone_model)).expect(201)["id"]
    api.as_(seller.user).post(
        f"/api/v1/repair/parts/{part_id}/stock", {"location_id": shop.pk, "quantity": 1}
    ).expect(403)


def test_given_a_valid_csv_when_staff_import_it_then_parts_and_stock_are_created(api, phone_model, shop):
    out = api.as_(StaffFactory()).client.post(
        "/api/v1/repair/parts/import",
        {"file": SimpleUploadedFile("p.csv", csv_file(phone_model, shop))},
        headers={"Authorization": f"Bearer {api.as_(StaffFactory(email='s2@example.test')).token}"},
    )

    assert out.status_code == 200 and out.json() == {"created": 2, "updated": 0, "stocked": 2}
    assert Stock.objects.get(part__sku="BAT-P7", location=shop).quantity == 10


def test_given_a_csv_with_a_bad_row_when_imported_then_nothing_is_imported_and_each_error_is_named(
    phone_model, shop
):
    bad = csv_file(
        phone_model,
        shop,
        rows=[
            f"OK-1,Fine,battery,oem,{phone_model.slug},3,100,,\n",
            "BAD-1,Broken,flux,oem,no-such-model,-2,abc,,\n",
        ],
    )
    with pytest.raises(Exception) as caught:
        parts_csv.import_csv(data=bad, actor=StaffFactory())

    fields = {e["field"] for e in caught.value.errors}
    assert caught.value.code == "csv_invalid"
    assert {
        "rows[2].part_type",
        "rows[2].compatible_models",
        "rows[2].lead_time_days",
        "rows[2].price_FR",
    } <= fields
    assert not Part.objects.exists()


def test_given_the_import_command_when_run_then_it_reports_counts(tmp_path, phone_model, shop, capsys):
    staff = StaffFactory()
    path = tmp_path / "parts.csv"
    path.write_bytes(csv_file(phone_model, shop))

    call_command("repair_parts_import", staff.email, str(path), verbosity=0)
    assert "2 created, 0 updated, 2 stock counts set" in capsys.readouterr().out
    call_command("repair_parts_import", staff.email, str(path), verbosity=0)
    assert "0 created, 2 updated" in capsys.readouterr().out


def test_given_a_refurbisher_csv_touching_another_ones_sku_then_refused(phone_model, shop):
    owner, other = SellerFactory(), SellerFactory()
    PartFactory(sku="SCR-P7", seller=owner, fits=[phone_model])
    workshop = LocationFactory(seller=other, is_public=False)
    with pytest.raises(Exception) as caught:
        parts_csv.import_csv(data=csv_file(phone_model, workshop), actor=other.user)
    assert {e["code"] for e in caught.value.errors} == {"not_your_part"}


def test_given_a_cell_over_the_limit_when_imported_through_the_api_then_422_names_line_and_column(
    api, phone_model, shop
):
    staff = api.as_(StaffFactory())
    data = csv_file(phone_model, shop).decode().replace("Pixel 7 screen", "S" * 200_000).encode()
    out = staff.client.post(
        "/api/v1/repair/parts/import",
        {"file": SimpleUploadedFile("p.csv", data)},
        headers={"Authorization": f"Bearer {staff.token}"},
    )
    problem = out.json()
    assert (out.status_code, problem["code"]) == (422, "csv_cell_too_long")
    assert (problem["errors"][0]["line"], problem["errors"][0]["column"]) == (2, 2)
