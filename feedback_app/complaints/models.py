"""The complaints register: one row per representation, and the service-user population.

A representation made through the public have-your-say form keeps the id of its own
response (to read what was written and any contact details given) and nothing else
about the person: see docs/decisions/0008-complaints-register.md.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

# The register's value lists are the report's: defined once, in the analysis library.
from analysis.complaints import DISABILITIES, ETHNICITIES, KINDS, MADE_BY, OUTCOMES  # noqa: F401  (used by importers)
from feedback_app.extensions import db
from feedback_app.models import NO_ROWID, new_id
from feedback_app.staff.models import utc_now

PROCEDURES = ("statutory", "corporate")
OMBUDSMAN_DECISIONS = ("Upheld", "Not upheld", "Closed after initial enquiries")
STATUSES = ("new", "open", "closed")
DIMENSIONS = {"ethnicity": ETHNICITIES, "disability": DISABILITIES}


def reference_key(reference: str) -> str:
    return reference.strip().casefold()


class Representation(db.Model):
    __tablename__ = "representations"
    #: No hidden row number keeping the order have-your-say submissions arrived in (decision 0002).
    __table_args__ = (NO_ROWID,)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    #: The reference casefolded: "26c-ux1" and "26C-UX1" are one reference, so the database refuses the
    #: second whatever its case, and a search finds it however it is typed. Set with the reference.
    reference_key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    #: Empty when the service could not be established.
    service_area: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(100))
    made_by: Mapped[str] = mapped_column(String(16))
    contact_method: Mapped[str | None] = mapped_column(String(50))
    procedure: Mapped[str | None] = mapped_column(String(16))
    advocate: Mapped[bool | None] = mapped_column(Boolean)
    service_user_ethnicity: Mapped[str | None] = mapped_column(String(32))
    service_user_disability: Mapped[str | None] = mapped_column(String(16))
    stage1_responded_on: Mapped[date | None] = mapped_column(Date)
    stage1_extended: Mapped[bool] = mapped_column(Boolean, default=False)
    stage1_extension_reason: Mapped[str | None] = mapped_column(Text)
    stage2_started_on: Mapped[date | None] = mapped_column(Date)
    stage2_responded_on: Mapped[date | None] = mapped_column(Date)
    stage2_extended_to: Mapped[int | None] = mapped_column(Integer)
    stage2_extension_reason: Mapped[str | None] = mapped_column(Text)
    stage3_requested_on: Mapped[date | None] = mapped_column(Date)
    stage3_panel_on: Mapped[date | None] = mapped_column(Date)
    stage3_responded_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(32))
    ombudsman_decision: Mapped[str | None] = mapped_column(String(40))
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    #: Contact details keyed in by the complaints officer (optional); deleted by ``retention run``.
    contact_details: Mapped[str | None] = mapped_column(Text)
    #: The have-your-say response this came from, if any: its own response only.
    response_id: Mapped[str | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    #: When the council told the person it had the case (3 working days is the statutory norm).
    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    #: The investigating officer: a staff account.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    #: Set when the case was recorded in error: kept and shown, left out of every statistic.
    void_reason: Mapped[str | None] = mapped_column(Text)
    voided_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)

    owner = relationship("StaffUser", lazy="joined")
    notes = relationship("CaseNote", order_by="CaseNote.written_at", cascade="all, delete-orphan",
                         passive_deletes=True)
    changes = relationship("CaseChange", order_by="CaseChange.changed_at", cascade="all, delete-orphan",
                           passive_deletes=True)

    __mapper_args__ = {"version_id_col": version}

    @validates("reference")
    def _keep_the_key(self, _name: str, reference: str) -> str:
        self.reference_key = reference_key(reference)
        return reference

    @property
    def is_void(self) -> bool:
        return self.voided_on is not None




class CaseNote(db.Model):
    """A dated note on a case, by a member of staff: the casework's own record."""

    __tablename__ = "case_notes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    representation_id: Mapped[str] = mapped_column(ForeignKey("representations.id", ondelete="CASCADE"), index=True)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    #: The writer's email, kept as text so the note still says who wrote it after the account goes.
    author: Mapped[str] = mapped_column(String(254))
    text: Mapped[str] = mapped_column(Text)


class CaseChange(db.Model):
    """One field of a case changed by staff, with its old and new value (the audit log keeps names only)."""

    __tablename__ = "case_changes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    representation_id: Mapped[str] = mapped_column(ForeignKey("representations.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    author: Mapped[str] = mapped_column(String(254))
    field: Mapped[str] = mapped_column(String(64))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class Population(db.Model):
    """Service users by ethnicity or disability in a year: the equalities baseline."""

    __tablename__ = "population"
    __table_args__ = (UniqueConstraint("year", "dimension", "group"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    dimension: Mapped[str] = mapped_column(String(16))
    group: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer)
