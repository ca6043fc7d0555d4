"""Working days in England and Wales, and the calendar months of progress letters.

A *working day* is any day other than a Saturday, a Sunday or a bank holiday in
England and Wales (the definition the Police (Conduct) Regulations 2020 and the
Police (Complaints and Misconduct) Regulations 2020 use). Bank holidays come from the
maintained ``holidays`` library (``holidays.UK(subdiv="ENG")``, i.e. country ``GB``): Wales shares
England's bank holidays, so the England calendar serves both. Substitute days
("observed", e.g. Boxing Day falling on a Saturday) are holidays too.

Two ways of counting appear in the regulations, and both are here:

* *n working days after* a day (``add_working_days``): "within 10 working days
  starting with the first working day after" the notice was given;
* *n working days beginning with* a day (``nth_working_day_from``): "before the end
  of 5 working days beginning with" the date of the dismissal.
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "LONDON",
    "add_months",
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "local_day",
    "next_working_day",
    "nth_working_day_from",
    "working_days_between",
]

#: The clock of England and Wales: a step taken at 23:30 UTC in summer is the next day.
LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=64)
def _year(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in ``year`` (substitute days included)."""
    return _year(year)


def is_working_day(day: date) -> bool:
    """True unless ``day`` is a Saturday, a Sunday or a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _year(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (``n`` ≥ 0; ``day`` itself is not counted).

    ``add_working_days(d, 0)`` is ``d`` unchanged, working day or not.
    """
    if n < 0:
        raise ValueError(f"add_working_days counts forward only, not {n}")
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def nth_working_day_from(day: date, n: int) -> date:
    """The last day of the period of ``n`` working days *beginning with* ``day`` (``n`` ≥ 1)."""
    if n < 1:
        raise ValueError(f"a period of working days has at least one, not {n}")
    return add_working_days(day - timedelta(days=1), n)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier).

    The inverse of :func:`add_working_days` on working days:
    ``working_days_between(d, add_working_days(d, n)) == n``.
    """
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; the 31st becomes the month's last day if shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def local_day(at: datetime) -> date:
    """The calendar day in England and Wales of an aware instant (naive times are refused)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{at.isoformat()} has no time zone; give an aware datetime")
    return at.astimezone(LONDON).date()
