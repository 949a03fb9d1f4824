"""Working-day arithmetic for complaint deadlines (pure: standard library only).

A working day is Monday to Friday and not a holiday. ``holidays`` is any collection of
``date`` objects (a frozenset is fastest); days in it that fall on a weekend change
nothing. All results are calendar dates; no time of day is involved.
"""
from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """Monday to Friday and not in ``holidays``."""
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date]) -> date:
    """The date ``days`` working days after ``start``; ``start`` itself is not counted.

    ``days=0`` gives ``start`` when it is a working day, else the next working day (a
    deadline "today" that falls on a Sunday moves to Monday). Friday + 1 is Monday;
    Friday + 3 with the Monday a holiday is Thursday. ``days`` must not be negative.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    if days == 0:
        while not is_working_day(day, holidays):
            day += _ONE_DAY
        return day
    counted = 0
    while counted < days:
        day += _ONE_DAY
        if is_working_day(day, holidays):
            counted += 1
    return day


def _weekdays_after_until(start: date, end: date) -> int:
    """Mondays to Fridays in (start, end], for end >= start."""
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days in (start, end]: ``start`` excluded, ``end`` included.

    Negative when ``end`` is before ``start`` (minus the working days in (end, start]),
    so "days left until the deadline" is ``working_days_between(today, due_on, ...)``:
    0 on the due day, negative once it has passed on a working day. For every ``n >= 1``,
    ``working_days_between(s, add_working_days(s, n, h), h) == n``.
    """
    if end < start:
        return -working_days_between(end, start, holidays)
    count = _weekdays_after_until(start, end)
    count -= sum(1 for h in set(holidays) if start < h <= end and h.weekday() < 5)
    return count
