"""Deadlines, the configured lists, have-your-say submissions becoming representations, retention.

Every deadline is worked out with ``analysis.working_days`` so the register, the
lists and the annual report agree on one definition of a working day.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update

from analysis.working_days import STAGE1, STAGE1_EXTENDED, STAGE2, STAGE3_PANEL, deadline, in_time
from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.models import ContactDetail, Response
from feedback_app.privacy import today

HAVE_YOUR_SAY = "have-your-say"
ONLINE = "Online"
#: Letters and digits that cannot be mistaken for each other when read out on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_CONTACT_DETAILS_DAYS = 90
#: Working days to acknowledge a complaint: the usual statutory expectation (Children Act 1989 procedure).
ACKNOWLEDGEMENT = 3


def configured(name: str) -> list[str]:
    """A configured list from the deployment: service_areas, complaint_categories or contact_methods."""
    return list(current_app.config["DEPLOYMENT"].get(name) or [])


def contact_details_days() -> int:
    retention = current_app.config["DEPLOYMENT"].get("retention") or {}
    return int(retention.get("contact_details_days_after_closure", DEFAULT_CONTACT_DETAILS_DAYS))


@dataclass(frozen=True)
class Stage:
    name: str
    started_on: date
    allowed: int
    due: date
    responded_on: date | None

    @property
    def in_time(self) -> bool | None:
        """True or False once answered; None while it is still open."""
        return None if self.responded_on is None else in_time(self.started_on, self.responded_on, self.allowed)

    def overdue(self, on: date) -> bool:
        return self.responded_on is None and on > self.due


def stages(rep: Representation) -> list[Stage]:
    """The stages a complaint has reached, each with its working-day deadline."""
    if rep.kind != "complaint" or rep.received_on is None:
        return []
    allowed = STAGE1_EXTENDED if rep.stage1_extended else STAGE1
    found = [Stage("Stage 1", rep.received_on, allowed, deadline(rep.received_on, allowed), rep.stage1_responded_on)]
    if rep.stage2_started_on:
        allowed = rep.stage2_extended_to or STAGE2
        found.append(Stage("Stage 2", rep.stage2_started_on, allowed, deadline(rep.stage2_started_on, allowed),
                           rep.stage2_responded_on))
    if rep.stage3_requested_on:
        found.append(Stage("Stage 3 panel", rep.stage3_requested_on, STAGE3_PANEL,
                           deadline(rep.stage3_requested_on, STAGE3_PANEL), rep.stage3_panel_on))
    return found


def current_stage(rep: Representation) -> Stage | None:
    """The open stage whose deadline is running, or None (answered, closed, void, not a complaint)."""
    if rep.status == "closed" or rep.is_void:
        return None
    waiting = [stage for stage in stages(rep) if stage.responded_on is None]
    return waiting[-1] if waiting else None


@dataclass(frozen=True)
class Acknowledgement:
    due: date
    sent_on: date | None

    @property
    def in_time(self) -> bool | None:
        return None if self.sent_on is None else self.sent_on <= self.due

    def overdue(self, on: date) -> bool:
        return self.sent_on is None and on > self.due


def acknowledgement(rep: Representation) -> Acknowledgement | None:
    """When a complaint should be (or was) acknowledged: 3 working days from receipt."""
    if rep.kind != "complaint" or rep.received_on is None or rep.is_void:
        return None
    return Acknowledgement(deadline(rep.received_on, ACKNOWLEDGEMENT), rep.acknowledged_on)


def due_this_week(rep: Representation, on: date) -> bool:
    stage = current_stage(rep)
    return stage is not None and on <= stage.due <= on + timedelta(days=7)


def overdue(rep: Representation, on: date) -> bool:
    stage = current_stage(rep)
    return stage is not None and stage.overdue(on)


def new_reference(prefix: str, on: date) -> str:
    """A random reference such as HYS-2026-K7PQ3M: it gives away neither order nor count."""
    while True:
        reference = f"{prefix}-{on.year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(Representation.id).where(Representation.reference == reference)) is None:
            return reference


#: How a register case arrived, from the channel its response came through.
CONTACT_METHOD_BY_CHANNEL = {"web": ONLINE, "paper": "Form", "phone": "Telephone", "text": "Text"}


def representation_from_submission(response: dict, answers: dict[str, list[str]]) -> Representation:
    """A new representation to triage for a response to a questionnaire that opens register
    cases (have-your-say), whichever channel it came through.

    ``response`` is the response row about to be stored, ``answers`` the answers by
    question id. Added to the session; the caller commits it with the response, so
    both are stored or neither. Only this response's own id is kept.
    """
    kind = (answers.get("kind") or ["comment"])[0]
    made_by = (answers.get("made_by") or ["child" if response["variant"] in ("child", "young") else "other"])[0]
    wants_advocate = (answers.get("wants_advocate") or [None])[0]
    rep = Representation(
        reference=new_reference("HYS", response["submitted_on"]), kind=kind, status="new",
        received_on=response["submitted_on"], made_by=made_by,
        contact_method=CONTACT_METHOD_BY_CHANNEL.get(response["channel"], ONLINE),
        advocate=None if wants_advocate is None else wants_advocate == "yes", stage1_extended=False,
        response_id=response["id"])
    db.session.add(rep)
    return rep


def representations_from_responses(responses) -> list[Representation]:
    """A register case for each response (``responses.NewResponse``): called by
    ``feedback_app.submissions`` for questionnaires whose definition says ``opens_register_case``."""
    made = []
    for new in responses:
        answers: dict[str, list[str]] = {}
        for row in new.answers:
            answers.setdefault(row["question_id"], []).append(row["value"])
        made.append(representation_from_submission(new.response, answers))
    db.session.flush()
    return made


def contact_details_of(rep: Representation) -> list[str]:
    """Contact details for this representation: keyed in by staff, or given on the form."""
    found = [rep.contact_details] if rep.contact_details else []
    if rep.response_id:
        found += db.session.scalars(select(ContactDetail.value).where(
            ContactDetail.response_id == rep.response_id)).all()
    return found


def submission_of(rep: Representation) -> list[tuple[str, str]]:
    """What the person wrote on the have-your-say form: (question, answer) pairs, in the form's order."""
    if not rep.response_id:
        return []
    response = db.session.get(Response, rep.response_id)
    questionnaire = current_app.extensions["questionnaires"].get(HAVE_YOUR_SAY)
    if response is None or questionnaire is None:
        return []
    given: dict[str, list[str]] = {}
    for answer in sorted(response.answers, key=lambda a: (a.question_id, a.position)):
        given.setdefault(answer.question_id, []).append(answer.value)
    found = []
    for question in questionnaire.questions:
        if question.id in given:
            values = [question.label_for(value) if question.options else value for value in given[question.id]]
            found.append((question.text, "; ".join(values)))
    return found


@dataclass
class RetentionResult:
    representations: int = 0
    typed_contact_details: int = 0
    form_contact_details: int = 0


def run_retention(dry_run: bool = False, on: date | None = None) -> RetentionResult:
    """Delete contact details of representations closed (or void) more than the configured days ago."""
    cutoff = (on or today()) - timedelta(days=contact_details_days())
    # A void case (recorded in error) is finished with the day it was voided.
    expired = select(Representation).where(or_(
        and_(Representation.status == "closed", Representation.closed_on.is_not(None),
             Representation.closed_on < cutoff),
        Representation.voided_on < cutoff))
    reps = db.session.scalars(expired).all()
    typed = [rep.id for rep in reps if rep.contact_details]
    response_ids = [rep.response_id for rep in reps if rep.response_id]
    form_rows = db.session.execute(select(ContactDetail.id, ContactDetail.response_id).where(
        ContactDetail.response_id.in_(response_ids))).all() if response_ids else []
    form_details = [row.id for row in form_rows]
    with_form_details = {row.response_id for row in form_rows}
    affected = {rep.id for rep in reps if rep.contact_details or rep.response_id in with_form_details}
    result = RetentionResult(len(affected), len(typed), len(form_details))
    if not dry_run:
        if typed:
            # Core UPDATE: a routine deletion must not clash with the edit form's version check.
            db.session.execute(update(Representation).where(Representation.id.in_(typed))
                               .values(contact_details=None).execution_options(synchronize_session=False))
        if form_details:
            db.session.execute(delete(ContactDetail).where(ContactDetail.id.in_(form_details)))
        db.session.commit()
    else:
        db.session.rollback()
    return result
