"""The complaints register: one row per representation, and the service-user population.

A representation made through the public have-your-say form keeps the id of its own
response (to read what was written and any contact details given) and nothing else
about the person: see docs/decisions/0008-complaints-register.md.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# The register's value lists are the report's: defined once, in the analysis library.
from analysis.complaints import DISABILITIES, ETHNICITIES, KINDS, MADE_BY, OUTCOMES  # noqa: F401  (used by importers)
from feedback_app.extensions import db
from feedback_app.models import NO_ROWID, new_id

PROCEDURES = ("statutory", "corporate")
OMBUDSMAN_DECISIONS = ("Upheld", "Not upheld", "Closed after initial enquiries")
STATUSES = ("new", "open", "closed")
DIMENSIONS = {"ethnicity": ETHNICITIES, "disability": DISABILITIES}


class Representation(db.Model):
    __tablename__ = "representations"
    #: No hidden row number keeping the order have-your-say submissions arrived in (decision 0002).
    __table_args__ = (NO_ROWID,)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
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
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class Population(db.Model):
    """Service users by ethnicity or disability in a year: the equalities baseline."""

    __tablename__ = "population"
    __table_args__ = (UniqueConstraint("year", "dimension", "group"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    dimension: Mapped[str] = mapped_column(String(16))
    group: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer)
