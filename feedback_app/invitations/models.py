"""Invitation batches and their codes.

Nothing here can link a code to the response it was used for: a code row keeps
only a hash of the code, its batch, its questionnaire and a used flag. No response
id, no time of use (a test checks the schema).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
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


class InvitationCode(db.Model):
    __tablename__ = "invitation_codes"
    __table_args__ = (NO_ROWID,)

    #: HMAC-SHA256 of the normalised code with the app's SECRET_KEY (hex): a leaked
    #: table holds no usable code.
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("invitation_batches.id", ondelete="CASCADE"), index=True)
    questionnaire: Mapped[str] = mapped_column(String(64))
    used: Mapped[bool] = mapped_column(Boolean, default=False)
