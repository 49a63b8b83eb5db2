"""Recording staff actions in the audit log."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent, StaffUser


def record(action: str, detail: str = "", actor: StaffUser | None = None) -> None:
    """Add an audit event to the current transaction (the caller commits it with the change it records)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    who = actor
    db.session.add(AuditEvent(staff_user_id=who.id if who else None, actor=who.email if who else "system",
                              action=action, detail=detail[:500]))
