"""Staff accounts and the audit log. Staff are not anonymous: who did what, and when, is kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db


def utc_now() -> datetime:
    return datetime.now(UTC)


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A designated safeguarding lead reviews concerns and is e-mailed about them, whatever the role.
    safeguarding_lead: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    # Two-factor sign-in (feedback_app/staff/two_factor.py): the TOTP key, encrypted; whether the
    # person has confirmed it with a first code; the time-step of the last code used (no replays).
    totp_secret: Mapped[str | None] = mapped_column(String(255), nullable=True)
    two_factor_on: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # The subject (``sub``) the council's identity provider gave this person, kept at their first
    # single sign-on: later sign-ins match on it, not on an email address that can change hands.
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True, default=None)
    # The day of the last sign-in (a date is enough): unused accounts are disabled after N days.
    last_sign_in_on: Mapped[date | None] = mapped_column(Date, default=None)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active


class StaffSession(db.Model):
    """One signed-in browser. The cookie carries a random token; only its SHA-256 is kept
    here, so a copy of the database (or a backup) cannot be turned into a working cookie.
    Deleting the row ends the session, whichever browser holds the cookie."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class RecoveryCode(db.Model):
    """One unused recovery code of a member of staff: its SHA-256 only. Using it deletes the row."""

    __tablename__ = "staff_recovery_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)


class AuditEvent(db.Model):
    """A staff action. Never holds response content: only what was done to what."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
