import pytest
from hypothesis import given
from hypothesis import strategies as st

from comeback.core.ids import gtin_check_digit, normalise_gtin, public_ref


def test_given_a_valid_ean13_when_normalising_then_it_becomes_gtin14():
    assert normalise_gtin("4006381333931") == "04006381333931"


@pytest.mark.parametrize("bad", ["4006381333932", "abc", "123", "", "40063813339311234"])
def test_given_an_invalid_gtin_when_normalising_then_it_is_refused(bad):
    with pytest.raises(ValueError):
        normalise_gtin(bad)


@given(body=st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_given_any_body_when_the_check_digit_is_appended_then_it_validates(body):
    gtin = body + gtin_check_digit(body)
    assert normalise_gtin(gtin) == gtin.zfill(14)
    wrong = body + str((int(gtin[-1]) + 1) % 10)
    with pytest.raises(ValueError):
        normalise_gtin(wrong)


def test_given_public_refs_when_generated_then_they_are_unambiguous_and_distinct():
    refs = {public_ref("ORD") for _ in range(200)}
    assert len(refs) == 200
    assert all(r.startswith("ORD-") and not set(r[4:]) & set("ILOU") for r in refs)
