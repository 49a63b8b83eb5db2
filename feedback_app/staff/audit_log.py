"""The audit log's filter (who, what, from and to dates) and its CSV export.

The filter comes from the address (a GET form, so it works without JavaScript and can be
bookmarked): anything typed there is either understood or answered with a GOV.UK-style
message, never a 500. Dates are whole days of the times the log shows (UTC).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select

from analysis.formats.cells import neutralise_formula
from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent

FILTERS = ("who", "action", "from", "to")
CSV_COLUMNS = ("When (UTC)", "Who", "What", "Detail")
#: A filter is text from the address bar: anything longer than a column can hold matches nothing anyway.
MAX_FILTER_LENGTH = 254


@dataclass
class AuditFilter:
    values: dict[str, str]
    problems: dict[str, str] = field(default_factory=dict)
    start: date | None = None
    end: date | None = None

    @property
    def active(self) -> dict[str, str]:
        """The filters in use, for links that keep them (pages, the export)."""
        return {name: value for name, value in self.values.items() if value}

    def describe(self) -> str:
        """For the audit log's own record of an export: which filters, never more."""
        return ", ".join(f"{name} {value}" for name, value in self.active.items()) or "everything"

    def query(self) -> Select:
        query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        if self.values["who"]:
            query = query.where(AuditEvent.actor == self.values["who"])
        if self.values["action"]:
            query = query.where(AuditEvent.action == self.values["action"])
        if self.start:
            query = query.where(AuditEvent.at >= _midnight(self.start))
        if self.end:
            query = query.where(AuditEvent.at < _midnight(self.end + timedelta(days=1)))
        return query


def read_filter(args) -> AuditFilter:
    values = {name: args.get(name, "").strip()[:MAX_FILTER_LENGTH] for name in FILTERS}
    found = AuditFilter(values)
    found.start = _day(values["from"], "from", "the first day", found.problems)
    found.end = _day(values["to"], "to", "the last day", found.problems)
    if found.start and found.end and found.end < found.start:
        found.problems["to"] = "The last day must be the same as or after the first day"
    return found


def choices(column) -> list[str]:
    """The people, or the actions, the log holds: what the filter's lists offer."""
    return list(db.session.scalars(select(column).distinct().order_by(column)))


def as_csv(events) -> str:
    """The events as CSV text; text a spreadsheet could run as a formula is neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow([event.at.strftime("%Y-%m-%d %H:%M:%S"), *(neutralise_formula(text or "")
                                                                 for text in (event.actor, event.action,
                                                                              event.detail))])
    return out.getvalue()


def _day(text: str, name: str, words: str, problems: dict[str, str]) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        problems[name] = f"Enter {words} as a date, for example 2026-11-30"
        return None
    if not date(2000, 1, 1) <= day <= date(2999, 12, 31):
        problems[name] = f"Enter {words} as a real date, for example 2026-11-30"
        return None
    return day


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
