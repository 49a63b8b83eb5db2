"""Invitation batches, their codes, and the cards used.

Using a card changes nothing that was written when its batch was made: the batch
and code rows are written once and never updated. A used card is a row of its own
in ``used_cards``, keyed by a second keyed hash of the code, keeping only its
batch's team and financial quarter: no batch id, no code hash, no date, no
response id. So nothing stored links a used card to its batch (the meeting it was
handed out at) or to its response (tests in tests/integration/test_invitation_codes.py
check the schema and the rows).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db
from feedback_app.models import NO_ROWID, new_id


class InvitationBatch(db.Model):
    """A set of cards a Chair printed for one kind of meeting, month and team."""

    __tablename__ = "invitation_batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    meeting_type: Mapped[str] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    team: Mapped[str | None] = mapped_column(String(64))
    #: Comma-separated questionnaire slugs, in the order they were chosen.
    questionnaires: Mapped[str] = mapped_column(String(400))
    cards_each: Mapped[int] = mapped_column(Integer)
    created_on: Mapped[date] = mapped_column(Date)
    #: Staff are not anonymous: who made the batch (email), for the audit trail.
    created_by: Mapped[str] = mapped_column(String(254))

    @property
    def cards(self) -> int:
        return self.cards_each * len(self.questionnaires.split(","))


class InvitationCode(db.Model):
    """A card made: written with its batch, never updated (so it never says whether it was used)."""

    __tablename__ = "invitation_codes"
    __table_args__ = (NO_ROWID,)

    #: HMAC-SHA256 of the normalised code with the app's SECRET_KEY (hex): a leaked
    #: table holds no usable code.
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("invitation_batches.id", ondelete="CASCADE"), index=True)
    questionnaire: Mapped[str] = mapped_column(String(64))


class UsedCard(db.Model):
    """A card someone answered with: what response rates count, and no more.

    WITHOUT ROWID on SQLite, and keyed by a hash, so the table keeps no order of use.
    """

    __tablename__ = "used_cards"
    __table_args__ = (NO_ROWID,)

    #: HMAC-SHA256 of the normalised code with a second key derived from SECRET_KEY
    #: (codes.used_card_hash): unlike ``code_hash`` it cannot be matched to a code row
    #: without the key, and its being the primary key makes a code single-use.
    #: Rows moved here by migration 0010 have random values instead.
    card_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The batch's team (one of the configured teams) or NULL.
    team: Mapped[str | None] = mapped_column(String(64))
    #: The financial quarter the batch was made in, like "2026Q3" (quarters.Quarter.key).
    quarter: Mapped[str] = mapped_column(String(6))
