"""Building a report for this deployment: read the data, count, protect if asked.

The command line and the staff pages both come here, so a file made from either is
the same report.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from analysis.complaints import ComplaintsSetup, complaints_report
from analysis.disclosure import protect_report
from analysis.periods import Period, financial_year_of, previous_months, released_months
from analysis.responses import decode
from analysis.satisfaction import PREVIOUS_PCT, satisfaction_report
from analysis.small_groups import TooFew, protect_small_groups, selection, selection_problem, withhold_column
from analysis.sources import population, representations_for_year, response_rows
from analysis.tables import Report
from feedback_app import privacy
from feedback_app.builder.store import codebook_for
from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.invitations.codes import MEETING_TYPES
from forms.i18n import names_in_english
from forms.model import Questionnaire


def _deployment() -> dict:
    return current_app.config["DEPLOYMENT"]


def authority_name() -> str:
    return (_deployment().get("authority") or {}).get("name", "")


def questionnaires() -> dict[str, Questionnaire]:
    return current_app.extensions["questionnaires"]


def complaints_setup() -> ComplaintsSetup:
    return setup_from(_deployment())


def setup_from(deployment: dict) -> ComplaintsSetup:
    """The register's configured lists, in the deployment's order."""
    return ComplaintsSetup(services=tuple(deployment.get("service_areas") or ()),
                           categories=tuple(deployment.get("complaint_categories") or ()),
                           contact_methods=tuple(deployment.get("contact_methods") or ()))


def annual_complaints_report(year: int, *, publish: bool = False) -> Report:
    with db.engine.connect() as connection:
        register = representations_for_year(connection, year)
        users = population(connection, year)
    report = complaints_report(register, users, complaints_setup(), year, authority=authority_name(),
                               made_on=privacy.today())
    return protect_report(report) if publish else report


#: What a satisfaction summary can be narrowed to, and how each is named.
FILTERS = {"variant": "Version", "meeting_type": "Meeting", "team": "Team", "language": "Language"}


def filter_choices(slug: str) -> dict[str, dict[str, str]]:
    """For each filter, the values it can take and their names."""
    questionnaire = questionnaires()[slug]
    return {"variant": {name: variant.audience or name for name, variant in questionnaire.variants.items()},
            "meeting_type": dict(MEETING_TYPES),
            "team": {team: team for team in _deployment().get("teams") or ()},
            # Every shipped language, not only those offered now: last year's answers may be in one since turned off.
            "language": names_in_english()}


def minimum_shown() -> int:
    """``min_responses_shown``: the fewest respondents whose answers anything shows."""
    return int(_deployment().get("min_responses_shown", 5))


class TooFewResponses(Exception):
    """The selection (or what it leaves out) is under the minimum: no report."""

    def __init__(self, problem: TooFew, period: Period):
        super().__init__(problem.message())
        self.problem = problem
        self.period = period


def report_period(start: date, end: date) -> Period | None:
    """The whole months from ``start`` to ``end`` that are over today (None if none is):
    the only periods a satisfaction summary counts (analysis/periods.py says why)."""
    return released_months(start, end, privacy.today())


def questionnaire_report(slug: str, period: Period, *, compare_previous: bool = False, publish: bool = False,
                         filters: dict[str, str] | None = None) -> Report:
    """The satisfaction summary of ``slug`` in ``period``, optionally only for one version,
    meeting type and/or team (``filters``, checked against :func:`filter_choices`).

    Whatever period is asked for, only whole months that are over are counted (a
    caller cannot get round it). Raises :class:`TooFewResponses` when the selection
    may not be shown; small groups inside the tables are withheld (and published
    mode's rules added with ``publish``). A previous period too small to show gives
    ``c`` for its percentages."""
    questionnaire = questionnaires()[slug]
    filters = {name: value for name, value in (filters or {}).items() if value}
    period = report_period(period.start, period.end)
    if period is None:
        raise ValueError("no month of that period is over yet")
    minimum = minimum_shown()
    earlier = previous_months(period) if compare_previous else None
    with db.engine.connect() as connection:
        # A built questionnaire's versions carry their own codebooks (feedback_app/builder/store.py).
        whole = decode(response_rows(connection, slug, period), slug, codebook_for)
        whole_before = decode(response_rows(connection, slug, earlier), slug, codebook_for) if earlier else None
    problem = selection_problem(whole, filters, minimum)
    if problem:
        raise TooFewResponses(problem, period)
    before = selection(whole_before, filters) if earlier else None
    report = satisfaction_report(selection(whole, filters), questionnaire, period, authority=authority_name(),
                                 previous=before, previous_period=earlier, meeting_types=MEETING_TYPES,
                                 teams=tuple(_deployment().get("teams") or ()), languages=names_in_english(),
                                 made_on=privacy.today())
    if filters:
        names = filter_choices(slug)
        report = report.replace(subject=report.subject + " (" + ", ".join(
            f"{FILTERS[name].lower()}: {names[name].get(value, value)}" for name, value in filters.items()) + ")")
    report = protect_small_groups(report, minimum, publish=publish)
    if earlier and selection_problem(whole_before, filters, minimum):
        summary = withhold_column(report.tables["question_summary"], PREVIOUS_PCT)
        report = report.replace(tables={**report.tables, "question_summary": summary}, notes=(*report.notes, (
            "The previous period withheld", f"{earlier.label} had too few responses to show, so its "
                                            f"percentages are shown as c.")))
    return report


def years_with_representations() -> list[int]:
    """Financial years that have any representation, newest first (for the reports page)."""
    first, last = db.session.execute(select(func.min(Representation.received_on),
                                            func.max(Representation.received_on))).one()
    if first is None:
        return []
    return list(range(financial_year_of(last), financial_year_of(first) - 1, -1))
