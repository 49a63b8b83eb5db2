"""Casework on one case: its reference, opening status, history of changes, notes and void.

The audit log says who changed which fields of which case; this is the case's own record
of old and new values, shown on its page. Contact details never go into the history: the
retention job deletes them from the case, and a copy here would outlive it.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from feedback_app.complaints.models import CaseChange, CaseNote, Representation, reference_key
from feedback_app.extensions import db
from feedback_app.privacy import today
from feedback_app.staff import audit
from feedback_app.staff.models import StaffUser

#: The register's own letters, as its references before the app had them ("24K085" a compliment).
KIND_LETTERS = {"complaint": "C", "compliment": "K", "comment": "M"}
#: Fields whose values the history does not keep (it says they changed).
UNRECORDED_VALUES = frozenset({"contact_details"})
NOT_KEPT = "(not kept in the history)"


def next_reference(kind: str, received_on: date) -> str:
    """The next reference for a case typed in by staff: "26C-0042" is the 42nd complaint received in 2026.

    Counts on from the highest of that year and kind, old-style ("26C042") or new. Two officers
    adding at once can draw the same one: the unique reference_key refuses the second, who tries again.
    """
    prefix = f"{received_on:%y}{KIND_LETTERS[kind]}"
    pattern = re.compile(rf"{prefix.casefold()}-?(\d+)")
    keys = db.session.scalars(select(Representation.reference_key).where(
        Representation.reference_key.like(f"{prefix.casefold()}%")))
    numbers = [int(match.group(1)) for key in keys if (match := pattern.fullmatch(key))]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"


def close_on_receipt(values: dict) -> dict:
    """Compliments and comments need no casework: they are closed the day they arrive."""
    if values.get("kind") in ("compliment", "comment"):
        return {**values, "status": "closed", "closed_on": values.get("closed_on") or values.get("received_on")}
    return values


def find(reference: str) -> Representation | None:
    return db.session.scalar(select(Representation).where(Representation.reference_key == reference_key(reference)))


def shown(value) -> str | None:
    """A value as the history shows it."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def apply_changes(rep: Representation, values: dict, author: str) -> list[str]:
    """Set ``values`` on the case, recording each change with its old and new value; the names changed."""
    changed = []
    for name, value in values.items():
        old = getattr(rep, name)
        if old == value:
            continue
        changed.append(name)
        rep.changes.append(_change(name, old, value, author))
        setattr(rep, name, value)
    return sorted(changed)


def _change(name: str, old, new, author: str) -> CaseChange:
    if name in UNRECORDED_VALUES:
        old_text = new_text = NOT_KEPT
    elif name == "owner_id":  # the history names the officer, whatever becomes of the account
        name, old_text, new_text = "investigating_officer", _email(old), _email(new)
    else:
        old_text, new_text = shown(old), shown(new)
    return CaseChange(author=author, field=name, old=old_text, new=new_text)


def _email(user_id: int | None) -> str | None:
    user = db.session.get(StaffUser, user_id) if user_id else None
    return user.email if user else None


def add_note(rep: Representation, text: str, author: str) -> CaseNote:
    note = CaseNote(author=author, text=text)
    rep.notes.append(note)
    audit.record("complaint note added", rep.reference)
    return note


def void(rep: Representation, reason: str, author: str, on: date | None = None) -> None:
    """Mark the case recorded in error: kept and shown as void, left out of every statistic and deadline.

    The caller commits. Raises ValueError for an empty reason or a case already void.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("Enter why this case was recorded in error")
    if rep.is_void:
        raise ValueError(f"{rep.reference} is already void")
    apply_changes(rep, {"void_reason": reason, "voided_on": on or today()}, author)
    audit.record("complaint voided", rep.reference)
