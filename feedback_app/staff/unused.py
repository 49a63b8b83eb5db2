"""Staff accounts nobody uses are disabled (``staff_accounts: {disable_after_days: N}``).

A leaver whose council account is switched off can no longer sign in through single
sign-on, but a local password, or an account nobody remembers, would still work. So an
account not signed in to for N days is disabled: when someone tries to sign in to it,
and daily by ``flask --app feedback_app users disable-unused`` from cron. Only the day of
the last sign-in is kept (a date is enough); an account never signed in to counts from
the day it was created. An administrator can enable it again on its page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from feedback_app import privacy
from feedback_app.extensions import db
from feedback_app.staff import audit, sessions
from feedback_app.staff.models import StaffUser


def limit_days(deployment: dict[str, Any]) -> int | None:
    days = (deployment.get("staff_accounts") or {}).get("disable_after_days")
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else None


def last_used(user: StaffUser) -> date:
    return user.last_sign_in_on or user.created_at.date()


def disable_if_unused(user: StaffUser, deployment: dict[str, Any], on: date | None = None) -> bool:
    """Disable ``user`` (and end their sessions) if unused too long; audited. The caller commits."""
    days = limit_days(deployment)
    on = on or privacy.today()
    if days is None or not user.active or (on - last_used(user)).days <= days:
        return False
    user.active = False
    sessions.end_all(user)
    audit.record("account disabled: unused", f"{user.email}: not signed in to for more than {days} days",
                 actor=None)
    return True


def disable_unused(deployment: dict[str, Any], on: date | None = None) -> list[str]:
    """Every active account unused too long, disabled: their emails."""
    disabled = [user.email for user in db.session.scalars(select(StaffUser).where(StaffUser.active))
                if disable_if_unused(user, deployment, on)]
    db.session.commit()
    return disabled


def note_sign_in(user: StaffUser) -> None:
    user.last_sign_in_on = privacy.today()
