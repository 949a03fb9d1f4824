"""Working days for complaint deadlines (pure; no app)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaints.workdays import add_working_days, is_working_day, working_days_between

NONE: frozenset[date] = frozenset()
FRI, SAT, SUN, MON = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)
#: Idul Fitri 1447 H with cuti bersama: Wednesday 18 to Tuesday 24 March 2026.
LEBARAN = frozenset(date(2026, 3, 18) + timedelta(days=i) for i in range(7))
#: Christmas (Fri 25 Dec 2026) and New Year (Fri 1 Jan 2027).
YEAR_END = frozenset({date(2026, 12, 25), date(2027, 1, 1)})


def test_weekdays_are_working_days_weekends_and_holidays_are_not():
    assert is_working_day(FRI, NONE)
    assert not is_working_day(SAT, NONE)
    assert not is_working_day(SUN, NONE)
    assert not is_working_day(MON, {MON})


def test_friday_plus_one_is_monday():
    assert add_working_days(FRI, 1, NONE) == MON


def test_friday_plus_three_with_monday_holiday_is_thursday():
    assert add_working_days(FRI, 3, {MON}) == date(2026, 12, 3)


def test_zero_days_is_the_day_itself_or_the_next_working_day():
    assert add_working_days(FRI, 0, NONE) == FRI
    assert add_working_days(SAT, 0, NONE) == MON
    assert add_working_days(SAT, 0, {MON}) == date(2026, 12, 1)


def test_weekend_start_counts_from_monday():
    assert add_working_days(SAT, 1, NONE) == MON
    assert add_working_days(SUN, 3, NONE) == date(2026, 12, 2)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(FRI, -1, NONE)


def test_year_end_skips_christmas_and_new_year():
    # Thu 24 Dec + 3: (Fri 25 holiday) Mon 28, Tue 29, Wed 30
    assert add_working_days(date(2026, 12, 24), 3, YEAR_END) == date(2026, 12, 30)
    # Wed 30 Dec + 2: Thu 31, (Fri 1 Jan holiday) Mon 4 Jan 2027
    assert add_working_days(date(2026, 12, 30), 2, YEAR_END) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4), YEAR_END) == 5


def test_a_lebaran_week_stops_the_clock():
    # Received Tue 17 March, 3 working days to verify: Wed-Tue are holidays -> Wed 25, Thu 26, Fri 27.
    assert add_working_days(date(2026, 3, 17), 3, LEBARAN) == date(2026, 3, 27)
    assert working_days_between(date(2026, 3, 17), date(2026, 3, 24), LEBARAN) == 0
    # 14 working days from Mon 16 March: 17th, then 25th onwards
    assert add_working_days(date(2026, 3, 16), 14, LEBARAN) == date(2026, 4, 10)


def test_holidays_on_weekends_change_nothing():
    assert add_working_days(FRI, 1, {SAT, SUN}) == MON
    assert working_days_between(FRI, MON, {SAT, SUN}) == 1


def test_between_excludes_start_includes_end():
    assert working_days_between(FRI, FRI, NONE) == 0
    assert working_days_between(date(2026, 11, 26), FRI, NONE) == 1
    assert working_days_between(FRI, SUN, NONE) == 0
    assert working_days_between(FRI, date(2026, 12, 4), NONE) == 5


def test_between_is_negative_once_the_due_day_has_passed():
    due = date(2026, 11, 26)  # Thursday
    assert working_days_between(FRI, due, NONE) == -1
    assert working_days_between(date(2026, 12, 1), due, NONE) == -3  # Fri, Mon, Tue


def test_long_spans_count_every_week():
    start = date(2026, 1, 1)
    assert working_days_between(start, start + timedelta(days=364), NONE) == 260
    assert working_days_between(start, start + timedelta(days=364), LEBARAN) == 260 - 5


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=date(2019, 12, 1), max_value=date(2036, 6, 30)), max_size=40)


def _walk(start: date, end: date, holidays) -> int:
    """Reference: count day by day."""
    step = 1 if end >= start else -1
    lo, hi = (start, end) if step == 1 else (end, start)
    n = sum(1 for i in range(1, (hi - lo).days + 1) if is_working_day(lo + timedelta(days=i), holidays))
    return n * step


@settings(max_examples=300, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=60), holidays=holiday_sets)
def test_add_then_between_round_trips(start, n, holidays):
    due = add_working_days(start, n, holidays)
    assert working_days_between(start, due, holidays) == n
    assert is_working_day(due, holidays)
    # and it is the first such day: one calendar day earlier is one working day short
    assert working_days_between(start, due - timedelta(days=1), holidays) == n - 1


@settings(max_examples=300, deadline=None)
@given(start=days, n=st.integers(min_value=0, max_value=60), holidays=holiday_sets)
def test_result_is_always_a_working_day_not_before_start(start, n, holidays):
    due = add_working_days(start, n, holidays)
    assert is_working_day(due, holidays)
    assert due >= start


@settings(max_examples=300, deadline=None)
@given(a=days, b=days, holidays=holiday_sets)
def test_between_matches_a_day_by_day_count_and_is_antisymmetric(a, b, holidays):
    assert working_days_between(a, b, holidays) == _walk(a, b, holidays)
    assert working_days_between(a, b, holidays) == -working_days_between(b, a, holidays)
