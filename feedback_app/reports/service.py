"""Building a report for this deployment: read the data, count, protect if asked.

The command line and the staff pages both come here, so a file made from either is
the same report.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from analysis.complaints import ComplaintsSetup, complaints_report
from analysis.disclosure import protect_report
from analysis.periods import Period, financial_year_of, previous
from analysis.responses import decode
from analysis.satisfaction import satisfaction_report
from analysis.sources import population, representations_for_year, response_rows
from analysis.tables import Report
from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.invitations.codes import MEETING_TYPES
from feedback_app.privacy import today
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
                               made_on=today())
    return protect_report(report) if publish else report


#: What a satisfaction summary can be narrowed to, and how each is named.
FILTERS = {"variant": "Version", "meeting_type": "Meeting", "team": "Team"}


def filter_choices(slug: str) -> dict[str, dict[str, str]]:
    """For each filter, the values it can take and their names."""
    questionnaire = questionnaires()[slug]
    return {"variant": {name: variant.audience or name for name, variant in questionnaire.variants.items()},
            "meeting_type": dict(MEETING_TYPES),
            "team": {team: team for team in _deployment().get("teams") or ()}}


def questionnaire_report(slug: str, period: Period, *, compare_previous: bool = False, publish: bool = False,
                         filters: dict[str, str] | None = None) -> Report:
    """The satisfaction summary of ``slug`` in ``period``, optionally only for one version,
    meeting type and/or team (``filters``, checked against :func:`filter_choices`)."""
    questionnaire = questionnaires()[slug]
    filters = {name: value for name, value in (filters or {}).items() if value}
    earlier = previous(period) if compare_previous else None
    with db.engine.connect() as connection:
        responses = _only(decode(response_rows(connection, slug, period), slug), filters)
        before = _only(decode(response_rows(connection, slug, earlier), slug), filters) if earlier else None
    report = satisfaction_report(responses, questionnaire, period, authority=authority_name(), previous=before,
                                 previous_period=earlier, meeting_types=MEETING_TYPES,
                                 teams=tuple(_deployment().get("teams") or ()), made_on=today())
    if filters:
        names = filter_choices(slug)
        report = report.replace(subject=report.subject + " (" + ", ".join(
            f"{FILTERS[name].lower()}: {names[name].get(value, value)}" for name, value in filters.items()) + ")")
    return protect_report(report) if publish else report


def _only(responses, filters: dict[str, str]):
    for name, value in filters.items():
        responses = responses[(responses[name] == value).to_numpy()]
    return responses


def years_with_representations() -> list[int]:
    """Financial years that have any representation, newest first (for the reports page)."""
    first, last = db.session.execute(select(func.min(Representation.received_on),
                                            func.max(Representation.received_on))).one()
    if first is None:
        return []
    return list(range(financial_year_of(last), financial_year_of(first) - 1, -1))
