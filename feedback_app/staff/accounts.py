"""Creating staff accounts and signing in: validation, lockout and audit in one place."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.staff import audit
from feedback_app.staff.access import ROLES
from feedback_app.staff.models import StaffUser, utc_now
from feedback_app.staff.passwords import hash_password, needs_rehash, password_problem, verify_password

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = hash_password("not-a-real-password-just-for-timing")


class AccountError(ValueError):
    pass


def find_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))


def create_user(email: str, role: str, password: str, actor: StaffUser | None = None) -> StaffUser:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError("Enter an email address in the correct format, like name@example.gov.uk")
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}")
    if find_by_email(email):
        raise AccountError("There is already an account with that email address")
    if problem := password_problem(password, email):
        raise AccountError(problem)
    user = StaffUser(email=email, role=role, password_hash=hash_password(password), active=True,
                     failed_logins=0, session_version=1)
    db.session.add(user)
    db.session.flush()
    audit.record("user created", f"{email} as {role}", actor=actor)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> tuple[StaffUser | None, str | None]:
    """The user, or None and why (for the person: never saying whether the email exists)."""
    wrong = "Enter a correct email address and password"
    user = find_by_email(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None, wrong
    now = utc_now()
    locked_until = user.locked_until
    if locked_until is not None and locked_until.tzinfo is None:  # SQLite hands back naive datetimes
        locked_until = locked_until.replace(tzinfo=now.tzinfo)
    if locked_until and locked_until > now:
        return None, "Too many wrong passwords. Wait 15 minutes, then try again, or ask an administrator"
    if not verify_password(user.password_hash, password) or not user.active:
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            audit.record("account locked", user.email, actor=user)
        db.session.commit()
        return None, wrong
    user.failed_logins = 0
    user.locked_until = None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("signed in", actor=user)
    db.session.commit()
    return user, None


def reset_password(user: StaffUser, password: str, actor: StaffUser) -> None:
    if problem := password_problem(password, user.email):
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.session_version += 1
    user.failed_logins, user.locked_until = 0, None
    audit.record("password reset", user.email, actor=actor)
    db.session.commit()


def update_user(user: StaffUser, role: str, active: bool, actor: StaffUser) -> None:
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}")
    if user.id == actor.id and (not active or role != user.role):
        raise AccountError("You cannot change your own role or disable your own account")
    changes = []
    if role != user.role:
        changes.append(f"role {user.role} to {role}")
        user.role = role
    if active != user.active:
        changes.append("enabled" if active else "disabled")
        user.active = active
        user.session_version += 1
    if changes:
        audit.record("user changed", f"{user.email}: {', '.join(changes)}", actor=actor)
        db.session.commit()
