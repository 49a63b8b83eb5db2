"""The outbox: one row per message to one safeguarding lead about one concern."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db
from feedback_app.models import new_id

#: A first alert, and the reminder when the concern is still not reviewed after N hours.
CONCERN, REMINDER = "concern", "reminder"


class SafeguardingAlert(db.Model):
    """A message owed to a lead. Its times are staff-side (when the job noticed, when mail went),
    but the first one is close to when the flagged response arrived: so every row of a concern
    is deleted when the concern is reviewed (docs/decisions/0011, "Seen on purpose")."""

    __tablename__ = "safeguarding_alerts"
    __table_args__ = (UniqueConstraint("flag_id", "recipient", "kind"), {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    flag_id: Mapped[str] = mapped_column(ForeignKey("safeguarding_flags.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When to try next: also a lease, moved forward while one job run is sending it.
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
