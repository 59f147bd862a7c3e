from datetime import UTC, datetime

import time_machine

from comeback.core import clock


def test_given_time_is_moved_when_asking_the_clock_then_it_follows():
    with time_machine.travel(datetime(2027, 3, 1, 12, 0, tzinfo=UTC), tick=False):
        assert clock.now() == datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def test_given_a_late_evening_in_tokyo_when_computing_next_midnight_then_it_is_local():
    at = datetime(2027, 3, 1, 14, 30, tzinfo=UTC)  # 23:30 in Tokyo
    nxt = clock.start_of_next_local_day(at, "Asia/Tokyo")
    assert nxt.isoformat() == "2027-03-02T00:00:00+09:00"
    assert clock.local_date(at, "Asia/Tokyo").isoformat() == "2027-03-01"


def test_given_a_dst_change_when_computing_next_midnight_then_offset_is_the_new_one():
    at = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)  # Paris switches to CEST on 28 March 2027 at 02:00
    assert clock.start_of_next_local_day(at, "Europe/Paris").isoformat() == "2027-03-28T00:00:00+01:00"
    at = datetime(2027, 3, 28, 12, 0, tzinfo=UTC)
    assert clock.start_of_next_local_day(at, "Europe/Paris").isoformat() == "2027-03-29T00:00:00+02:00"


def test_given_an_aware_datetime_when_formatting_rfc3339_then_it_is_utc_z():
    assert clock.rfc3339(datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2027-01-02T03:04:05Z"
