"""Staff sessions kept on the server, so that signing out really ends them.

Flask's session cookie is signed, not stored: a copy of it works until it expires,
whatever the person does. So a signed-in browser also gets a random token (in that
cookie) whose SHA-256 names a row of ``staff_sessions``; each staff request looks the
row up. Signing out deletes the row; changing or resetting a password and disabling
an account delete all the person's rows. A copied cookie then names no row and is
refused, from any browser.

Staff are not anonymous (the audit log says who did what, and when), so keeping the
times of their sessions is fine. Nothing here is used on the public pages.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_

from feedback_app.extensions import db
from feedback_app.staff.models import StaffSession, StaffUser, utc_now

#: A session ends after this long without a request...
IDLE_LIMIT = timedelta(minutes=30)
#: ...and this long after signing in, however busy.
ABSOLUTE_LIMIT = timedelta(hours=12)
#: ``last_seen_at`` is written at most this often: one write a minute, not one a request.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=utc_now().tzinfo)


def start(user: StaffUser) -> str:
    """A new session for ``user``: the token for the cookie. Ended sessions are swept out here."""
    now = utc_now()
    db.session.execute(delete(StaffSession).where(or_(StaffSession.last_seen_at < now - IDLE_LIMIT,
                                                      StaffSession.created_at < now - ABSOLUTE_LIMIT)))
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_hash=_hash(token), staff_user_id=user.id, created_at=now, last_seen_at=now))
    db.session.commit()
    return token


def ends_at(token: str | None) -> datetime | None:
    """When the session ends at the latest (12 hours after signing in), for the cookie's expiry."""
    found = db.session.get(StaffSession, _hash(token)) if token else None
    return _aware(found.created_at) + ABSOLUTE_LIMIT if found else None


def user_for(token: str | None, user_id: int) -> StaffUser | None:
    """The signed-in person, if ``token`` names a live session of ``user_id`` on an account that can be used.

    A session past either limit is deleted here. ``last_seen_at`` moves on at most once a minute.
    """
    if not token or not isinstance(token, str):
        return None
    found = db.session.get(StaffSession, _hash(token))
    if found is None or found.staff_user_id != user_id:
        return None
    now = utc_now()
    last_seen = _aware(found.last_seen_at)
    if now - last_seen > IDLE_LIMIT or now - _aware(found.created_at) > ABSOLUTE_LIMIT:
        db.session.delete(found)
        db.session.commit()
        return None
    user = db.session.get(StaffUser, found.staff_user_id)
    if user is None or not user.active:
        return None
    if now - last_seen >= TOUCH_EVERY:
        found.last_seen_at = now
        db.session.commit()
    return user


def end(token: str | None) -> None:
    """Sign out: the row goes, so the cookie (and every copy of it) stops working."""
    if token and isinstance(token, str):
        db.session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def end_all(user: StaffUser, keep: str | None = None) -> None:
    """End every session of ``user`` (all but ``keep``, the one changing its own password).
    The caller commits, with the change that ends them."""
    query = delete(StaffSession).where(StaffSession.staff_user_id == user.id)
    if keep:
        query = query.where(StaffSession.token_hash != _hash(keep))
    db.session.execute(query)
