"""How long an invitation code works: ``INVITATION_CODE_DAYS`` days after its batch was made."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from feedback_app.privacy import today

DEFAULT_EXPIRY_DAYS = 60


def expiry_days() -> int:
    return int(current_app.config.get("INVITATION_CODE_DAYS", DEFAULT_EXPIRY_DAYS))


def expired(created_on: date, on: date | None = None) -> bool:
    return (on or today()) > created_on + timedelta(days=expiry_days())
