"""Staff accounts and signing in: validation, slow-downs, sessions and audit in one place."""

from __future__ import annotations

import re

from flask import current_app, has_app_context
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.staff import audit, sessions, throttle, unused
from feedback_app.staff.access import ROLES
from feedback_app.staff.models import StaffUser
from feedback_app.staff.passwords import hash_password, needs_rehash, password_problem, verify_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: The one answer to every sign-in that does not succeed: an unknown email, a wrong password, a
#: disabled account and a slowed-down one look the same, so none of them tells a stranger that an
#: email belongs to someone here. (The sign-in page says, for everyone, what happens after 5 tries.)
SIGN_IN_REFUSED = "Enter a correct email address and password"
# Checked against whenever there is no real hash to check, so every refusal costs one Argon2 verify.
_DUMMY_HASH = hash_password("not-a-real-password-just-for-timing")


class AccountError(ValueError):
    pass


def find_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower()))


def _council() -> str:
    return current_app.config["DEPLOYMENT"]["authority"]["name"] if has_app_context() else ""


def _deployment() -> dict:
    return current_app.config["DEPLOYMENT"] if has_app_context() else {}


def _check_new_password(password: str, email: str) -> None:
    if problem := password_problem(password, email, _council()):
        raise AccountError(problem)


def create_user(email: str, role: str, password: str, actor: StaffUser | None = None) -> StaffUser:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError("Enter an email address in the correct format, like name@example.gov.uk")
    if role not in ROLES:
        raise AccountError(f"Role must be one of {', '.join(ROLES)}")
    if find_by_email(email):
        raise AccountError("There is already an account with that email address")
    _check_new_password(password, email)
    user = StaffUser(email=email, role=role, password_hash=hash_password(password), active=True)
    db.session.add(user)
    db.session.flush()
    audit.record("user created", f"{email} as {role}", actor=actor)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> tuple[StaffUser | None, str | None]:
    """The user, or None and ``SIGN_IN_REFUSED``. Every path runs exactly one Argon2 verify."""
    user = find_by_email(email)
    if user is not None and unused.disable_if_unused(user, _deployment()):
        db.session.commit()  # disabled now, and audited: the sign-in below is refused like any other
    if throttle.refused(email):
        verify_password(_DUMMY_HASH, password)
        return None, SIGN_IN_REFUSED
    right = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if not (user and right and user.active):
        slowed = throttle.failed(email)
        if slowed and user:  # recorded for real accounts only: never an email someone merely typed
            why = (f"{throttle.PAIR_FAILURES} wrong passwords from one address" if slowed == throttle.ADDRESS
                   else f"{throttle.ACCOUNT_FAILURES} wrong passwords in an hour")
            audit.record("sign-in slowed down", f"{user.email}: {why}", actor=user)
            db.session.commit()
        return None, SIGN_IN_REFUSED
    throttle.succeeded(email)
    unused.note_sign_in(user)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.commit()  # "signed in" is recorded once the sign-in is complete (after the code, if asked for)
    return user, None


def reset_password(user: StaffUser, password: str, actor: StaffUser) -> None:
    """An administrator sets a new password: every session of the person ends."""
    _check_new_password(password, user.email)
    user.password_hash = hash_password(password)
    sessions.end_all(user)
    audit.record("password reset", user.email, actor=actor)
    db.session.commit()


def change_own_password(user: StaffUser, current: str, new: str, keep_session: str | None) -> None:
    """A person changes their own password: their other sessions end, this one goes on.

    Raises ``AccountError`` with the field (``current`` or ``new``) as its second argument."""
    if not verify_password(user.password_hash, current):
        raise AccountError("Your current password is wrong", "current")
    if problem := password_problem(new, user.email, _council()):
        raise AccountError(problem, "new")
    if new == current:
        raise AccountError("Enter a new password that is different from your current one", "new")
    user.password_hash = hash_password(new)
    sessions.end_all(user, keep=keep_session)
    audit.record("password changed", actor=user)
    db.session.commit()


def unlock(user: StaffUser, actor: StaffUser) -> None:
    """Lift the sign-in slow-downs on an account (see feedback_app/staff/throttle.py)."""
    throttle.unlock(user.email)
    audit.record("account unlocked", user.email, actor=actor)
    db.session.commit()


def update_user(user: StaffUser, role: str, active: bool, actor: StaffUser,
                safeguarding_lead: bool | None = None) -> None:
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
        if not active:
            sessions.end_all(user)
        else:  # enabled again: the unused-account clock restarts, or the next sign-in would disable it again
            unused.note_sign_in(user)
    if safeguarding_lead is not None and safeguarding_lead != user.safeguarding_lead:
        changes.append("made a safeguarding lead" if safeguarding_lead else "no longer a safeguarding lead")
        user.safeguarding_lead = safeguarding_lead
    if changes:
        audit.record("user changed", f"{user.email}: {', '.join(changes)}", actor=actor)
        db.session.commit()
