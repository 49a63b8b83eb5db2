"""Reporting periods: financial years (1 April to 31 March, labelled ``2011/12``),
whole months released once they are over (satisfaction reports),
any date range, and the period of equal length just before one (for "last year's
figures" and "(73%)" beside this period's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    """Every day from ``start`` to ``end``, both included."""

    start: date
    end: date
    label: str

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": self.label}


def financial_year(year: int) -> Period:
    """The financial year starting on 1 April ``year``: ``financial_year(2011)`` is 2011/12."""
    return Period(date(year, 4, 1), date(year + 1, 3, 31), f"{year}/{(year + 1) % 100:02d}")


def financial_year_of(day: date) -> int:
    """The starting year of the financial year ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def date_range(start: date, end: date) -> Period:
    """Any range of days. A range that is exactly a financial year gets its label."""
    if start.month == 4 and start.day == 1 and end == date(start.year + 1, 3, 31):
        return financial_year(start.year)
    return Period(start, end, f"{_day_label(start)} to {_day_label(end)}")


def previous(period: Period) -> Period:
    """The period just before: the previous financial year for a financial year,
    otherwise the same number of days ending the day before ``period`` starts."""
    if period == financial_year(financial_year_of(period.start)):
        return financial_year(financial_year_of(period.start) - 1)
    end = period.start - timedelta(days=1)
    return date_range(end - timedelta(days=period.days - 1), end)


def _day_label(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- whole months, released once they are over ----------------------------------------------------
#
# Satisfaction reports count whole calendar months, and only months that have ended.
# An insider who could choose any days could ask for one day (the day of one family's
# conference) and read that family's answers; and a report that counted today's
# responses would change the moment a family answered, so watching it would tell whose
# answers just arrived. A month is released as a block once it is over: the answers in
# it can no longer be told apart by the day they came.

#: The earliest first day a report accepts. The service holds nothing older, and a
#: bound keeps every period and the one before it (``--compare-previous``) real dates:
#: year 1 has no year before it.
EARLIEST_DAY = date(2000, 1, 1)


def latest_day(today: date) -> date:
    """The latest last day a report accepts: the end of next year. Later than that is a
    typing mistake, not a plan (the period is cut back to the months that are over anyway)."""
    return date(today.year + 1, 12, 31)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    if day.month == 12:  # so 31 December 9999 needs no year 10000
        return day.replace(day=31)
    return day.replace(month=day.month + 1, day=1) - timedelta(days=1)


def last_released_day(today: date) -> date:
    """The last day of the last month that is over: answers up to here may be counted."""
    return first_of_month(today) - timedelta(days=1)


def released_months(start: date, end: date, today: date) -> Period | None:
    """The whole months from ``start``'s month to ``end``'s month, cut back to the last
    month that is over on ``today``; None when none of them is over yet."""
    first = first_of_month(start)
    last = last_of_month(min(end, last_released_day(today)))
    return month_range(first, last) if last >= first else None


def default_released_period(today: date) -> Period:
    """This financial year's months that are over; in April, when none is over yet,
    the whole financial year before (so the page always opens on something)."""
    this_year = financial_year(financial_year_of(today))
    return released_months(this_year.start, this_year.end, today) or financial_year(this_year.start.year - 1)


def month_range(first: date, last: date) -> Period:
    """Whole months from ``first``'s month to ``last``'s month, labelled by months
    (``January 2012``, ``January to March 2012``) or as a financial year."""
    first, last = first_of_month(first), last_of_month(last)
    if first.month == 4 and last == date(first.year + 1, 3, 31):
        return financial_year(first.year)
    if (first.year, first.month) == (last.year, last.month):
        label = f"{first:%B %Y}"
    elif first.year == last.year:
        label = f"{first:%B} to {last:%B %Y}"
    else:
        label = f"{first:%B %Y} to {last:%B %Y}"
    return Period(first, last, label)


def months_in(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def previous_months(period: Period) -> Period:
    """The same number of whole months just before ``period`` (a whole-month period):
    for a financial year, the financial year before. Periods inside
    :data:`EARLIEST_DAY` to :func:`latest_day` have one (back to the 1970s at worst);
    only a period reaching back to year 1 has none (ValueError, not a crash)."""
    return month_range(_add_months(period.start, -months_in(period)), period.start - timedelta(days=1))


def _add_months(first_day: date, months: int) -> date:
    """The first day of the month ``months`` after ``first_day``'s month (which must be a 1st)."""
    index = first_day.year * 12 + first_day.month - 1 + months
    if not 12 <= index < 12 * 10000:
        raise ValueError("that month is outside the calendar")
    return date(index // 12, index % 12 + 1, 1)
