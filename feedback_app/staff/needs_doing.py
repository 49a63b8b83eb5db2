"""What needs doing, for the staff home page: counts a member of staff can act on.

Only counts of things their reader sees anyway on the page each one links to: concerns
waiting in the safeguarding queue, and cases in the complaints register. Never a count
of responses or comments: a number that moves when someone answers would be a live
signal of who answered (docs/decisions/0011-insider-threat-model.md, R1 and R6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from feedback_app.complaints import service as complaints
from feedback_app.complaints.models import Representation
from feedback_app.concerns.models import NEW, SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.models import Response


@dataclass(frozen=True)
class ConcernsWaiting:
    count: int
    #: Whole days since the oldest waiting concern was sent (a response keeps only its date).
    oldest_days: int | None


@dataclass(frozen=True)
class CasesToAct:
    new: int  # "New (to triage)": received, not yet looked at
    due_this_week: int
    overdue: int
    mine: int  # open cases (not void) whose investigating officer is the reader


def concerns_waiting(on: date) -> ConcernsWaiting:
    count, oldest = db.session.execute(
        select(func.count(SafeguardingFlag.id), func.min(Response.submitted_on))
        .join(Response, SafeguardingFlag.response_id == Response.id)
        .where(SafeguardingFlag.status == NEW)).one()
    return ConcernsWaiting(count, (on - oldest).days if oldest else None)


def cases_to_act_on(on: date, me: int) -> CasesToAct:
    """The counts the register's own filters list: ``?status=new``, ``?view=due``, ``?view=overdue``
    and ``?owner=me`` (open cases only). A voided case (recorded in error) needs nothing doing."""
    live = Representation.voided_on.is_(None)
    new = db.session.scalar(select(func.count(Representation.id)).where(Representation.status == "new", live))
    mine = db.session.scalar(select(func.count(Representation.id)).where(
        Representation.owner_id == me, Representation.status != "closed", live))
    open_complaints = db.session.scalars(select(Representation).where(
        Representation.kind == "complaint", Representation.status != "closed", live)).all()
    return CasesToAct(
        new=new or 0,
        due_this_week=sum(complaints.due_this_week(rep, on) for rep in open_complaints),
        overdue=sum(complaints.overdue(rep, on) for rep in open_complaints),
        mine=mine or 0,
    )
