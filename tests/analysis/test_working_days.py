"""Tests for analysis.working_days.

Every expected date below was worked out by hand from a printed calendar and the
GOV.UK list of England and Wales bank holidays, never by calling the code under test.
The comment on each case shows the count: "(1)" marks working day 1 after receipt,
"BH" a bank holiday, "w/e" a weekend. The day received is day 0.
"""

import random
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import working_days as wd
from analysis.working_days import (
    add_working_days,
    add_working_days_many,
    bank_holidays,
    deadline,
    deadline_many,
    in_time,
    in_time_many,
    is_working_day,
    working_days_between,
    working_days_between_many,
)

D = date


def test_statutory_limits():
    # 2006 Regulations, as summarised in docs/domain.md.
    assert wd.STAGE1 == 10
    assert wd.STAGE1_EXTENDED == 20
    assert wd.STAGE2 == 25
    assert wd.STAGE2_MAX == 65
    assert wd.STAGE3_PANEL == 30
    assert wd.STAGE3_PANEL_REPORT == 5
    assert wd.STAGE3_RESPONSE == 15


def test_no_flask_import():
    # In a clean interpreter (the test session itself may have imported Flask):
    # the analysis library must stay usable without the web app.
    code = "import analysis.working_days, sys; assert 'flask' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


# --- The bank holiday calendar ----------------------------------------------------------

# Weekday bank holidays in England and Wales, copied from GOV.UK's published lists
# (https://www.gov.uk/bank-holidays) — independent of the holidays package.
GOV_UK_WEEKDAY_BANK_HOLIDAYS = {
    2011: [
        D(2011, 1, 3),  # New Year's Day (substitute; 1 Jan was a Saturday)
        D(2011, 4, 22),  # Good Friday
        D(2011, 4, 25),  # Easter Monday
        D(2011, 4, 29),  # Royal wedding
        D(2011, 5, 2),  # Early May
        D(2011, 5, 30),  # Spring
        D(2011, 8, 29),  # Summer
        D(2011, 12, 26),  # Boxing Day
        D(2011, 12, 27),  # Christmas Day (substitute; 25 Dec was a Sunday)
    ],
    2012: [
        D(2012, 1, 2),  # New Year's Day (substitute; 1 Jan was a Sunday)
        D(2012, 4, 6),  # Good Friday
        D(2012, 4, 9),  # Easter Monday
        D(2012, 5, 7),  # Early May
        D(2012, 6, 4),  # Spring (moved)
        D(2012, 6, 5),  # Diamond Jubilee
        D(2012, 8, 27),  # Summer
        D(2012, 12, 25),  # Christmas Day
        D(2012, 12, 26),  # Boxing Day
    ],
    2020: [
        D(2020, 1, 1),
        D(2020, 4, 10),  # Good Friday
        D(2020, 4, 13),  # Easter Monday
        D(2020, 5, 8),  # Early May, moved to Friday for VE Day 75
        D(2020, 5, 25),
        D(2020, 8, 31),
        D(2020, 12, 25),
        D(2020, 12, 28),  # Boxing Day (substitute; 26 Dec was a Saturday)
    ],
    2021: [
        D(2021, 1, 1),
        D(2021, 4, 2),
        D(2021, 4, 5),
        D(2021, 5, 3),
        D(2021, 5, 31),
        D(2021, 8, 30),
        D(2021, 12, 27),  # Christmas Day (substitute; 25 Dec was a Saturday)
        D(2021, 12, 28),  # Boxing Day (substitute; 26 Dec was a Sunday)
    ],
    2022: [
        D(2022, 1, 3),  # New Year's Day (substitute)
        D(2022, 4, 15),
        D(2022, 4, 18),
        D(2022, 5, 2),
        D(2022, 6, 2),  # Spring (moved to Thursday)
        D(2022, 6, 3),  # Platinum Jubilee
        D(2022, 8, 29),
        D(2022, 9, 19),  # State funeral of Queen Elizabeth II
        D(2022, 12, 26),
        D(2022, 12, 27),  # Christmas Day (substitute; 25 Dec was a Sunday)
    ],
}


@pytest.mark.parametrize("year", sorted(GOV_UK_WEEKDAY_BANK_HOLIDAYS))
def test_bank_holidays_match_gov_uk(year):
    from_library = sorted(d for d in bank_holidays(year) if d.weekday() < 5)
    assert from_library == GOV_UK_WEEKDAY_BANK_HOLIDAYS[year]


def test_england_includes_easter_monday_and_august():
    # The reason for subdiv="ENG": the UK-wide list lacks these two.
    assert D(2012, 4, 9) in bank_holidays(2012)
    assert D(2012, 8, 27) in bank_holidays(2012)


def test_bank_holidays_year_range_is_cached():
    assert bank_holidays(2011, 2012) is bank_holidays(2011, 2012)
    assert bank_holidays(2011, 2012) == bank_holidays(2011) | bank_holidays(2012)
    with pytest.raises(ValueError):
        bank_holidays(2012, 2011)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2011, 12, 16), True),  # Friday
        (D(2011, 12, 17), False),  # Saturday
        (D(2011, 12, 18), False),  # Sunday
        (D(2011, 12, 26), False),  # Mon, Boxing Day
        (D(2011, 12, 27), False),  # Tue, Christmas Day substitute (25th was a Sunday)
        (D(2012, 1, 2), False),  # Mon, New Year's Day substitute (1st was a Sunday)
        (D(2021, 12, 27), False),  # Mon, Christmas substitute (25th was a Saturday)
        (D(2021, 12, 28), False),  # Tue, Boxing Day substitute (26th was a Sunday)
        (D(2021, 12, 29), True),  # Wednesday, ordinary
        (D(2020, 12, 28), False),  # Mon, Boxing Day substitute (26th was a Saturday)
        (D(2022, 1, 3), False),  # Mon, New Year's Day substitute (1st was a Saturday)
        (D(2012, 4, 6), False),  # Good Friday 2012
        (D(2012, 4, 9), False),  # Easter Monday 2012
        (D(2012, 4, 10), True),  # Tuesday after Easter
        (D(2022, 5, 30), True),  # last Monday in May 2022: NOT a holiday, moved to 2 June
        (D(2022, 6, 2), False),  # Thu, Spring bank holiday 2022
        (D(2022, 6, 3), False),  # Fri, Platinum Jubilee
        (D(2022, 9, 19), False),  # Mon, Queen's funeral
        (D(2020, 5, 4), True),  # first Monday in May 2020: NOT a holiday (moved to VE Day)
        (D(2020, 5, 8), False),  # Fri, VE Day 75
        (D(2011, 4, 29), False),  # Fri, royal wedding
        (datetime(2012, 4, 9, 15, 30), False),  # a datetime on a bank holiday is still a holiday
        (pd.Timestamp("2012-04-09 09:00"), False),  # so is a pandas Timestamp
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


def test_rejects_non_dates():
    with pytest.raises(TypeError):
        is_working_day("2012-04-09")


# --- Hand-worked deadlines -----------------------------------------------------------------

DEADLINE_CASES = [
    # Christmas and New Year 2011/12. Received Fri 16 Dec 2011.
    # Mon 19 (1), Tue 20 (2), Wed 21 (3), Thu 22 (4), Fri 23 (5), w/e 24-25,
    # Mon 26 BH Boxing Day, Tue 27 BH Christmas substitute, Wed 28 (6), Thu 29 (7),
    # Fri 30 (8), w/e 31 Dec-1 Jan, Mon 2 Jan BH New Year substitute, Tue 3 (9), Wed 4 (10).
    # (Tue 3 Jan would be the answer only if the day received counted as day 1.)
    pytest.param(D(2011, 12, 16), 10, D(2012, 1, 4), id="christmas-2011"),
    # Stage 1 extended across the same Christmas. Received Thu 1 Dec 2011.
    # Fri 2 (1); 5-9 Dec (2-6); 12-16 (7-11); 19-23 (12-16); 26, 27 BH;
    # 28 (17), 29 (18), 30 (19); Mon 2 Jan BH; Tue 3 Jan (20).
    pytest.param(D(2011, 12, 1), 20, D(2012, 1, 3), id="christmas-2011-extended"),
    # Christmas on a Saturday (2021). Received Fri 24 Dec 2021.
    # w/e 25-26, Mon 27 BH (Christmas subst.), Tue 28 BH (Boxing subst.), Wed 29 (1),
    # Thu 30 (2), Fri 31 (3), w/e 1-2 Jan, Mon 3 Jan BH (New Year subst.), Tue 4 (4),
    # Wed 5 (5), Thu 6 (6), Fri 7 (7), Mon 10 (8), Tue 11 (9), Wed 12 (10).
    pytest.param(D(2021, 12, 24), 10, D(2022, 1, 12), id="christmas-on-saturday-2021"),
    # Received on Christmas Day, Tue 25 Dec 2012 (a bank holiday): counting starts after it.
    # Wed 26 BH Boxing Day, Thu 27 (1), Fri 28 (2), w/e, Mon 31 (3), Tue 1 Jan BH,
    # Wed 2 (4), Thu 3 (5), Fri 4 (6), w/e, Mon 7 (7), Tue 8 (8), Wed 9 (9), Thu 10 (10).
    pytest.param(D(2012, 12, 25), 10, D(2013, 1, 10), id="received-christmas-day"),
    # Easter 2012 (Good Friday 6 April, Easter Monday 9 April). Received Thu 5 April.
    # Fri 6 BH, w/e, Mon 9 BH, Tue 10 (1), Wed 11 (2), Thu 12 (3), Fri 13 (4),
    # Mon 16 (5) ... Fri 20 (9), Mon 23 (10).
    pytest.param(D(2012, 4, 5), 10, D(2012, 4, 23), id="easter-2012"),
    # Received on Easter Monday itself: Tue 10 (1) ... same count as above -> Mon 23.
    pytest.param(D(2012, 4, 9), 10, D(2012, 4, 23), id="received-easter-monday"),
    # Stage 2 across Easter 2012. Received Mon 26 March.
    # 27-30 Mar (1-4), 2-5 Apr (5-8), Fri 6 BH, Mon 9 BH, 10-13 Apr (9-12),
    # 16-20 (13-17), 23-27 (18-22), Mon 30 (23), Tue 1 May (24), Wed 2 May (25).
    pytest.param(D(2012, 3, 26), 25, D(2012, 5, 2), id="stage2-easter-2012"),
    # Financial-year boundary with Easter. Received Fri 30 March 2012.
    # Mon 2 Apr (1), Tue 3 (2), Wed 4 (3), Thu 5 (4), Fri 6 BH, w/e, Mon 9 BH, Tue 10 (5).
    pytest.param(D(2012, 3, 30), 5, D(2012, 4, 10), id="31-march-easter-2012"),
    # Received Thu 31 March 2011 (Easter 2011 was later, 22-25 April).
    # Fri 1 Apr (1), Mon 4 (2) ... Fri 8 (6), Mon 11 (7), Tue 12 (8), Wed 13 (9), Thu 14 (10).
    pytest.param(D(2011, 3, 31), 10, D(2011, 4, 14), id="31-march-2011"),
    # Easter straddling 31 March (2016: Good Friday 25 March, Easter Monday 28 March).
    # Received Thu 24 March: Fri 25 BH, w/e, Mon 28 BH, Tue 29 (1), Wed 30 (2),
    # Thu 31 (3), Fri 1 Apr (4), Mon 4 Apr (5).
    pytest.param(D(2016, 3, 24), 5, D(2016, 4, 4), id="easter-across-year-end-2016"),
    # Easter, royal wedding and early May 2011 together. Received Thu 21 April.
    # Fri 22 BH (Good Friday), w/e, Mon 25 BH (Easter Monday), Tue 26 (1), Wed 27 (2),
    # Thu 28 (3), Fri 29 BH (royal wedding), w/e, Mon 2 May BH (early May), Tue 3 (4),
    # Wed 4 (5), Thu 5 (6), Fri 6 (7), Mon 9 (8), Tue 10 (9), Wed 11 (10).
    pytest.param(D(2011, 4, 21), 10, D(2011, 5, 11), id="royal-wedding-2011"),
    # Early May bank holiday 2021 (Mon 3 May). Received Fri 30 April.
    # w/e, Mon 3 BH, Tue 4 (1) ... Fri 7 (4), Mon 10 (5) ... Fri 14 (9), Mon 17 (10).
    pytest.param(D(2021, 4, 30), 10, D(2021, 5, 17), id="early-may-2021"),
    # Early May 2020 moved to Fri 8 May (VE Day). Received Thu 7 May:
    # Fri 8 BH, w/e, Mon 11 (1).
    pytest.param(D(2020, 5, 7), 1, D(2020, 5, 11), id="ve-day-2020"),
    # Platinum Jubilee 2022 (Thu 2 and Fri 3 June). Received Wed 1 June.
    # Thu 2 BH, Fri 3 BH, w/e, Mon 6 (1) ... Fri 10 (5), Mon 13 (6) ... Fri 17 (10).
    pytest.param(D(2022, 6, 1), 10, D(2022, 6, 17), id="platinum-jubilee-2022"),
    # Stage 3 panel across the Diamond Jubilee (Mon 4 and Tue 5 June 2012). Received Mon 28 May.
    # Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 1 Jun (4), Mon 4 BH, Tue 5 BH, Wed 6 (5),
    # Thu 7 (6), Fri 8 (7), 11-15 (8-12), 18-22 (13-17), 25-29 (18-22), 2-6 Jul (23-27),
    # Mon 9 (28), Tue 10 (29), Wed 11 Jul (30).
    pytest.param(D(2012, 5, 28), 30, D(2012, 7, 11), id="stage3-diamond-jubilee-2012"),
    # Late August bank holiday 2022 (Mon 29 Aug). Received Fri 26 Aug.
    # w/e, Mon 29 BH, Tue 30 (1), Wed 31 (2), Thu 1 Sep (3), Fri 2 (4), Mon 5 (5) ...
    # Fri 9 (9), Mon 12 Sep (10).
    pytest.param(D(2022, 8, 26), 10, D(2022, 9, 12), id="late-august-2022"),
    # Queen's funeral (Mon 19 Sep 2022). Received Fri 16 Sep: w/e, Mon 19 BH, Tue 20 (1).
    pytest.param(D(2022, 9, 16), 1, D(2022, 9, 20), id="queens-funeral-1-day"),
    # Same receipt, 10 days: Tue 20 (1) ... Fri 23 (4), Mon 26 (5) ... Fri 30 (9), Mon 3 Oct (10).
    pytest.param(D(2022, 9, 16), 10, D(2022, 10, 3), id="queens-funeral-2022"),
    # Stage 2 across the funeral. Received Fri 2 Sep 2022.
    # 5-9 Sep (1-5), 12-16 (6-10), Mon 19 BH, 20-23 (11-14), 26-30 (15-19),
    # 3-7 Oct (20-24), Mon 10 Oct (25).
    pytest.param(D(2022, 9, 2), 25, D(2022, 10, 10), id="stage2-queens-funeral-2022"),
    # Received on a Saturday, 8 Jan 2022: Mon 10 (1) ... Fri 14 (5), Mon 17 (6) ... Fri 21 (10).
    pytest.param(D(2022, 1, 8), 10, D(2022, 1, 21), id="received-saturday"),
    # Received the Friday before, 7 Jan 2022: the same count -> Fri 21.
    pytest.param(D(2022, 1, 7), 10, D(2022, 1, 21), id="received-friday-before-saturday"),
    # Stage 2 maximum, no holidays in range (Good Friday 2022 is 15 April). Received Mon 10 Jan.
    # 11-14 Jan (1-4), 17-21 (5-9), 24-28 (10-14), Mon 31 (15); Feb 1-4 (16-19), 7-11 (20-24),
    # 14-18 (25-29), 21-25 (30-34), Mon 28 (35); Mar 1-4 (36-39), 7-11 (40-44),
    # 14-18 (45-49), 21-25 (50-54), 28-31 (55-58); Fri 1 Apr (59), 4-8 Apr (60-64), Mon 11 Apr (65).
    pytest.param(D(2022, 1, 10), 65, D(2022, 4, 11), id="stage2-max-2022"),
    # Day 0 is the day received.
    pytest.param(D(2022, 1, 10), 0, D(2022, 1, 10), id="zero-days"),
    pytest.param(D(2022, 1, 8), 0, D(2022, 1, 8), id="zero-days-saturday"),
]


@pytest.mark.parametrize(("received", "days", "expected"), DEADLINE_CASES)
def test_deadline_hand_worked(received, days, expected):
    assert deadline(received, days) == expected
    assert add_working_days(received, days) == expected
    if days:
        # The deadline is itself a working day, and exactly `days` working days on.
        assert is_working_day(expected)
        assert working_days_between(received, expected) == days


@pytest.mark.parametrize(("received", "days", "expected"), DEADLINE_CASES)
def test_deadline_many_hand_worked(received, days, expected):
    got = deadline_many([received], days)
    assert got.dtype == np.dtype("datetime64[D]")
    assert got[0] == np.datetime64(expected)


def test_add_working_days_refuses_negative():
    with pytest.raises(ValueError):
        add_working_days(D(2022, 1, 10), -1)
    with pytest.raises(ValueError):
        add_working_days_many([D(2022, 1, 10)], -1)


def test_add_working_days_accepts_datetime():
    # A datetime on Easter Monday is treated as that date.
    assert add_working_days(datetime(2012, 4, 5, 17, 0), 1) == D(2012, 4, 10)


# --- Hand-worked counts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Same day: nothing after start.
        pytest.param(D(2012, 1, 4), D(2012, 1, 4), 0, id="same-day"),
        # End before start.
        pytest.param(D(2012, 1, 4), D(2012, 1, 3), 0, id="end-before-start"),
        # Fri -> Sat: no working day after Friday up to Saturday.
        pytest.param(D(2022, 1, 7), D(2022, 1, 8), 0, id="fri-to-sat"),
        # Fri -> Mon 10 Jan 2022: Mon (1).
        pytest.param(D(2022, 1, 7), D(2022, 1, 10), 1, id="fri-to-mon"),
        # Fri 16 Sep -> Tue 20 Sep 2022: Mon 19 is the funeral, Tue 20 (1).
        pytest.param(D(2022, 9, 16), D(2022, 9, 20), 1, id="over-funeral"),
        # Fri 16 Dec 2011 -> Tue 3 Jan 2012: (see christmas-2011 above) 9.
        pytest.param(D(2011, 12, 16), D(2012, 1, 3), 9, id="christmas-2011-day-before"),
        # Fri 23 Dec 2011 -> Mon 2 Jan 2012: 26, 27 BH, 28 (1), 29 (2), 30 (3), w/e, 2 BH -> 3.
        pytest.param(D(2011, 12, 23), D(2012, 1, 2), 3, id="christmas-week-2011"),
        # Sat 8 Jan 2022 -> Sun 9 Jan: 0.
        pytest.param(D(2022, 1, 8), D(2022, 1, 9), 0, id="weekend-only"),
        # Whole year 2022, from Fri 31 Dec 2021 to Sat 31 Dec 2022: 2022 has 365 days,
        # 1 Jan is a Saturday so 52 weeks + 1 day (Sat 31 Dec) -> 260 weekdays,
        # minus 10 weekday bank holidays (GOV.UK list above) = 250.
        pytest.param(D(2021, 12, 31), D(2022, 12, 31), 250, id="year-2022"),
    ],
)
def test_working_days_between_hand_worked(start, end, expected):
    assert working_days_between(start, end) == expected
    assert working_days_between_many([start], [end])[0] == expected


# --- In time -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "responded", "allowed", "expected"),
    [
        # Deadline Wed 4 Jan 2012 (christmas-2011 above): on the day is in time ...
        pytest.param(D(2011, 12, 16), D(2012, 1, 4), 10, True, id="on-deadline"),
        # ... a day later is not.
        pytest.param(D(2011, 12, 16), D(2012, 1, 5), 10, False, id="day-after-deadline"),
        pytest.param(D(2011, 12, 16), D(2012, 1, 3), 10, True, id="day-before-deadline"),
        # Same day as receipt.
        pytest.param(D(2011, 12, 16), D(2011, 12, 16), 10, True, id="same-day"),
        # Deadline Fri 21 Jan 2022 (received-friday-before-saturday). A reply on Sat 22 Jan
        # is late even though it has used no extra working day.
        pytest.param(D(2022, 1, 7), D(2022, 1, 21), 10, True, id="friday-deadline"),
        pytest.param(D(2022, 1, 7), D(2022, 1, 22), 10, False, id="saturday-after-friday-deadline"),
        # Extended stage 1: deadline Tue 3 Jan 2012 (christmas-2011-extended).
        pytest.param(D(2011, 12, 1), D(2012, 1, 3), 20, True, id="extended-on-deadline"),
        pytest.param(D(2011, 12, 1), D(2012, 1, 4), 20, False, id="extended-late"),
        # Queen's funeral: received Fri 16 Sep 2022, 10 days -> Mon 3 Oct.
        pytest.param(D(2022, 9, 16), D(2022, 10, 3), 10, True, id="funeral-on-deadline"),
        pytest.param(D(2022, 9, 16), D(2022, 10, 4), 10, False, id="funeral-late"),
    ],
)
def test_in_time_hand_worked(received, responded, allowed, expected):
    assert in_time(received, responded, allowed) is expected
    assert in_time_many([received], [responded], allowed).tolist() == [expected]


def test_in_time_many_per_row_limits_and_missing():
    received = pd.Series([D(2011, 12, 16), D(2011, 12, 1), D(2011, 12, 16), None, D(2022, 1, 7)])
    responded = pd.Series([D(2012, 1, 4), D(2012, 1, 3), None, D(2012, 1, 4), pd.NaT], dtype=object)
    allowed = pd.Series([10, 20, 10, 10, 10])
    # Missing receipt or response -> False (not completed in time).
    assert in_time_many(received, responded, allowed).tolist() == [True, True, False, False, False]


def test_deadline_many_accepts_datetime64_series_and_missing():
    received = pd.to_datetime(pd.Series(["2011-12-16 14:30", None, "2022-09-16 09:00"]))
    got = deadline_many(received, [10, 10, 1])
    assert got[0] == np.datetime64("2012-01-04")
    assert np.isnat(got[1])
    assert got[2] == np.datetime64("2022-09-20")


def test_working_days_between_many_refuses_missing():
    with pytest.raises(ValueError, match="missing"):
        working_days_between_many([D(2022, 1, 7), None], [D(2022, 1, 10), D(2022, 1, 10)])


# --- Scalar and vectorised agree on random data ----------------------------------------------


def _brute_force_between(start: date, end: date) -> int:
    """Count working days in (start, end] one day at a time, the definition itself."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count


def _random_dates(rng: random.Random, n: int, first: date, last: date) -> list[date]:
    span = (last - first).days
    return [first + timedelta(days=rng.randrange(span + 1)) for _ in range(n)]


def test_between_matches_brute_force():
    rng = random.Random(20111216)
    starts = _random_dates(rng, 400, D(2009, 1, 1), D(2024, 12, 31))
    for start in starts:
        end = start + timedelta(days=rng.randrange(-10, 200))
        assert working_days_between(start, end) == _brute_force_between(start, end), (start, end)


def test_vectorised_agrees_with_scalar_on_random_dates():
    rng = random.Random(1989)
    n = 5000
    starts = _random_dates(rng, n, D(2008, 1, 1), D(2025, 12, 31))
    ends = [s + timedelta(days=rng.randrange(-30, 400)) for s in starts]
    allowed = [rng.choice([0, 1, 5, 10, 15, 20, 25, 30, 65]) for _ in range(n)]

    between = working_days_between_many(pd.Series(starts), pd.Series(ends))
    assert between.tolist() == [working_days_between(s, e) for s, e in zip(starts, ends, strict=True)]

    deadlines = deadline_many(pd.Series(starts), np.array(allowed))
    expected = [deadline(s, a) for s, a in zip(starts, allowed, strict=True)]
    assert deadlines.tolist() == expected

    on_time = in_time_many(pd.Series(starts), pd.Series(ends), pd.Series(allowed))
    assert on_time.tolist() == [in_time(s, e, a) for s, e, a in zip(starts, ends, allowed, strict=True)]


def test_add_then_count_round_trips():
    rng = random.Random(2006)
    for start in _random_dates(rng, 300, D(2010, 1, 1), D(2023, 12, 31)):
        n = rng.randrange(1, 70)
        end = add_working_days(start, n)
        assert working_days_between(start, end) == n
        assert is_working_day(end)
        # The day before the deadline has used fewer than n working days.
        assert working_days_between(start, end - timedelta(days=1)) == n - 1


def test_long_deadline_crosses_several_years():
    # The vectorised version must load holidays for the years the deadline reaches,
    # not only the years of the start dates.
    start = D(2021, 12, 20)
    assert deadline_many([start], 600)[0] == np.datetime64(deadline(start, 600))


def test_many_functions_accept_empty_and_all_missing_columns():
    assert in_time_many([], [], 10).tolist() == []
    assert working_days_between_many([], []).tolist() == []
    assert deadline_many(pd.Series([], dtype="datetime64[ns]"), []).tolist() == []
    assert in_time_many([None], [None], 10).tolist() == [False]
    assert np.isnat(deadline_many([None, None], 10)).all()
