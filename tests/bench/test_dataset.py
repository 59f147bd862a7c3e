"""The bench catalogue's seeding: offers written by COPY (PostgreSQL) or executemany (SQLite) read back as offers."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import dataset


@pytest.mark.django_db
def test_given_a_small_catalogue_when_seeded_then_every_offer_reads_back_whole():
    # given / when a small bench catalogue is seeded
    sizes = dataset.seed(variants=60, offers=500, sellers=20)
    # then it holds exactly the offers asked for, each with its dates and a valid price
    from comeback.offers.models import Offer

    assert sizes["offers"] == 500
    offer = Offer.objects.order_by("pk").first()
    assert offer.created_at.tzinfo is not None and offer.published_at <= offer.created_at
    assert not Offer.objects.filter(price_amount__lte=0).exists()
    assert Offer.objects.filter(status="active").count() > 400
