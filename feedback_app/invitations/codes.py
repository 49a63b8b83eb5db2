"""Making, checking and using invitation codes.

A code is 8 characters from an alphabet without 0/O, 1/I/L (and U, V: no rude
words, no U/V mix-ups), printed as ABCD-EFGH. 28**8 is about 3.8 * 10**11, so
guessing one of a few thousand live codes is hopeless behind the rate limit.
Only ``hash_code(code)`` is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import insert, select, update

from feedback_app.extensions import db
from feedback_app.invitations.models import InvitationBatch, InvitationCode
from feedback_app.models import new_id
from feedback_app.privacy import today
from feedback_app.responses import NewResponse, new_response, store_responses
from forms.model import Questionnaire

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ2345679"  # no 0 O 1 I L U V 8 (8 looks like B)
LENGTH = 8
DEFAULT_EXPIRY_DAYS = 60

MEETING_TYPES = {
    "initial_cp_conference": "Initial child protection conference",
    "review_cp_conference": "Review child protection conference",
    "lac_review": "Looked after child review",
    "fgc": "Family group conference",
}
#: Answers a card already gives, so the person is not asked them again (pre-selected, still changeable).
ANSWERS_FROM_MEETING_TYPE = {
    "initial_cp_conference": {"conference_type": "initial"},
    "review_cp_conference": {"conference_type": "review"},
}
#: Questionnaires a batch may hand out.
INVITATION_QUESTIONNAIRES = (
    "cp-conference-parent", "cp-conference-child", "cp-conference-professional",
    "lac-review-child", "fgc-family", "fgc-young-person",
)
MAX_CARDS = 200


class CodeProblem(Exception):
    """Why a code cannot be used: ``reason`` is 'unknown', 'used' or 'expired'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def pretty(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalise(typed: str) -> str | None:
    """The code someone typed: any case, dashes and spaces optional. None if it cannot be a code."""
    code = re.sub(r"[\s\-]+", "", typed or "").upper()
    if len(code) != LENGTH or any(character not in ALPHABET for character in code):
        return None
    return code


def hash_code(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def expiry_days() -> int:
    return int(current_app.config.get("INVITATION_CODE_DAYS", DEFAULT_EXPIRY_DAYS))


@dataclass(frozen=True)
class Card:
    code: str
    questionnaire: str


def create_batch(*, questionnaires: list[str], meeting_type: str, month: str, team: str | None, cards_each: int,
                 created_by: str) -> tuple[InvitationBatch, list[Card]]:
    """Store a batch and the hashes of its new codes; the plain codes are returned once, for the cards."""
    batch = InvitationBatch(id=new_id(), meeting_type=meeting_type, month=month, team=team or None,
                            questionnaires=",".join(questionnaires), cards_each=cards_each, created_on=today(),
                            created_by=created_by)
    db.session.add(batch)
    db.session.flush()
    cards: list[Card] = []
    seen: set[str] = set()
    for slug in questionnaires:
        for _ in range(cards_each):
            code = new_code()
            while code in seen or db.session.get(InvitationCode, hash_code(code)) is not None:
                code = new_code()
            seen.add(code)
            cards.append(Card(code, slug))
    db.session.execute(insert(InvitationCode), [
        {"code_hash": hash_code(card.code), "batch_id": batch.id, "questionnaire": card.questionnaire, "used": False}
        for card in cards])
    return batch, cards


@dataclass(frozen=True)
class Invitation:
    """What a valid code opens: carried in the visitor's session, never stored with the response."""

    code_hash: str
    questionnaire: str
    meeting_type: str
    team: str | None

    def known_answers(self, question_ids) -> dict[str, str]:
        """Answers the card gives to questions the questionnaire asks."""
        known = ANSWERS_FROM_MEETING_TYPE.get(self.meeting_type, {})
        return {question_id: value for question_id, value in known.items() if question_id in question_ids}

    def as_dict(self) -> dict:
        return {"code_hash": self.code_hash, "questionnaire": self.questionnaire, "meeting_type": self.meeting_type,
                "team": self.team}


def configured_team(team: str | None) -> str | None:
    """The team if it is one of the deployment's teams now, else None: a team taken off
    the list (or an old batch's typed text) is never stored with a response."""
    teams = current_app.config["DEPLOYMENT"].get("teams") or []
    return team if team in teams else None


def expired(created_on: date, on: date | None = None) -> bool:
    return (on or today()) > created_on + timedelta(days=expiry_days())


def check(typed: str) -> Invitation:
    """The invitation a typed code opens, or CodeProblem."""
    code = normalise(typed)
    if code is None:
        raise CodeProblem("unknown")
    row = db.session.execute(
        select(InvitationCode, InvitationBatch).join(InvitationBatch, InvitationCode.batch_id == InvitationBatch.id)
        .where(InvitationCode.code_hash == hash_code(code))).first()
    if row is None:
        raise CodeProblem("unknown")
    code_row, batch = row
    if code_row.used:
        raise CodeProblem("used")
    if expired(batch.created_on):
        raise CodeProblem("expired")
    return Invitation(code_row.code_hash, code_row.questionnaire, batch.meeting_type, batch.team)


def store_invited_response(questionnaire: Questionnaire, variant: str, answers: dict[str, list[str]],
                           invitation: Invitation) -> NewResponse:
    """Mark the code used and store the response in one transaction.

    The conditional UPDATE lets exactly one of two simultaneous submissions with the
    same code through; the other stores nothing and gets CodeProblem('used').
    """
    # Expiry is checked here too, not only when the code is opened: a code opened on its last
    # day and sent later must not count, or a quarter's figures could change after it is shown.
    oldest_live = today() - timedelta(days=expiry_days())
    live_batches = select(InvitationBatch.id).where(InvitationBatch.created_on >= oldest_live)
    try:
        result = db.session.execute(
            update(InvitationCode)
            .where(InvitationCode.code_hash == invitation.code_hash, InvitationCode.used.is_(False),
                   InvitationCode.batch_id.in_(live_batches))
            .values(used=True))
        if result.rowcount != 1:
            db.session.rollback()
            used = db.session.scalar(
                select(InvitationCode.used).where(InvitationCode.code_hash == invitation.code_hash))
            raise CodeProblem("expired" if used is False else "used")
    except CodeProblem:
        raise
    except Exception:
        db.session.rollback()
        raise
    # store_responses commits the UPDATE with the response's rows, or rolls both back.
    stored = new_response(questionnaire, variant, answers, channel="web",
                          meeting_type=invitation.meeting_type, team=configured_team(invitation.team))
    store_responses([stored])
    return stored
