"""One row per free-text answer a person must read, and the reminders owed about late ones."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.extensions import db
from feedback_app.models import Response, new_id
from feedback_app.staff.models import StaffUser

#: What the reader did: read it (nothing to act on), or raised it as a safeguarding concern.
READ, RAISED = "read", "raised"


class ReadingEntry(db.Model):
    """A child's free-text answer waiting to be read, then the record that it was.

    Made with the response, in the same transaction, so it holds no time of its own. Once
    read it keeps the day (never a time) and who read it: nothing about the respondent
    beyond the response and question it is about (docs/decisions/0011, R17)."""

    __tablename__ = "reading_queue"
    __table_args__ = (UniqueConstraint("response_id", "question_id"), {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    #: The detector found words that suggest a risk: read first.
    likely_concern: Mapped[bool] = mapped_column(Boolean, default=False)
    read_on: Mapped[date | None] = mapped_column(Date, index=True)
    read_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(16))

    response: Mapped[Response] = relationship()
    reader: Mapped[StaffUser | None] = relationship()


class ReadingReminder(db.Model):
    """An e-mail owed to a lead: answers are past their reading deadline. At most one a lead a day;
    it names no answer, so it says nothing about anyone who wrote one. Sent by ``flask alerts send``
    with the concern alerts (feedback_app/alerts/outbox.py)."""

    __tablename__ = "reading_reminders"
    __table_args__ = (UniqueConstraint("recipient", "due_on"), {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    recipient: Mapped[str] = mapped_column(String(254))
    #: The day the reminder is for (one a lead a day while answers are late).
    due_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16), default="reading")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
