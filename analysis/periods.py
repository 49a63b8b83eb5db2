"""Reporting periods: financial years (1 April to 31 March, labelled ``2011/12``),
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
