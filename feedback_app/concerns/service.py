"""Deciding which responses to flag, and recording a review."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, or_, select

from feedback_app import safeguarding
from feedback_app.alerts.models import SafeguardingAlert
from feedback_app.alerts.recipients import configured_leads
from feedback_app.concerns.models import REVIEWED, SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.models import Answer, Response, new_id
from feedback_app.privacy import today
from feedback_app.staff import audit
from feedback_app.staff.models import StaffUser, utc_now
from forms.model import TEXT, Questionnaire


def assess_response(questionnaire: Questionnaire, answers: dict[str, list[str]]) -> safeguarding.Concern | None:
    """What the detector finds in a response's free text."""
    return safeguarding.assess_answers(answers, [q.id for q in questionnaire.questions if q.type == TEXT])


def flag_row(questionnaire: Questionnaire, response_id: str, answers: dict[str, list[str]],
             concern: safeguarding.Concern | None | bool = True) -> dict | None:
    """The flag to store with a response whose free text suggests a child may be at risk, or None
    (``concern``: what ``assess_response`` found, when the caller has it already)."""
    if concern is True:
        concern = assess_response(questionnaire, answers)
    if not concern:
        return None
    return {"id": new_id(), "response_id": response_id, "categories": " ".join(concern.categories),
            "status": "new", "action_taken": None, "reviewed_by": None, "reviewed_at": None}


def record_review(flag: SafeguardingFlag, action_taken: str, reviewer) -> None:
    from feedback_app.reading.service import read_with_review  # the reading queue builds on concerns

    read_with_review(flag.response_id, reviewer, today())  # its answers have been read
    flag.status = REVIEWED
    flag.action_taken = action_taken
    flag.reviewed_by = reviewer.id
    flag.reviewed_at = utc_now()
    # The first alert's time is close to the response's arrival: once reviewed, no alert row stays
    # (docs/decisions/0011-insider-threat-model.md, "Seen on purpose").
    db.session.execute(delete(SafeguardingAlert).where(SafeguardingAlert.flag_id == flag.id))
    audit.record("safeguarding flag reviewed", f"flag {flag.id[:8]}")  # never the text itself
    db.session.commit()


def is_safeguarding_lead(email: str, deployment: dict) -> bool:
    """A designated lead: an account an administrator marked as one, or an email in the YAML's list."""
    if email.strip().lower() in configured_leads(deployment):
        return True
    return bool(db.session.scalar(select(StaffUser.safeguarding_lead)
                                  .where(func.lower(StaffUser.email) == email.strip().lower())))


DEFAULT_FLAGGED_TEXT_DAYS = 30


def expire_reviewed_text(questionnaires: dict, days: int, dry_run: bool = False) -> int:
    """Delete the free text of flagged responses reviewed more than ``days`` ago; how many answers.

    The words that raised a concern are among the most sensitive things the service
    holds. Once a reviewer has acted on them they are kept only for the configured
    period; the flag itself (categories, what was done, by whom) stays.
    """
    cutoff = utc_now() - timedelta(days=days)
    reviewed = db.session.execute(
        select(SafeguardingFlag.response_id, Response.questionnaire).join(Response)
        .where(SafeguardingFlag.status == REVIEWED, SafeguardingFlag.reviewed_at < cutoff)).all()
    doomed = [(row.response_id, [q.id for q in questionnaires[row.questionnaire].questions if q.type == TEXT])
              for row in reviewed if row.questionnaire in questionnaires]
    conditions = [(Answer.response_id == response_id) & Answer.question_id.in_(ids) for response_id, ids in doomed]
    if not conditions:
        return 0
    count = db.session.scalar(select(func.count()).select_from(Answer).where(or_(*conditions)))
    if not dry_run:
        db.session.execute(delete(Answer).where(or_(*conditions)))
    return count
