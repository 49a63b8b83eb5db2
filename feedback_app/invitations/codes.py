"""Making, checking and using invitation codes.

A code is 8 characters from an alphabet without 0/O, 1/I/L (and U, V: no rude
words, no U/V mix-ups), printed as ABCD-EFGH. 28**8 is about 3.8 * 10**11, so
guessing one of a few thousand live codes is hopeless behind the rate limit.
Only ``hash_code(code)`` is stored when a batch is made, and only
``used_card_hash(code)`` when a card is used (docs/decisions/0007-invitation-codes.md).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from feedback_app.extensions import db
from feedback_app.invitations.expiry import DEFAULT_EXPIRY_DAYS as DEFAULT_EXPIRY_DAYS  # part of this module's face
from feedback_app.invitations.expiry import expired
from feedback_app.invitations.models import InvitationBatch, InvitationCode, UsedCard
from feedback_app.invitations.quarters import Quarter
from feedback_app.models import new_id
from feedback_app.privacy import today
from forms.model import Questionnaire

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ2345679"  # no 0 O 1 I L U V 8 (8 looks like B)
LENGTH = 8

MEETING_TYPES = {
    "initial_cp_conference": "Initial child protection conference",
    "review_cp_conference": "Review child protection conference",
    "lac_review": "Looked after child review",
    "fgc": "Family group conference",
}
#: The questionnaires that fit each type of meeting: a batch offers and accepts only these
#: (an LAC review form handed out at a child protection conference would count in the wrong report).
QUESTIONNAIRES_FOR_MEETING = {
    "initial_cp_conference": ("cp-conference-parent", "cp-conference-child", "cp-conference-professional"),
    "review_cp_conference": ("cp-conference-parent", "cp-conference-child", "cp-conference-professional"),
    "lac_review": ("lac-review-child",),
    "fgc": ("fgc-family", "fgc-young-person"),
}
#: Between a questionnaire and the version a card opens, in a code row's ``questionnaire``
#: ("cp-conference-child/young"); a card for the questionnaire's own default version holds the slug alone.
VERSION_SEPARATOR = "/"
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


def questionnaires_for_meeting(questionnaires: Mapping[str, Questionnaire]) -> dict[str, tuple[str, ...]]:
    """``QUESTIONNAIRES_FOR_MEETING`` with the questionnaires that name a meeting type themselves
    (``meeting_types``: one built on the staff pages, decision 0025)."""
    fitting = {meeting: list(slugs) for meeting, slugs in QUESTIONNAIRES_FOR_MEETING.items()}
    for slug, questionnaire in questionnaires.items():
        for meeting in questionnaire.meeting_types:
            if meeting in fitting and slug not in fitting[meeting]:
                fitting[meeting].append(slug)
    return {meeting: tuple(slugs) for meeting, slugs in fitting.items()}


def invitation_questionnaires(questionnaires: Mapping[str, Questionnaire]) -> tuple[str, ...]:
    """The questionnaires a batch may hand out: those listed here, then any naming a meeting type."""
    named = tuple(slug for slug, questionnaire in questionnaires.items()
                  if questionnaire.meeting_types and slug not in INVITATION_QUESTIONNAIRES)
    return tuple(slug for slug in INVITATION_QUESTIONNAIRES if slug in questionnaires) + named


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
    """The key of a code's row, written when its batch is made."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def used_card_hash(code: str) -> str:
    """The key of a used card's row: the code hashed again under a second key, so that
    someone with the database or a backup but not SECRET_KEY cannot tell which code row
    (and so which batch, which meeting) a used card was. Whoever holds SECRET_KEY can
    still try all 28**8 codes against both tables: this protects against readers of the
    database and its backups, not against the key's holders."""
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"used-cards", hashlib.sha256).digest()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Card:
    code: str
    questionnaire: str
    #: The version the card opens (``child``, ``young``...); None: the questionnaire's default.
    variant: str | None = None

    @property
    def target(self) -> str:
        """What its code row keeps: the questionnaire, and the version when one was chosen."""
        return f"{self.questionnaire}{VERSION_SEPARATOR}{self.variant}" if self.variant else self.questionnaire


def split_target(target: str) -> tuple[str, str | None]:
    """A code row's ``questionnaire`` as (slug, version or None)."""
    slug, _, variant = target.partition(VERSION_SEPARATOR)
    return slug, variant or None


def create_batch(*, questionnaires: list[str], meeting_type: str, month: str, team: str | None, cards_each: int,
                 created_by: str, versions: dict[str, str] | None = None,
                 batch_id: str | None = None) -> tuple[InvitationBatch, list[Card]]:
    """Store a batch and the hashes of its new codes; the plain codes are returned once, for the cards.

    ``versions``: the version each questionnaire's cards open, where not its default.
    ``batch_id``: the id the form was given when it was shown, so that sending the same form
    twice cannot make a second batch (the second INSERT breaks the primary key)."""
    versions = versions or {}
    batch = InvitationBatch(id=batch_id or new_id(), meeting_type=meeting_type, month=month, team=team or None,
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
            cards.append(Card(code, slug, versions.get(slug)))
    db.session.execute(insert(InvitationCode), [
        {"code_hash": hash_code(card.code), "batch_id": batch.id, "questionnaire": card.target}
        for card in cards])
    return batch, cards


@dataclass(frozen=True)
class Invitation:
    """What a valid code opens: carried in the visitor's session, never stored with the response."""

    code_hash: str
    used_card_hash: str  # made from the plain code, which only the visitor has by the time they send their answers
    questionnaire: str
    meeting_type: str
    team: str | None
    variant: str | None = None  # the version the chair chose for the card; None: the default

    def known_answers(self, question_ids) -> dict[str, str]:
        """Answers the card gives to questions the questionnaire asks."""
        known = ANSWERS_FROM_MEETING_TYPE.get(self.meeting_type, {})
        return {question_id: value for question_id, value in known.items() if question_id in question_ids}

    def as_dict(self) -> dict:
        return {"code_hash": self.code_hash, "used_card_hash": self.used_card_hash, "questionnaire": self.questionnaire,
                "meeting_type": self.meeting_type, "team": self.team, "variant": self.variant}


def configured_team(team: str | None) -> str | None:
    """The team if it is one of the deployment's teams now, else None: a team taken off
    the list (or an old batch's typed text) is never stored with a response."""
    teams = current_app.config["DEPLOYMENT"].get("teams") or []
    return team if team in teams else None


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
    if db.session.get(UsedCard, used_card_hash(code)) is not None:
        raise CodeProblem("used")
    if expired(batch.created_on):
        raise CodeProblem("expired")
    slug, variant = split_target(code_row.questionnaire)
    return Invitation(code_row.code_hash, used_card_hash(code), slug, batch.meeting_type, batch.team, variant)


def use(invitation: Invitation) -> None:
    """Record the invitation's card as used, in the session's transaction (``feedback_app.submissions``
    commits it with the response, or rolls both back).

    Nothing written when the batch was made changes: a row is added to ``used_cards``
    with the batch's team and quarter only. Its primary key lets exactly one of two
    simultaneous submissions with the same code through: the other's INSERT fails (on
    PostgreSQL it waits for the first to commit; on SQLite for the write lock), and it
    gets CodeProblem('used') with nothing written.
    """
    batch = db.session.execute(
        select(InvitationBatch.created_on, InvitationBatch.team)
        .join(InvitationCode, InvitationCode.batch_id == InvitationBatch.id)
        .where(InvitationCode.code_hash == invitation.code_hash)).first()
    if batch is None:  # its batch was deleted, or it was used before migration 0010 (which removed used codes)
        raise CodeProblem("used")
    # Expiry is checked here too, not only when the code is opened: a code opened on its last
    # day and sent later must not count, or a quarter's figures could change after it is shown.
    if expired(batch.created_on):
        raise CodeProblem("expired")
    try:
        db.session.execute(insert(UsedCard).values(card_hash=invitation.used_card_hash, team=batch.team,
                                                   quarter=Quarter.of(batch.created_on).key))
    except IntegrityError:
        db.session.rollback()
        raise CodeProblem("used") from None
    except Exception:
        db.session.rollback()
        raise
