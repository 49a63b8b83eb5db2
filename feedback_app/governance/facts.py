"""What the running deployment actually does, read from its settings, questionnaires and staff table.

Everything the DPIA states about this deployment comes from here, so the draft
changes when the configuration does. Secrets (database password, SMTP password,
``SECRET_KEY``) are never read into it: only whether a thing is set and what kind it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from feedback_app.config import DEFAULT_DEPLOYMENT
from feedback_app.extensions import db
from feedback_app.governance.privacy_settings import PrivacyDetails, privacy_details, retention
from feedback_app.i18n import shipped_languages
from forms.model import Questionnaire
from forms.yaml_loader import load_yaml


@dataclass(frozen=True)
class CollectedQuestion:
    questionnaire: str  # slug
    title: str
    question_id: str
    text: str
    kind: str  # "personal" (contact details) or "equality" (About you)


@dataclass
class Facts:
    council: str
    service_name: str
    questionnaires: list[Questionnaire]
    collected: list[CollectedQuestion]
    contact_details_days: int
    flagged_text_days: int
    min_responses_shown: int
    reminder_hours: int
    database_kind: str
    mail_server_set: bool
    mail_tls: bool
    limiter_storage: str
    https: bool
    proxy_hops: int
    public_base_url: str
    teams: list[str]
    languages: list[str]
    unchecked_languages: list[str]
    safeguarding_lead_emails: list[str]
    #: The controller, DPO and lawful bases: the same details the privacy notices show.
    privacy: PrivacyDetails
    #: Staff accounts by role, and how many are marked as safeguarding leads; None if the database did not answer.
    staff_by_role: dict[str, int] | None = None
    marked_leads: int | None = None
    staff_unused_days: int | None = None
    complaints_contact: dict[str, str] = field(default_factory=dict)
    #: Phone settings still holding the built-in (fictional) numbers.
    fictional_phones: list[str] = field(default_factory=list)


def database_kind(uri: str) -> str:
    """The kind of database from its URL, never the URL (it may hold a password)."""
    scheme = uri.split(":", 1)[0].split("+", 1)[0].lower()
    return {"sqlite": "SQLite (a file on the application server)",
            "postgresql": "PostgreSQL"}.get(scheme, scheme or "unknown")


def limiter_kind(uri: str) -> str:
    scheme = uri.split(":", 1)[0].lower()
    return {"memory": "in each server process's memory", "redis": "Redis",
            "rediss": "Redis (TLS)"}.get(scheme, scheme)


def collected_questions(questionnaires: list[Questionnaire]) -> list[CollectedQuestion]:
    """Every question marked personal (contact details) or equality (About you), questionnaire by questionnaire."""
    found = []
    for questionnaire in questionnaires:
        for question in questionnaire.questions:
            if question.personal or question.equality:
                found.append(CollectedQuestion(questionnaire.slug, questionnaire.title, question.id, question.text,
                                               "personal" if question.personal else "equality"))
    return found


def _staff_counts() -> tuple[dict[str, int] | None, int | None]:
    from feedback_app.staff.models import StaffUser  # the staff package imports Flask-Login; only needed here

    try:
        rows = db.session.execute(select(StaffUser.role, func.count()).where(StaffUser.active.is_(True))
                                  .group_by(StaffUser.role)).all()
        leads = db.session.scalar(select(func.count()).select_from(StaffUser)
                                  .where(StaffUser.active.is_(True), StaffUser.safeguarding_lead.is_(True)))
    except SQLAlchemyError:  # no schema yet: the draft says so rather than failing
        db.session.rollback()
        return None, None
    return {role: count for role, count in sorted(rows)}, int(leads or 0)


PHONES = ("children_services_phone", "out_of_hours_phone", "complaints_phone")


def fictional_phones(authority: dict) -> list[str]:
    """The phone settings the council has not changed from the built-in, fictional numbers."""
    built_in = (load_yaml(DEFAULT_DEPLOYMENT) or {}).get("authority") or {}
    return [name for name in PHONES if authority.get(name) and authority.get(name) == built_in.get(name)]


def read_facts(app: Flask) -> Facts:
    """The facts of ``app``'s deployment; call inside its app context."""
    deployment = app.config["DEPLOYMENT"]
    authority = deployment.get("authority") or {}
    kept = retention(deployment)  # what the privacy notice says, and what the retention job deletes by
    questionnaires = list(app.extensions["questionnaires"].values())
    records = shipped_languages()
    languages = list(deployment.get("languages") or [])
    staff_by_role, marked_leads = _staff_counts()
    return Facts(
        council=authority.get("name", ""),
        service_name=authority.get("service_name", ""),
        questionnaires=questionnaires,
        collected=collected_questions(questionnaires),
        contact_details_days=kept.contact_details_days,
        flagged_text_days=kept.flagged_text_days,
        staff_unused_days=kept.staff_unused_days,
        privacy=privacy_details(deployment.get("privacy")),
        min_responses_shown=int(deployment.get("min_responses_shown", 5)),
        reminder_hours=int(deployment.get("safeguarding_reminder_hours", 4)),
        database_kind=database_kind(app.config["SQLALCHEMY_DATABASE_URI"]),
        mail_server_set=bool(app.config.get("MAIL_SERVER")),
        mail_tls=bool(app.config.get("MAIL_USE_TLS")),
        limiter_storage=limiter_kind(app.config.get("RATELIMIT_STORAGE_URI", "memory://")),
        https=bool(app.config.get("SESSION_COOKIE_SECURE")),
        proxy_hops=int(app.config.get("PROXY_HOPS", 0)),
        public_base_url=app.config.get("PUBLIC_BASE_URL", ""),
        teams=list(deployment.get("teams") or []),
        languages=languages,
        unchecked_languages=[code for code in languages if code != "en"
                             and not (records.get(code) or {}).get("checked_by")],
        safeguarding_lead_emails=list(deployment.get("safeguarding_leads") or []),
        staff_by_role=staff_by_role,
        marked_leads=marked_leads,
        complaints_contact={key: str(authority[key]) for key in ("complaints_phone", "complaints_email")
                            if authority.get(key)},
        fictional_phones=fictional_phones(authority),
    )
