"""The register list's choices read from the query string, the cases they select, and their export.

One reading serves the page and its CSV and XLSX downloads, so a download holds exactly the
cases the list shows (every page of it), in the same order.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import Select, case, exists, func, or_, select

from analysis.formats.cells import neutralise_formula
from feedback_app.complaints import service
from feedback_app.complaints.importing import COLUMNS
from feedback_app.complaints.models import KINDS, STATUSES, CaseNote, Representation

VIEWS = {"due": "Due this week", "overdue": "Overdue"}
SORTS = {"received": "Date received (newest first)", "reference": "Reference", "status": "Status",
         "deadline": "Next deadline (soonest first)"}
FILTER_NAMES = ("q", "status", "kind", "service", "owner", "view", "sort", "received_from", "received_to")
#: ``?owner=me``: only the cases whose investigating officer is the person reading the list.
OWNERS = {"me": "You"}
MAX_QUERY = 200
#: The ``complaints export`` columns: the import's, then what the import reads back as well.
EXPORT_COLUMNS = (*COLUMNS, "status", "void_reason")
#: The staff download adds what the list and the record page show.
LIST_EXPORT_COLUMNS = (*EXPORT_COLUMNS, "acknowledged_on", "investigating_officer", "next_deadline")


@dataclass
class ListFilters:
    values: dict[str, str]
    received_from: date | None = None
    received_to: date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def words(self) -> list[str]:
        return self.values["q"].lower().split()

    def args(self) -> dict[str, str]:
        """The choices made, for links to other pages of the list and to its downloads."""
        return {name: value for name, value in self.values.items() if value}


def _parse_day(raw: str) -> date:
    """2026-04-01 or 1/4/2026."""
    if "/" in raw:
        day, month, year = (int(part) for part in raw.split("/"))
        return date(year, month, day)
    return date.fromisoformat(raw)


def read_filters(args) -> ListFilters:
    # A NUL never gets here: every staff page refuses one (feedback_app/security.py).
    values = {name: args.get(name, "").strip()[:MAX_QUERY] for name in FILTER_NAMES}
    filters = ListFilters(values)
    for name, label in (("received_from", "Received from"), ("received_to", "Received to")):
        if not values[name]:
            continue
        try:
            day = _parse_day(values[name])
            if day.year < 1900:
                raise ValueError
        except ValueError:
            filters.errors[name] = f"{label} must be a real date, for example 2026-04-01"
        else:
            setattr(filters, name, day)
    if filters.received_from and filters.received_to and filters.received_from > filters.received_to:
        filters.errors["received_to"] = "Received to must be the same as or after Received from"
        filters.received_to = None
    return filters


def _like(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query(filters: ListFilters, me: int | None = None) -> Select:
    """The cases the list's choices select; ``me`` is the reader's account, for ``?owner=me``."""
    values = filters.values
    statement = select(Representation)
    if values["owner"] == "me":
        statement = statement.where(Representation.owner_id == me)
    if values["status"] in STATUSES:
        statement = statement.where(Representation.status == values["status"])
    if values["kind"] in KINDS:
        statement = statement.where(Representation.kind == values["kind"])
    if values["service"] == "none":
        statement = statement.where(Representation.service_area.is_(None))
    elif values["service"]:
        statement = statement.where(Representation.service_area == values["service"])
    if filters.received_from:
        statement = statement.where(Representation.received_on >= filters.received_from)
    if filters.received_to:
        statement = statement.where(Representation.received_on <= filters.received_to)
    for word in filters.words:
        pattern = _like(word)
        in_notes = exists().where(CaseNote.representation_id == Representation.id,
                                  func.lower(CaseNote.text).like(pattern, escape="\\"))
        statement = statement.where(or_(Representation.reference_key.like(pattern, escape="\\"),
                                        func.lower(Representation.summary).like(pattern, escape="\\"), in_notes))
    if values["view"] in VIEWS:
        statement = statement.where(Representation.kind == "complaint", Representation.status != "closed",
                                    Representation.voided_on.is_(None))
    order = {"reference": [Representation.reference_key],
             "status": [case({"new": 0, "open": 1, "closed": 2}, value=Representation.status, else_=3),
                        Representation.received_on.desc()]}.get(values["sort"], [Representation.received_on.desc()])
    return statement.order_by(*order, Representation.reference_key)


def in_python(filters: ListFilters) -> bool:
    """The due and overdue views and the deadline order are worked out in Python (working days)."""
    return filters.values["view"] in VIEWS or filters.values["sort"] == "deadline"


def select_in_python(found: list[Representation], filters: ListFilters, on: date) -> list[Representation]:
    if filters.values["view"] in VIEWS:
        test = service.due_this_week if filters.values["view"] == "due" else service.overdue
        found = [rep for rep in found if test(rep, on)]
    if filters.values["view"] in VIEWS or filters.values["sort"] == "deadline":
        # Cases with no running deadline come last, in the database's order.
        found = sorted(found, key=lambda rep: (stage.due, 0) if (stage := service.current_stage(rep)) else
                       (date.max, 1))
    return found


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def register_row(rep: Representation) -> dict[str, str]:
    """A case as the import columns (plus status and void reason) spell it, so it imports again."""
    row = {name: cell(getattr(rep, name)) for name in COLUMNS}
    row["stage1_extended"] = "yes" if rep.stage1_extended else "no"
    row["status"] = rep.status
    row["void_reason"] = rep.void_reason or ""
    return row


def list_row(rep: Representation, with_contact_details: bool) -> dict[str, str]:
    stage = service.current_stage(rep)
    row = register_row(rep)
    row.update(acknowledged_on=cell(rep.acknowledged_on), investigating_officer=rep.owner.email if rep.owner else "",
               next_deadline=f"{stage.name}: {stage.due.isoformat()}" if stage else "")
    if with_contact_details:
        row["contact_details"] = "; ".join(service.contact_details_of(rep))
    return row


def csv_text(columns, rows, *, for_spreadsheets: bool) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: neutralise_formula(value) if for_spreadsheets else value
                         for name, value in row.items()})
    return out.getvalue()


def xlsx_bytes(columns, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    sheet.append(list(columns))
    for row in rows:
        # Text only, never a formula; characters XML cannot hold are dropped.
        sheet.append([neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", row.get(name, ""))) for name in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
