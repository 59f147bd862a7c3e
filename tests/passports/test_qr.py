"""QR codes: a unit's code (PNG and SVG) decodes back to its GS1 Digital Link URI (zxing-cpp)."""

from __future__ import annotations

import urllib.request

import pytest
import zxingcpp

from comeback.passports import qr, services

from .png import read_grey


def _decode_png(data: bytes) -> list[str]:
    pixels, width, height = read_grey(data)
    image = memoryview(pixels).cast("B", (height, width))
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_given_a_passport_when_its_png_qr_code_is_scanned_then_it_reads_the_digital_link(
    client, stock_passport
):
    response = client.get(f"/passports/{stock_passport.serial}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert _decode_png(response.content) == ["https://comeback.test" + stock_passport.path]


def test_given_a_passport_when_its_svg_qr_code_is_fetched_then_it_is_the_same_code(client, stock_passport):
    response = client.get(f"/passports/{stock_passport.serial}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg") and "https://comeback.test" + stock_passport.path in svg  # its <title>
    # the SVG draws the same symbol as the PNG (same matrix): check it through segno's own rendering
    assert (
        qr.svg(
            "https://comeback.test" + stock_passport.path, title="https://comeback.test" + stock_passport.path
        )
        == svg
    )


def test_given_a_long_uri_when_encoded_then_zxing_still_reads_it():
    uri = "https://a-long-comeback-host.example.org/01/09506000134352/21/ABCDEFGHJKMNPQRSTVWX"
    assert _decode_png(qr.png(uri, scale=4)) == [uri]


def test_given_an_unknown_serial_when_asking_for_its_qr_then_404(client, db):
    assert client.get("/passports/NOSUCHUNIT1/qr.png").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_given_no_site_url_when_a_qr_is_printed_from_a_server_on_another_port_then_it_opens_there(
    live_server, settings, seller, phone
):
    settings.SITE_URL = settings.PASSPORT_BASE_URL = ""
    p = services.open_stock_passport(seller=seller, variant=phone, grade="good", battery_health=91)

    with urllib.request.urlopen(f"{live_server.url}/passports/{p.serial}/qr.png") as response:
        scanned = _decode_png(response.read())

    assert scanned == [live_server.url + p.path] and ":8000" not in live_server.url
    request = urllib.request.Request(scanned[0], headers={"Accept": "text/html"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and p.serial in response.read().decode()
