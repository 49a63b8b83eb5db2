"""Database tables. Nothing here records who answered, from where or exactly when.

Ids are random (UUID4), never sequential. On SQLite the tables are WITHOUT ROWID
so not even the hidden row number keeps the order responses arrived in.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.extensions import db

NO_ROWID = {"sqlite_with_rowid": False}


def new_id() -> str:
    return uuid.uuid4().hex


class Response(db.Model):
    __tablename__ = "responses"
    #: Reports read a questionnaire's responses in a period from this index alone, without
    #: touching the table (forms/codebook.py): it holds every column they need.
    __table_args__ = (Index("ix_responses_report", "questionnaire", "submitted_on", "definition_version", "variant",
                            "meeting_type", "team", "language", "choices"), NO_ROWID)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    questionnaire: Mapped[str] = mapped_column(String(64))
    definition_version: Mapped[int] = mapped_column(Integer)
    variant: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    submitted_on: Mapped[date] = mapped_column(Date)
    #: Context set by an invitation card: the kind of meeting and one of the deployment's
    #: configured teams (never typed text). The card's month stays with its batch: a
    #: response keeps only its own date (docs/decisions/0007-invitation-codes.md).
    meeting_type: Mapped[str | None] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(64))
    #: The language the questionnaire was answered in (``en``, ``ar``...): what a report by
    #: language needs, and nothing about the person or device (issue 11).
    language: Mapped[str] = mapped_column(String(16), server_default="en")
    #: The single- and multi-choice answers again, as a fixed-width code for fast
    #: reports (forms/codebook.py); the ``answers`` rows stay the record.
    choices: Mapped[str | None] = mapped_column(String(400))

    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan",
                                                 order_by="(Answer.question_id, Answer.position)")


class Answer(db.Model):
    """One chosen option, or one piece of free text. A multi answer has a row per option."""

    __tablename__ = "answers"
    #: No index beyond the primary key: every reader comes through a response (migration 0018, decision 0028).
    __table_args__ = (NO_ROWID,)

    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class ContactDetail(db.Model):
    """Contact details someone chose to give (have your say). Kept apart from the
    answers so they can be shown only to the complaints officer and deleted on
    their own when the retention period ends."""

    __tablename__ = "contact_details"
    __table_args__ = (NO_ROWID,)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)

    response: Mapped[Response] = relationship()
