"""Tests for analysis.periods: whole months released once they are over."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.periods import (
    EARLIEST_DAY,
    default_released_period,
    financial_year,
    latest_day,
    month_range,
    previous_months,
    released_months,
)

TODAY = date(2026, 11, 30)


def test_days_are_widened_to_whole_months():
    period = released_months(date(2012, 1, 17), date(2012, 1, 17), TODAY)
    assert (period.start, period.end, period.label) == (date(2012, 1, 1), date(2012, 1, 31), "January 2012")
    period = released_months(date(2011, 12, 5), date(2012, 2, 3), TODAY)
    assert (period.start, period.end, period.label) == (date(2011, 12, 1), date(2012, 2, 29),
                                                        "December 2011 to February 2012")


def test_this_month_is_never_counted():
    assert released_months(date(2026, 11, 1), date(2026, 11, 30), TODAY) is None
    period = released_months(date(2026, 10, 15), date(2026, 12, 31), TODAY)
    assert (period.start, period.end) == (date(2026, 10, 1), date(2026, 10, 31))
    # The last day of a month: that month is not over until the next day.
    assert released_months(date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 30)) is None
    assert released_months(date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1)).label == "November 2026"


def test_the_default_is_this_financial_years_months_that_are_over():
    assert default_released_period(TODAY).label == "April to October 2026"
    assert default_released_period(date(2026, 4, 20)) == financial_year(2025)  # none over yet: last year
    assert default_released_period(date(2026, 5, 1)).label == "April 2026"


def test_the_period_before_has_as_many_whole_months():
    assert previous_months(month_range(date(2012, 1, 1), date(2012, 1, 31))).label == "December 2011"
    assert previous_months(month_range(date(2011, 12, 1), date(2012, 2, 29))).label == "September to November 2011"
    assert previous_months(financial_year(2011)) == financial_year(2010)


def test_the_widest_period_a_person_may_type_has_a_period_before_it():
    period = released_months(EARLIEST_DAY, latest_day(TODAY), TODAY)
    assert (period.start, period.end) == (date(2000, 1, 1), date(2026, 10, 31))
    assert previous_months(period).start == date(1973, 3, 1)
    assert released_months(date(1, 1, 1), date(9999, 12, 31), TODAY).end == date(2026, 10, 31)
    with pytest.raises(ValueError, match="outside the calendar"):
        previous_months(released_months(date(1, 1, 1), date(9999, 12, 31), TODAY))
