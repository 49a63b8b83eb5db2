"""Reports as a folder of CSV files: ``<table id>.csv`` for each table and
``notes.txt`` (title, period, whether published, the method notes).

Each CSV is UTF-8 with a byte order mark (so Excel reads it as UTF-8): the header
row (two for a two-level header), then a row per table row with its label first.
Percentages are rounded to 1 decimal place, nothing to show is an empty field and a
protected cell ``c``. Text that a spreadsheet could run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from analysis.formats.cells import body_rows, header_rows, index_header, label_text, neutralise_formula
from analysis.tables import Report, Table

ENCODING = "utf-8-sig"
NOTES_FILE = "notes.txt"


def write_csv(report: Report, folder) -> list[Path]:
    """Write the report's files into ``folder`` (made if need be); returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in csv_files(report).items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def csv_files(report: Report) -> dict[str, bytes]:
    """File name -> contents: a CSV per table, in the report's order, then notes.txt."""
    names = table_file_names(report)
    files = {names[table_id]: table_csv(table).encode(ENCODING) for table_id, table in report.tables.items()}
    files[NOTES_FILE] = notes_text(report).encode("utf-8")
    return files


def table_file_names(report: Report) -> dict[str, str]:
    """Table id -> its file's name, unique (ignoring case) and never notes.txt."""
    names: dict[str, str] = {}
    taken = {NOTES_FILE}
    for table_id in report.tables:
        name = _unique(file_name(table_id), taken)
        taken.add(name.lower())
        names[table_id] = name
    return names


def file_name(table_id: str) -> str:
    """``<table id>.csv``, with anything but letters, digits, ``_``, ``-`` and ``.``
    replaced (ids come from code and configuration, never a path)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", table_id).strip(".") or "table"
    return f"{safe}.csv"


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 2
    while candidate.lower() in taken:
        candidate = f"{stem}_{number}{dot}{suffix}"
        number += 1
    return candidate


def table_csv(table: Table) -> str:
    """The table as CSV text (without the byte order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    headers = header_rows(table)
    for level, header in enumerate(headers):
        first = index_header(table) if level == len(headers) - 1 else ""
        writer.writerow([_text(first)] + [_field(label) for label in header])
    for label, values in body_rows(table):
        writer.writerow([_label_field(label)] + [_field(value) for value in values])
    return buffer.getvalue()


def _label_field(label) -> str:
    if isinstance(label, tuple):
        return _text(" / ".join(label_text(part) for part in label))
    return _field(label)


def _field(value) -> str:
    """A plain value as a CSV field: numbers as they are, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, tuple):
        return _label_field(value)
    return _text(value)


def _text(value) -> str:
    return neutralise_formula(label_text(value))


def notes_text(report: Report) -> str:
    """What a reader of the CSV files needs to know about them, as plain text."""
    lines = [report.title]
    if report.subject:
        lines.append(report.subject)
    lines.append("")
    if report.authority:
        lines.append(f"Authority: {report.authority}")
    period = report.period
    lines.append(f"Period: {period.label} ({period.start.isoformat()} to {period.end.isoformat()})")
    if report.previous is not None:
        previous = report.previous
        lines.append(f"Compared with: {previous.label} ({previous.start.isoformat()} to {previous.end.isoformat()})")
    lines.append("Published: " + ("yes (small numbers are protected and shown as c)" if report.published else "no"))
    if report.made_on:
        lines.append(f"Made on: {report.made_on.isoformat()}")
    lines += ["", "Tables", ""]
    names = table_file_names(report)
    for table_id, table in report.tables.items():
        lines.append(f"{names[table_id]}: {table.title}")
        if table.note:
            lines.append(f"    {table.note}")
    lines += [
        "",
        "Percentages are rounded to 1 decimal place and run from 0 to 100. "
        "An empty field means there is nothing to show.",
    ]
    if report.notes:
        lines += ["", "Notes"]
        for heading, text in report.notes:
            lines += ["", heading, text]
    return "\n".join(lines) + "\n"
