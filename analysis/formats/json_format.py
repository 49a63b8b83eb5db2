"""Reports as JSON (the contract in ``interfaces.md``, "Report JSON").

Each table is pandas' ``DataFrame.to_dict(orient="split")`` plus a title: ``index``,
``columns`` (a two-level label as a two-item list) and ``data`` (a list per row).
Counts are integers, percentages numbers from 0 to 100 rounded to 1 decimal place,
nothing to show is ``null`` and a protected cell ``"c"``.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.formats.cells import body_rows, plain_label
from analysis.periods import Period
from analysis.tables import Report, Table


def report_to_dict(report: Report) -> dict:
    """The report as plain JSON-ready Python values (lists, dicts, numbers, text)."""
    return {
        "report": report.kind,
        "period": report.period.as_dict(),
        "published": bool(report.published),
        "tables": {table_id: table_to_dict(table) for table_id, table in report.tables.items()},
        "title": report.title,
        "authority": report.authority,
        "subject": report.subject,
        "previous": _period(report.previous),
        "made_on": report.made_on.isoformat() if report.made_on else None,
        "notes": [{"heading": heading, "text": text} for heading, text in report.notes],
        "table_notes": {table_id: table.note for table_id, table in report.tables.items() if table.note},
    }


def table_to_dict(table: Table) -> dict:
    """``{"title", "index", "columns", "data"}`` for one table."""
    rows = body_rows(table)
    return {
        "title": table.title,
        "index": [_json_label(label) for label, _ in rows],
        "columns": [_json_label(column) for column in table.frame.columns],
        "data": [values for _, values in rows],
    }


def report_to_json(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False, allow_nan=False)


def write_json(report: Report, out) -> None:
    """Write the report as UTF-8 JSON to a path or a binary file-like object."""
    data = (report_to_json(report) + "\n").encode("utf-8")
    if hasattr(out, "write"):
        out.write(data)
    else:
        Path(out).write_bytes(data)


def _json_label(label):
    value = plain_label(label)
    return list(value) if isinstance(value, tuple) else value


def _period(period: Period | None) -> dict | None:
    return period.as_dict() if period is not None else None
