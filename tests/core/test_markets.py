import pytest

from comeback.core import markets
from comeback.core.problems import Invalid


@pytest.mark.django_db
def test_given_a_fresh_database_when_listing_markets_then_the_five_seed_markets_exist():
    got = {m.code: (m.currency, m.locale, m.timezone) for m in markets.all_markets()}
    assert got == {
        "FR": ("EUR", "fr_FR", "Europe/Paris"),
        "DE": ("EUR", "de_DE", "Europe/Berlin"),
        "GB": ("GBP", "en_GB", "Europe/London"),
        "US": ("USD", "en_US", "America/New_York"),
        "JP": ("JPY", "ja_JP", "Asia/Tokyo"),
    }


@pytest.mark.django_db
def test_given_seed_markets_then_legal_settings_follow_design():
    fr, gb = markets.get("FR"), markets.get("GB")
    assert fr.commercial_warranty_min_months == 12 and fr.return_window_days == 30
    assert fr.legal_guarantee_months == 24 and markets.get("DE").legal_guarantee_months == 24
    assert gb.legal_guarantee_months == 0 and gb.legal_guarantee_note
    assert all(m.buyer_fee_bps <= 200 for m in markets.all_markets())


@pytest.mark.django_db
def test_given_an_unknown_code_when_getting_a_market_then_a_422_names_the_field():
    with pytest.raises(Invalid) as exc:
        markets.get("XX", field="market")
    assert exc.value.errors[0]["field"] == "market"
    assert exc.value.code == "unknown_market"


@pytest.mark.django_db
def test_given_a_lowercase_code_when_getting_a_market_then_it_is_found():
    assert markets.get("jp").currency == "JPY"


@pytest.mark.django_db
def test_given_a_fee_above_two_percent_when_saving_a_market_then_the_database_refuses():
    from django.db import IntegrityError, transaction

    m = markets.get("FR")
    m.buyer_fee_bps = 250
    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()
