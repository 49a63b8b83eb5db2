"""Reading what the reports need from the database: one query each, no ORM.

These take a SQLAlchemy ``Connection`` (or ``Engine``) and return pandas frames, so
the command line, the staff pages and the benchmarks read the same way. Tables are
named here, not imported from the web app, to keep this library free of Flask.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, Date, Engine, bindparam, text

from analysis.periods import Period, financial_year

RESPONSE_COLUMNS = ["definition_version", "variant", "meeting_type", "team", "choices"]

# Reads the covering index ix_responses_report only (see feedback_app/models.py).
_RESPONSES = text(
    "SELECT definition_version, variant, meeting_type, team, choices FROM responses "
    "WHERE questionnaire = :slug AND submitted_on BETWEEN :start AND :end"
).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date))

REPRESENTATION_COLUMNS = [
    "reference", "kind", "received_on", "service_area", "category", "made_by", "contact_method", "procedure",
    "advocate", "service_user_ethnicity", "service_user_disability", "stage1_responded_on", "stage1_extended",
    "stage2_started_on", "stage2_responded_on", "stage2_extended_to", "stage3_requested_on", "stage3_panel_on",
    "stage3_responded_on", "outcome",
]
_REPRESENTATIONS = text(
    f"SELECT {', '.join(REPRESENTATION_COLUMNS)} FROM representations "  # noqa: S608 (constant names)
    "WHERE received_on BETWEEN :start AND :end"
).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date))

_POPULATION = text('SELECT year, dimension, "group", count FROM population WHERE year = :year')


def response_rows(connection: Connection | Engine, slug: str, period: Period) -> pd.DataFrame:
    """One row per response to ``slug`` submitted in ``period``: the input of
    :func:`analysis.responses.decode`. Responses with no choice code (a
    questionnaire this code base no longer has) cannot be reported and are refused."""
    rows = _all(connection, _RESPONSES, slug=slug, start=period.start, end=period.end)
    frame = pd.DataFrame.from_records(rows, columns=RESPONSE_COLUMNS)
    if frame["choices"].isna().any():
        raise ValueError(f"{int(frame['choices'].isna().sum())} responses to {slug} have no choice code")
    return frame


def representations(connection: Connection | Engine, first_day: date, last_day: date) -> pd.DataFrame:
    """Every representation received between the two days (both included)."""
    rows = _all(connection, _REPRESENTATIONS, start=first_day, end=last_day)
    return pd.DataFrame.from_records(rows, columns=REPRESENTATION_COLUMNS)


def representations_for_year(connection: Connection | Engine, year: int) -> pd.DataFrame:
    """This financial year's representations and last year's (for the comparison columns)."""
    return representations(connection, financial_year(year - 1).start, financial_year(year).end)


def population(connection: Connection | Engine, year: int) -> pd.DataFrame:
    rows = _all(connection, _POPULATION, year=year)
    return pd.DataFrame.from_records(rows, columns=["year", "dimension", "group", "count"])


def _all(connection: Connection | Engine, statement, **parameters) -> list[tuple]:
    if isinstance(connection, Engine):
        with connection.connect() as opened:
            return _all(opened, statement, **parameters)
    return [tuple(row) for row in connection.execute(statement, parameters)]
