"""A client generated from the served OpenAPI document, by a well-known generator (openapi-python-client),
drives a seller's day on its own: the document is a contract a client can be built from (docs/api.md
"The contract"). The generated models parse every answer, so a body that strays from its schema fails here.
"""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from comeback.accounts.services import issue_token
from comeback.wsgi import application
from tests.images import PNG
from tests.offers.conftest import listing_body
from tests.orders.helpers import place_order
from tests.tradein.factories import tradein

from ..factories import CategoryFactory, OfferFactory, ProductModelFactory, UserFactory, VariantFactory

PACKAGE = "comeback_api_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Django closes connections when a WSGI request ends; the test transaction's connection must stay.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def package_folder(tmp_path_factory, django_db_setup, django_db_blocker):
    """The client package generated once from /api/v1/openapi.json as served, in a temporary folder."""
    folder = tmp_path_factory.mktemp("generated")
    document = folder / "openapi.json"
    with django_db_blocker.unblock():
        served = _http().get("/api/v1/openapi.json")
    assert served.status_code == 200
    document.write_text(json.dumps(served.json()))
    config = folder / "generator.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run: the code is only imported
    run = subprocess.run(
        [GENERATOR, "generate", "--path", document, "--output-path", folder / PACKAGE, "--meta", "none"]
        + ["--config", config],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return folder


@pytest.fixture
def generated(db, package_folder):
    """Import a module of the generated package: `generated("models")`."""
    sys.path.insert(0, str(package_folder))
    try:
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        yield lambda module: importlib.import_module(f"{PACKAGE}.{module}")
    finally:
        sys.path.remove(str(package_folder))


def _http() -> httpx.Client:
    return httpx.Client(transport=httpx.WSGITransport(app=application), base_url="http://testserver")


def test_given_a_client_generated_from_the_document_when_a_seller_works_a_day_through_it_then_all_succeeds(
    generated, db
):
    # Given: a seller with a trade-in to inspect, whose stock a buyer has just bought
    received = tradein("received")
    seller = received.seller
    variant = VariantFactory(
        product=ProductModelFactory(category=CategoryFactory(slug="day-phones", battery_floor=80))
    )
    order = place_order(UserFactory(), OfferFactory(seller=seller, price_amount=30000, quantity=5))
    line = order.lines.get()
    token = issue_token(user=seller.user, scopes=["seller"]).secret

    client_module = generated("client")
    models = generated("models")
    types = generated("types")
    api = generated("api.seller_listings.comeback_offers_api_create_listing")
    patch = generated("api.seller_listings.comeback_offers_api_patch_listing")
    counter = generated("api.trade_in.comeback_tradein_api_seller_counter_offer")
    accept = generated("api.seller_orders.comeback_orders_api_seller_accept_line")
    ship = generated("api.seller_orders.comeback_orders_api_seller_ship_line")
    metrics = generated("api.sellers.comeback_sellers_api_my_metrics")
    client = client_module.AuthenticatedClient(
        base_url="http://testserver",
        token=token,
        httpx_args={"transport": httpx.WSGITransport(app=application)},
        raise_on_unexpected_status=True,
    )

    # When: it lists a device, reprices it, counter-offers a trade-in with a photo, accepts and ships the
    # line it sold, and reads its metrics — through the generated code only
    created = api.sync_detailed(
        client=client,
        body=models.ListingIn.from_dict(listing_body(variant)),
        idempotency_key=str(uuid.uuid4()),
    )
    assert created.status_code == 201, created.content
    listing = created.parsed
    assert isinstance(listing, models.ListingOut) and listing.price == 34900

    repriced = patch.sync_detailed(listing.offer_id, client=client, body=models.ListingPatch(price=33900))
    assert repriced.status_code == 200, repriced.content
    assert repriced.parsed.price == 33900

    evidence = models.ComebackTradeinApiSellerCounterOfferMultiPartBodyParams(
        reason="screen_damage_undeclared",
        price=1000,
        photos=[types.File(payload=io.BytesIO(PNG), file_name="crack.png", mime_type="image/png")],
    )
    countered = counter.sync_detailed(
        received.ref, client=client, body=evidence, idempotency_key=str(uuid.uuid4())
    )
    assert countered.status_code == 200, countered.content
    assert countered.parsed.status == "counter_offered"

    accepted = accept.sync_detailed(line.pk, client=client, idempotency_key=str(uuid.uuid4()))
    assert accepted.status_code == 200, accepted.content
    shipment = models.ShipIn.from_dict({"tracking_number": "TRACK12345", "carrier": "DHL", "serial": "SN-1"})
    shipped = ship.sync_detailed(line.pk, client=client, body=shipment, idempotency_key=str(uuid.uuid4()))
    assert shipped.status_code == 200, shipped.content

    read = metrics.sync_detailed(client=client)

    # Then: every answer parsed into the generated models, and the line is on its way
    assert read.status_code == 200, read.content
    assert isinstance(read.parsed, models.MetricsOut) and read.parsed.seller_id == seller.pk
    assert shipped.parsed.status == "shipped"


def test_given_a_generated_client_when_the_seller_is_refused_then_it_reads_the_problem(generated, db):
    client_module = generated("client")
    models = generated("models")
    listings = generated("api.seller_listings.comeback_offers_api_list_listings")
    client = client_module.AuthenticatedClient(
        base_url="http://testserver",
        token="cb_not_a_token",
        httpx_args={"transport": httpx.WSGITransport(app=application)},
    )

    answer = listings.sync_detailed(client=client)

    assert answer.status_code == 401
    assert isinstance(answer.parsed, models.ProblemOut) and answer.parsed.code == "not_authenticated"
