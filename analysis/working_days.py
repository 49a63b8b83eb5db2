"""Working-day arithmetic for the children's complaints procedure (England).

The Children Act 1989 Representations Procedure (England) Regulations 2006 set every
time limit in *working days*: a day that is not a Saturday, a Sunday, Christmas Day,
Boxing Day, Good Friday or a bank holiday in England and Wales. Every complaint
deadline, and "completed in time" in the statutory annual report, is computed here so
that the whole platform agrees on one definition.

Conventions (docs/domain.md, spec/interfaces.md "In time"):

* The day a complaint is received is day 0; day ``n`` is the n-th working day after it.
  A complaint received on a weekend or a bank holiday still starts counting on the
  next day, so it gains nothing over one received on the preceding working day.
* A response is in time if it is dated on or before the deadline day. The comparison is
  by date, not by counting working days, so a reply sent on the Saturday after a Friday
  deadline is late.

Bank holidays come from the ``holidays`` package with ``subdiv="ENG"``: without the
subdivision it returns only the UK-wide days and misses Easter Monday and the late
August bank holiday. It includes substitute days ("(observed)", e.g. Tuesday 27 December
2022 for Christmas Day on a Sunday) and one-off days (royal wedding 2011, jubilees, the
Queen's funeral on 19 September 2022). One-off days announced after the pinned version
was released are missing until the pin is updated.

The scalar functions are plain Python for clarity and for use on single records; the
``*_many`` functions use numpy's business-day routines for whole report columns and are
tested to agree with the scalar ones. This module must not import Flask.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import holidays
import numpy as np

__all__ = [
    "STAGE1",
    "STAGE1_EXTENDED",
    "STAGE2",
    "STAGE2_MAX",
    "STAGE3_PANEL",
    "STAGE3_PANEL_REPORT",
    "STAGE3_RESPONSE",
    "add_working_days",
    "add_working_days_many",
    "bank_holidays",
    "deadline",
    "deadline_many",
    "in_time",
    "in_time_many",
    "is_working_day",
    "working_days_between",
    "working_days_between_many",
]

# Statutory limits in working days (2006 Regulations).
STAGE1 = 10
"""Stage 1 (local resolution): response within 10 working days."""
STAGE1_EXTENDED = 20
"""Stage 1 may be extended to at most 20 working days."""
STAGE2 = 25
"""Stage 2 (investigation): 25 working days."""
STAGE2_MAX = 65
"""Stage 2 may run to at most 65 working days, with the delay explained in writing."""
STAGE3_PANEL = 30
"""Stage 3: the review panel meets within 30 working days of the request."""
STAGE3_PANEL_REPORT = 5
"""Stage 3: the panel reports within 5 working days of meeting."""
STAGE3_RESPONSE = 15
"""Stage 3: the council responds within 15 working days of the panel's report."""

_SATURDAY = 5  # date.weekday(): Monday is 0

Dates = Iterable[date] | np.ndarray
"""A column of dates: a pandas Series (datetime64 or object), a list or a numpy array."""
Counts = int | Iterable[int] | np.ndarray
"""One number of working days for every row, or one per row."""


def _as_date(d: date) -> date:
    """Return ``d`` as a plain ``date``.

    ``datetime`` (and pandas ``Timestamp``) are subclasses of ``date`` but never compare
    equal to one, so a bank holiday given as a datetime would silently look like a
    working day in a set lookup. Normalising here closes that hole.
    """
    if isinstance(d, datetime):
        return d.date()
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    return d


@functools.cache
def bank_holidays(first_year: int, last_year: int | None = None) -> frozenset[date]:
    """England and Wales bank holidays from ``first_year`` to ``last_year`` inclusive.

    Cached per year range: building the ``holidays`` calendar costs far more than a
    lookup, and a report asks for the same years for every one of its rows. Includes
    holidays that fall on a weekend (their substitute weekdays are included too).
    """
    if last_year is None:
        last_year = first_year
    if last_year < first_year:
        raise ValueError(f"last_year {last_year} is before first_year {first_year}")
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return frozenset(calendar)


@functools.cache
def _weekday_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """Sorted bank holidays that fall Monday to Friday (those that reduce a count)."""
    return tuple(sorted(d for d in bank_holidays(first_year, last_year) if d.weekday() < _SATURDAY))


@functools.cache
def _busdaycalendar(first_year: int, last_year: int) -> np.busdaycalendar:
    """numpy calendar (Mon-Fri, minus bank holidays) for a year range, cached."""
    days = np.array(sorted(bank_holidays(first_year, last_year)), dtype="datetime64[D]")
    return np.busdaycalendar(weekmask="1111100", holidays=days)


def is_working_day(d: date) -> bool:
    """True if ``d`` is a working day: Monday to Friday and not an England bank holiday."""
    d = _as_date(d)
    return d.weekday() < _SATURDAY and d not in bank_holidays(d.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is day 0).

    If ``start`` is not a working day the count still begins on the following day, so
    ``add_working_days(saturday, 1)`` is the Monday (or the next working day after it).
    ``n == 0`` returns ``start`` unchanged. Negative ``n`` is refused: nothing in the
    procedure counts backwards, and a negative limit is a data error worth surfacing.
    """
    start = _as_date(start)
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    day = start
    year = day.year
    holidays_this_year = bank_holidays(year)
    remaining = n
    one_day = timedelta(days=1)
    while remaining:
        day += one_day
        if day.year != year:
            year = day.year
            holidays_this_year = bank_holidays(year)
        if day.weekday() < _SATURDAY and day not in holidays_this_year:
            remaining -= 1
    return day


def _weekdays_before(d: date) -> int:
    """Number of Mondays-to-Fridays from 1 January year 1 (a Monday) up to, not including, ``d``."""
    days = d.toordinal() - 1  # ordinal 1 is Monday 0001-01-01
    weeks, rest = divmod(days, 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; 0 if ``end <= start``.

    This is how many working days a complaint received on ``start`` had used by
    ``end``: ``working_days_between(d, add_working_days(d, n)) == n``. Computed from
    whole-week arithmetic plus a bisect over the holiday list, so it stays fast for
    long spans (a complaint open for years).
    """
    start = _as_date(start)
    end = _as_date(end)
    if end <= start:
        return 0
    one_day = timedelta(days=1)
    weekdays = _weekdays_before(end + one_day) - _weekdays_before(start + one_day)
    hols = _weekday_holidays(start.year, end.year)
    # Holidays h with start < h <= end.
    weekday_holidays = bisect.bisect_right(hols, end) - bisect.bisect_right(hols, start)
    return weekdays - weekday_holidays


def deadline(received_on: date, working_days: int) -> date:
    """The last day on which a response is in time: ``working_days`` after receipt.

    A named wrapper over :func:`add_working_days` so callers read as the Regulations do
    ("within 10 working days of receipt"), e.g. ``deadline(received_on, STAGE1)``.
    """
    return add_working_days(received_on, working_days)


def in_time(received_on: date, responded_on: date, allowed_working_days: int) -> bool:
    """True if ``responded_on`` is on or before the deadline for ``received_on``.

    Compares dates rather than working-day counts so a response on a non-working day
    after the deadline (the Saturday after a Friday deadline) counts as late. Dates are
    not checked for order: a response dated before receipt is a data problem for the
    importer to reject, and here it is simply "in time".
    """
    return _as_date(responded_on) <= deadline(received_on, allowed_working_days)


# --- Vectorised versions for pandas/numpy columns -------------------------------------


def _to_days(values: Dates | date) -> np.ndarray:
    """Convert dates (a pandas Series, list, array or single date) to ``datetime64[D]``.

    Times of day are dropped (floor to the date). Missing values (``None``, ``NaN``,
    ``NaT``, ``pd.NaT``) become ``NaT``.
    """
    arr = np.asarray(values)
    if arr.dtype.kind != "M":
        # Python dates, strings or missing markers (None, NaN, pd.NaT) in an object array.
        # pandas converts these about 20 times faster than numpy's own date parsing, and
        # understands pd.NaT, which numpy does not. Imported here so that the scalar
        # functions do not pay for importing pandas.
        import pandas as pd

        arr = pd.to_datetime(arr.ravel()).to_numpy().reshape(arr.shape)
    return arr.astype("datetime64[D]")


def _year_range(*arrays: np.ndarray, extra_years: int = 0) -> tuple[int, int]:
    """First and last calendar year covered by the non-missing dates in ``arrays``."""
    valid = [a[~np.isnat(a)] for a in arrays]
    valid = [a for a in valid if a.size]
    if not valid:
        return (2000, 2000)  # nothing to look up; any small cached calendar will do
    lo = min(a.min() for a in valid).astype("datetime64[Y]").astype(int) + 1970
    hi = max(a.max() for a in valid).astype("datetime64[Y]").astype(int) + 1970
    return int(lo), int(hi) + extra_years


def working_days_between_many(starts: Dates, ends: Dates) -> np.ndarray:
    """Vectorised :func:`working_days_between`: an int64 array, 0 where ``end <= start``.

    Uses ``numpy.busday_count`` over the cached bank-holiday calendar for the years the
    data spans, which is what makes a 100,000-row report fast. ``busday_count`` counts
    the half-open range ``[begin, end)``, so both ends move one day later to count
    ``(start, end]``. Missing dates raise ``ValueError``: a count for an open complaint
    has no meaning, so filter those rows out first.
    """
    s = _to_days(starts)
    e = _to_days(ends)
    if np.isnat(s).any() or np.isnat(e).any():
        raise ValueError("missing dates: drop rows without both dates before counting working days")
    first, last = _year_range(s, e)
    one = np.timedelta64(1, "D")
    counts = np.busday_count(s + one, e + one, busdaycal=_busdaycalendar(first, last))
    return np.maximum(counts, 0).astype(np.int64)


def add_working_days_many(starts: Dates, n: Counts) -> np.ndarray:
    """Vectorised :func:`add_working_days`; ``n`` may be one number or one per row.

    Returns ``datetime64[D]``; a missing start gives ``NaT``. ``busday_offset`` with
    ``roll="forward"`` from the day after ``start`` lands on working day 1, and a further
    ``n - 1`` working days gives day ``n``; rows with ``n == 0`` keep ``start``.
    """
    s = _to_days(starts)
    offsets = np.asarray(n, dtype=np.int64)
    if (offsets < 0).any():
        raise ValueError("n must be 0 or more")
    s, offsets = np.broadcast_arrays(s, offsets)
    # Enough years of holidays to cover the furthest deadline (at least 250 working
    # days a year, plus one for a start late in December).
    extra = int(offsets.max()) // 250 + 1 if offsets.size else 1
    first, last = _year_range(s, extra_years=extra)
    one = np.timedelta64(1, "D")
    moved = np.busday_offset(
        s + one, np.maximum(offsets - 1, 0), roll="forward", busdaycal=_busdaycalendar(first, last)
    )
    return np.where(offsets == 0, s, moved)


def deadline_many(received_on: Dates, working_days: Counts) -> np.ndarray:
    """Vectorised :func:`deadline` (``datetime64[D]``, ``NaT`` where receipt is missing)."""
    return add_working_days_many(received_on, working_days)


def in_time_many(
    received_on: Dates,
    responded_on: Dates,
    allowed_working_days: Counts,
) -> np.ndarray:
    """Vectorised :func:`in_time`: a bool array, one per row.

    ``allowed_working_days`` may vary per row (10 or 20 at stage 1; the agreed extension
    at stage 2). A row with either date missing is ``False`` (numpy's ``NaT`` compares
    false): an unanswered complaint has not been completed in time. Choose the
    denominator (e.g. completed complaints only) before counting.
    """
    responded = _to_days(responded_on)
    limit = deadline_many(received_on, allowed_working_days)
    return np.asarray(responded <= limit, dtype=bool)
