"""Near-me search: nearest first with great-circle distances (a property test against brute force), the
service filter, the place table, and the public location endpoints."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.repair import geo, selectors
from comeback.repair.models import Location, ServiceKind

from .factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

lat = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
lon = st.floats(min_value=-179.9, max_value=179.9, allow_nan=False)


def chord_km(lat1, lon1, lat2, lon2):
    """Brute force by another road: the straight chord between unit vectors, turned into an arc length."""

    def vec(la, lo):
        la, lo = math.radians(la), math.radians(lo)
        return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))

    a, b = vec(lat1, lon1), vec(lat2, lon2)
    chord = math.dist(a, b)
    return 2 * geo.EARTH_RADIUS_KM * math.asin(min(1.0, chord / 2))


@given(lat, lon, lat, lon)
def test_haversine_matches_the_chord_formula(lat1, lon1, lat2, lon2):
    assert geo.haversine_km(lat1, lon1, lat2, lon2) == pytest.approx(
        chord_km(lat1, lon1, lat2, lon2), abs=1e-6
    )


@settings(max_examples=25, deadline=None)
@given(
    points=st.lists(st.tuples(lat, lon), min_size=1, max_size=12),
    origin=st.tuples(lat, lon),
    limit=st.integers(min_value=1, max_value=15),
)
def test_given_random_locations_when_searching_then_the_nearest_come_first_as_brute_force_says(
    points, origin, limit
):
    Location.objects.all().delete()
    made = [
        LocationFactory(latitude=Decimal(f"{la:.6f}"), longitude=Decimal(f"{lo:.6f}")) for la, lo in points
    ]

    found = selectors.nearest(lat=origin[0], lon=origin[1], limit=limit)

    brute = sorted((chord_km(*origin, float(m.latitude), float(m.longitude)), m.pk) for m in made)[:limit]
    assert [n.distance_km for n in found] == pytest.approx([d for d, _pk in brute], abs=1e-6)
    assert [n.distance_km for n in found] == sorted(n.distance_km for n in found)
    assert len(found) == min(limit, len(made))


def test_given_a_service_when_searching_then_only_locations_offering_it_are_listed():
    near = LocationFactory(latitude=Decimal("48.86"), longitude=Decimal("2.34"))
    far = LocationFactory(latitude=Decimal("45.76"), longitude=Decimal("4.83"))
    ServiceFactory(location=far)
    ServiceFactory(location=near, kind=ServiceKind.SCREEN)

    found = selectors.nearest(lat=48.85, lon=2.35, service=ServiceKind.BATTERY)
    assert [n.location for n in found] == [far] and found[0].service.kind == ServiceKind.BATTERY


def test_given_private_or_inactive_locations_when_searching_then_they_are_hidden():
    LocationFactory(is_public=False)
    LocationFactory(is_active=False)
    shown = LocationFactory()

    assert [n.location for n in selectors.nearest(lat=48.8, lon=2.3)] == [shown]


def test_given_the_api_when_asked_near_a_point_then_nearest_first_with_distances(api):
    paris = LocationFactory(name="Paris shop", latitude=Decimal("48.8566"), longitude=Decimal("2.3522"))
    lyon = LocationFactory(name="Lyon shop", latitude=Decimal("45.7640"), longitude=Decimal("4.8357"))
    ServiceFactory(location=paris)
    ServiceFactory(location=lyon)

    out = api.get(
        "/api/v1/repair/locations", {"lat": 45.75, "lon": 4.85, "service": "battery_replacement"}
    ).expect(200)

    assert [i["id"] for i in out["items"]] == [lyon.pk, paris.pk]
    assert out["items"][0]["distance_km"] < 3 and 380 < out["items"][1]["distance_km"] < 400
    assert out["items"][0]["services"][0] == {
        "kind": "battery_replacement",
        "label": "Battery replacement",
        "price": 6900,
        "currency": "EUR",
        "duration_minutes": 45,
        "bonus": None,
        "to_pay": 6900,
    }


def test_given_a_place_name_when_searching_then_it_is_geocoded_from_the_built_in_table(api):
    LocationFactory(latitude=Decimal("52.52"), longitude=Decimal("13.40"))
    out = api.get("/api/v1/repair/locations", {"place": "Berlin"}).expect(200)

    assert out["place"] == "Berlin" and out["items"][0]["distance_km"] < 1


@pytest.mark.parametrize(
    "params, field",
    [
        ({"place": "Atlantis"}, "place"),
        ({"lat": 91, "lon": 0}, "lat"),
        ({"lat": 0, "lon": 181}, "lon"),
        ({}, "lat"),
        ({"lat": 1, "lon": 1, "service": "polish"}, "service"),
    ],
)
def test_given_bad_search_input_when_asked_then_422_naming_the_field(api, params, field):
    problem = api.get("/api/v1/repair/locations", params).expect(422)
    assert problem["errors"][0]["field"] == field


def test_given_a_private_workshop_when_its_public_page_is_asked_then_404(api):
    hidden = LocationFactory(is_public=False)
    api.get(f"/api/v1/repair/locations/{hidden.pk}").expect(404)
    api.get(f"/api/v1/repair/locations/{hidden.pk}/slots", {"service": "battery_replacement"}).expect(404)


def test_given_postcodes_and_cities_when_geocoded_then_case_and_spaces_do_not_matter():
    assert geo.geocode("  PARIS ")[2] == "Paris"
    assert geo.geocode("new york")[2] == "New York"
    assert geo.geocode("Sw1a")[2] == "London SW1A"
