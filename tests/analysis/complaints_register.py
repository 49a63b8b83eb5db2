"""A small hand-made complaints register for the annual report tests, and a large
generated one for measuring speed.

The report year is 2011 (2011/12: 1 April 2011 to 31 March 2012). Bank holidays
that matter below: Good Friday 22 and Easter Monday 25 April 2011, the royal wedding
29 April 2011, 2 May, 30 May and 29 August 2011, 26 and 27 December 2011, 2 January
2012, Good Friday 6 and Easter Monday 9 April 2012. "(10)" marks working day 10 after
receipt (day 0); each stage response's verdict is worked out in its comment.

Run ``python -m tests.analysis.complaints_register`` to time the report on 100,000
generated representations.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from analysis.complaints import REGISTER_COLUMNS, ComplaintsSetup

NS, SS, YOS = "Neighbourhood Services", "Specialist Services", "Youth Offending Service"
CATEGORIES = (
    "Communication",
    "Finance",
    "Management",
    "Conduct",
    "Service",
    "Protection",
    "Environment",
    "Discrimination",
    "Other",
)
METHODS = ("Form", "Letter", "In person", "Email", "Telephone", "Text", "Online")
SETUP = ComplaintsSetup(services=(NS, SS, YOS), categories=CATEGORIES, contact_methods=METHODS)

#: A register row as the report reads it, with the reference the test rows are known by.
COLUMNS = ("reference", *REGISTER_COLUMNS)

# fmt: off
ROWS = [
    # --- complaints received in 2011/12 -----------------------------------------------------------------------------
    # Fri 1 Apr 2011 (first day of the year). Stage 1 deadline Fri 15 Apr (10): answered on it, in time.
    ("C01", "complaint", "2011-04-01", NS, "Communication", "child", "Form", True, "White", "No",
     "2011-04-15", False, None, None, None, "Upheld"),
    # Thu 14 Apr: 15 (1), 18-21 (2-5), 22 and 25 Apr BH, 26-28 (6-8), 29 Apr and 2 May BH, 3 May (9), 4 May (10).
    # Answered Thu 5 May: late by one working day.
    ("C02", "complaint", "2011-04-14", NS, "Conduct", "parent", "Letter", None, "Mixed", "Yes",
     "2011-05-05", False, None, None, None, "Not upheld"),
    # Fri 20 May, extended: 23-27 May (1-5), 30 May BH, 31 May-3 Jun (6-9), 6-10 (10-14), 13-17 (15-19), 20 Jun (20).
    # Answered 20 Jun: in time (late without the extension, whose deadline was 6 Jun).
    ("C03", "complaint", "2011-05-20", SS, "Communication", "child", "Email", False, "Black", "No",
     "2011-06-20", True, None, None, None, "Partly upheld"),
    # Thu 25 Aug: 26 (1), 29 Aug BH, 30 Aug-2 Sep (2-5), 5-9 Sep (6-10): answered Fri 9 Sep, in time.
    # Stage 2 from Tue 20 Sep: 21-23 (1-3), 26-30 (4-8), 3-7 Oct (9-13), 10-14 (14-18), 17-21 (19-23), 24 (24),
    # Tue 25 Oct (25). Answered 26 Oct: late.
    ("C04", "complaint", "2011-08-25", SS, "Service", "relative", "Telephone", None, "White", "No",
     "2011-09-09", False, "2011-09-20", "2011-10-26", None, "Not upheld"),
    # Tue 1 Nov, answered 10 Nov: in time (deadline 15 Nov).
    # Stage 2 from Thu 1 Dec extended to 40: 2 Dec (1), 5-9 (2-6), 12-16 (7-11), 19-23 (12-16), 26-27 Dec BH,
    # 28-30 (17-19), 2 Jan BH, 3-6 Jan (20-23), 9-13 (24-28), 16-20 (29-33), 23-27 (34-38), 30 (39), Tue 31 Jan (40).
    # Answered Mon 30 Jan: in time (without the extension the deadline was Tue 10 Jan).
    ("C05", "complaint", "2011-11-01", NS, "Service", "carer", "In person", None, "Asian", "Not stated",
     "2011-11-10", False, "2011-12-01", "2012-01-30", 40, "Upheld"),
    # Sat 31 Mar 2012 (last day of the year), service not established, nothing recorded about the service user.
    # Mon 2 Apr (1), 3-5 (2-4), 6 and 9 Apr BH, 10-13 (5-8), 16 (9), Tue 17 Apr (10): answered 17 Apr, in time.
    ("C06", "complaint", "2012-03-31", None, "Communication", "parent", "Email", None, None, None,
     "2012-04-17", False, None, None, None, "Withdrawn"),
    # Still open: no response, no outcome.
    ("C07", "complaint", "2011-07-04", NS, "Finance", "child", "Text", True, "White", "Yes",
     None, False, None, None, None, None),
    # Mon 10 Oct: deadline Mon 24 Oct, answered 24 Oct: in time.
    ("C08", "complaint", "2011-10-10", SS, "Other", "professional", "Online", None, "Other ethnic group", "No",
     "2011-10-24", False, None, None, None, "Partly upheld"),
    # Mon 16 Jan 2012: deadline Mon 30 Jan, answered Wed 1 Feb: late.
    ("C09", "complaint", "2012-01-16", NS, "Communication", "child", "Telephone", False, "White", "No",
     "2012-02-01", False, None, None, None, "Not upheld"),
    # Thu 15 Sep, answered Tue 20 Sep: in time.
    ("C10", "complaint", "2011-09-15", SS, "Conduct", "child", "Form", True, "Mixed", "No",
     "2011-09-20", False, None, None, None, "Upheld"),
    # Mon 5 Dec, answered Mon 12 Dec: in time (deadline 19 Dec).
    # Stage 2 from Thu 15 Dec: 16 (1), 19-23 (2-6), 26-27 Dec BH, 28-30 (7-9), 2 Jan BH, 3-6 (10-13), 9-13 (14-18),
    # 16-20 (19-23), 23 (24), Tue 24 Jan (25). Answered Wed 25 Jan: late by one working day.
    ("C11", "complaint", "2011-12-05", SS, "Protection", "child", "Letter", True, "Black", "Yes",
     "2011-12-12", False, "2011-12-15", "2012-01-25", None, "Upheld"),
    # --- complaints of other years ----------------------------------------------------------------------------------
    # Thu 31 Mar 2011: last year, although answered in 2011/12.
    ("P01", "complaint", "2011-03-31", NS, "Communication", "parent", "Letter", None, "White", "No",
     "2011-04-05", False, None, None, None, "Upheld"),
    ("P02", "complaint", "2010-06-01", SS, "Service", "child", "Form", None, "White", "No",
     "2010-06-10", False, None, None, None, "Not upheld"),
    ("P03", "complaint", "2010-09-01", NS, "Conduct", "other", "Email", None, "Black", "No",
     "2010-09-10", False, None, None, None, "Not upheld"),
    ("P04", "complaint", "2010-11-01", YOS, "Management", "child", "Form", None, "White", "No",
     None, False, None, None, None, None),
    # Sun 1 Apr 2012: next year.
    ("N01", "complaint", "2012-04-01", NS, "Communication", "child", "Form", True, "White", "No",
     "2012-04-10", False, None, None, None, "Upheld"),
    # --- compliments ------------------------------------------------------------------------------------------------
    ("K01", "compliment", "2011-04-01", YOS, None, "parent", "Letter", None, None, None,
     None, False, None, None, None, None),
    ("K02", "compliment", "2011-12-12", NS, None, "child", "Form", None, None, None,
     None, False, None, None, None, None),
    ("K03", "compliment", "2012-03-31", SS, None, "carer", "Email", None, None, None,
     None, False, None, None, None, None),
    ("K04", "compliment", "2011-06-06", None, None, "other", "Telephone", None, None, None,
     None, False, None, None, None, None),
    ("K05", "compliment", "2010-05-05", NS, None, "parent", "Letter", None, None, None,
     None, False, None, None, None, None),
    ("K06", "compliment", "2012-04-01", SS, None, "parent", "Letter", None, None, None,
     None, False, None, None, None, None),
    # --- comments ---------------------------------------------------------------------------------------------------
    ("M01", "comment", "2011-05-05", SS, None, "child", "Online", None, None, None,
     None, False, None, None, None, None),
    ("M02", "comment", "2011-08-08", NS, None, "parent", "Email", None, None, None,
     None, False, None, None, None, None),
    ("M03", "comment", "2011-03-31", NS, None, "parent", "Email", None, None, None,
     None, False, None, None, None, None),
    ("M04", "comment", "2012-04-01", None, None, "other", "Email", None, None, None,
     None, False, None, None, None, None),
]
# fmt: on

DATE_COLUMNS = ("received_on", "stage1_responded_on", "stage2_started_on", "stage2_responded_on")


def register(dates: str = "iso") -> pd.DataFrame:
    """The hand-made register, its dates as ISO text (``"iso"``), Python dates
    (``"date"``) or datetime64 columns (``"datetime64"``)."""
    frame = pd.DataFrame(ROWS, columns=list(COLUMNS), dtype=object)
    for column in DATE_COLUMNS:
        if dates == "date":
            frame[column] = [None if v is None else date.fromisoformat(v) for v in frame[column]]
        elif dates == "datetime64":
            frame[column] = pd.to_datetime(frame[column])
    return frame


def population() -> pd.DataFrame:
    rows = [
        (2011, "ethnicity", "White", 50),
        (2011, "ethnicity", "Mixed", 10),
        (2011, "ethnicity", "Asian", 8),
        (2011, "ethnicity", "Black", 6),
        (2011, "ethnicity", "Other Ethnic Group", 4),  # case as in the Coventry report
        (2011, "ethnicity", "Not stated", 2),
        (2011, "disability", "Yes", 10),
        (2011, "disability", "No", 60),
        (2011, "disability", "Not stated", 10),
        # Another year's figures, to be ignored.
        (2010, "ethnicity", "White", 999),
        (2010, "disability", "Yes", 999),
    ]
    return pd.DataFrame(rows, columns=["year", "dimension", "group", "count"])


def generated_register(n: int, *, seed: int = 1) -> pd.DataFrame:
    """``n`` random representations over three financial years (2010/11 to 2012/13),
    dates as Python dates (as the database hands them over)."""
    rng = random.Random(seed)
    start = date(2010, 4, 1)
    services = [*SETUP.services, "Strategic Services", None]
    rows = []
    for i in range(n):
        received = start + timedelta(days=rng.randrange(3 * 365))
        kind = rng.choices(["complaint", "compliment", "comment"], [6, 3, 1])[0]
        s1 = received + timedelta(days=rng.randrange(1, 40)) if rng.random() < 0.9 else None
        s2_start = s1 + timedelta(days=rng.randrange(1, 20)) if s1 and rng.random() < 0.2 else None
        s2 = s2_start + timedelta(days=rng.randrange(10, 90)) if s2_start and rng.random() < 0.8 else None
        rows.append(
            (
                f"R{i:06d}",
                kind,
                received,
                rng.choice(services),
                rng.choice(CATEGORIES),
                rng.choice(["child", "parent", "carer", "relative", "advocate", "professional", "other"]),
                rng.choice(METHODS),
                rng.choice([True, False, None]),
                rng.choice(["White", "Mixed", "Asian", "Black", "Other ethnic group", "Not stated", None]),
                rng.choice(["Yes", "No", "Not stated", None]),
                s1,
                rng.random() < 0.1,
                s2_start,
                s2,
                rng.choice([None, None, None, 40, 65]),
                rng.choice(["Upheld", "Partly upheld", "Not upheld", "Withdrawn", None]),
            )
        )
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


def _time_report(n: int = 100_000, repeats: int = 5) -> None:
    import time

    from analysis.complaints import complaints_report

    frame = generated_register(n)
    people = population()
    complaints_report(frame, people, SETUP, 2011, authority="Test")  # warm the holiday calendars
    timings = []
    for _ in range(repeats):
        began = time.perf_counter()
        complaints_report(frame, people, SETUP, 2011, authority="Test")
        timings.append(time.perf_counter() - began)
    print(f"{n} representations: best {min(timings):.3f} s, median {sorted(timings)[len(timings) // 2]:.3f} s")


if __name__ == "__main__":
    _time_report()
