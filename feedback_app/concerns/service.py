"""Deciding which responses to flag, and recording a review."""

from __future__ import annotations

from feedback_app import safeguarding
from feedback_app.concerns.models import REVIEWED, SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.models import new_id
from feedback_app.staff import audit
from feedback_app.staff.models import utc_now
from forms.model import TEXT, Questionnaire


def flag_row(questionnaire: Questionnaire, response_id: str, answers: dict[str, list[str]]) -> dict | None:
    """The flag to store with a response whose free text suggests a child may be at risk, or None."""
    text_ids = [q.id for q in questionnaire.questions if q.type == TEXT]
    concern = safeguarding.assess_answers(answers, text_ids)
    if concern is None:
        return None
    return {"id": new_id(), "response_id": response_id, "categories": " ".join(concern.categories),
            "status": "new", "action_taken": None, "reviewed_by": None, "reviewed_at": None}


def record_review(flag: SafeguardingFlag, action_taken: str, reviewer) -> None:
    flag.status = REVIEWED
    flag.action_taken = action_taken
    flag.reviewed_by = reviewer.id
    flag.reviewed_at = utc_now()
    audit.record("safeguarding flag reviewed", f"flag {flag.id[:8]}")  # never the text itself
    db.session.commit()


def is_safeguarding_lead(email: str, deployment: dict) -> bool:
    return email.lower() in {lead.lower() for lead in deployment.get("safeguarding_leads") or []}
