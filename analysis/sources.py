"""Reading what the reports need from the database: one query each, no ORM.

These take a SQLAlchemy ``Connection`` (or ``Engine``) and return pandas frames, so
the command line, the staff pages and the benchmarks read the same way. Tables are
named here, not imported from the web app, to keep this library free of Flask.

Speed: rows are read through the database driver's own cursor, not as SQLAlchemy
``Row`` objects, which cost as much again as the reading itself (bench/reports.py).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine

from analysis.complaints import REGISTER_COLUMNS
from analysis.periods import Period, financial_year

#: The context a satisfaction summary breaks responses down by.
RESPONSE_GROUP = ["definition_version", "variant", "meeting_type", "team", "language"]

# One row per combination of version and context (a handful), with how many responses
# it has and all their fixed-width choice codes joined end to end: the database does
# the grouping and hands over a few long strings instead of a million short rows. It
# reads the covering index ix_responses_report only (feedback_app/models.py).
_RESPONSES = (
    "SELECT definition_version, variant, meeting_type, team, language, COUNT(*), {join_codes} FROM responses "
    "WHERE questionnaire = {p} AND submitted_on BETWEEN {p} AND {p} "
    "GROUP BY definition_version, variant, meeting_type, team, language"
)
_JOIN_CODES = {"sqlite": "group_concat(choices, '')", "postgresql": "string_agg(choices, '')"}

REPRESENTATION_COLUMNS = list(REGISTER_COLUMNS)
_REPRESENTATIONS = (f"SELECT {', '.join(REPRESENTATION_COLUMNS)} FROM representations "  # noqa: S608 (constants)
                    "WHERE received_on BETWEEN {p} AND {p} AND voided_on IS NULL")  # void: recorded in error
_POPULATION = 'SELECT year, dimension, "group", count FROM population WHERE year = {p}'


def response_rows(connection: Connection | Engine, slug: str, period: Period) -> pd.DataFrame:
    """The responses to ``slug`` submitted in ``period``, grouped by version and context:
    columns ``definition_version``, ``variant``, ``meeting_type``, ``team``, ``language``, ``responses``
    (how many) and ``choices`` (their codes end to end) — the input of
    :func:`analysis.responses.decode`. Responses with no choice code (to a
    questionnaire this code base no longer has) cannot be reported and are refused."""
    rows = _read(connection, _RESPONSES, slug, period.start, period.end,
                 join_codes=_JOIN_CODES[_dialect(connection)])
    frame = pd.DataFrame(rows, columns=[*RESPONSE_GROUP, "responses", "choices"])
    if frame["choices"].isna().any():
        raise ValueError(f"some responses to {slug} have no choice code")
    return frame


def representations(connection: Connection | Engine, first_day: date, last_day: date) -> pd.DataFrame:
    """Every representation received between the two days (both included), except those
    void (recorded in error: they count in no statistic). Dates come as
    the driver gives them (ISO text from SQLite, dates from PostgreSQL)."""
    return pd.DataFrame(_read(connection, _REPRESENTATIONS, first_day, last_day), columns=REPRESENTATION_COLUMNS)


def representations_for_year(connection: Connection | Engine, year: int) -> pd.DataFrame:
    """This financial year's representations and last year's (for the comparison columns)."""
    return representations(connection, financial_year(year - 1).start, financial_year(year).end)


def population(connection: Connection | Engine, year: int) -> pd.DataFrame:
    return pd.DataFrame(_read(connection, _POPULATION, year), columns=["year", "dimension", "group", "count"])


def _dialect(connection: Connection | Engine) -> str:
    return connection.dialect.name


def _read(connection: Connection | Engine, sql: str, *parameters, **parts) -> list[tuple]:
    """Run ``sql`` (with ``{p}`` for each parameter) on the driver's cursor."""
    if isinstance(connection, Engine):
        with connection.connect() as opened:
            return _read(opened, sql, *parameters, **parts)
    sqlite = _dialect(connection) == "sqlite"
    # SQLite keeps dates as ISO text; PostgreSQL's driver adapts date objects itself.
    values = tuple(value.isoformat() if sqlite and isinstance(value, date) else value for value in parameters)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql.format(p="?" if sqlite else "%s", **parts), values)
        return cursor.fetchall()
    finally:
        cursor.close()
