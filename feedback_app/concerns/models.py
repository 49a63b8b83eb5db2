from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.extensions import db
from feedback_app.models import Response, new_id
from feedback_app.privacy import LONDON
from feedback_app.staff.models import StaffUser

NEW, REVIEWED = "new", "reviewed"


class SafeguardingFlag(db.Model):
    """A response whose free text matched the safeguarding patterns.

    Created with the response, in the same transaction, so it records no time of
    its own; the review (a staff action) records who and when.
    """

    __tablename__ = "safeguarding_flags"
    __table_args__ = ({"sqlite_with_rowid": False},)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    response_id: Mapped[str] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), unique=True)
    categories: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default=NEW, index=True)
    action_taken: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    response: Mapped[Response] = relationship()
    reviewer: Mapped[StaffUser | None] = relationship()

    @property
    def reviewed_at_in_england(self) -> datetime | None:
        """When it was reviewed, on the clock staff read (SQLite gives back UTC without its zone)."""
        if self.reviewed_at is None:
            return None
        moment = self.reviewed_at if self.reviewed_at.tzinfo else self.reviewed_at.replace(tzinfo=UTC)
        return moment.astimezone(LONDON)
