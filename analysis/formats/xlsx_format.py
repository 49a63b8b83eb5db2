"""Reports as an Excel workbook (openpyxl): a "Contents" sheet, then a sheet per table.

Contents gives the title, authority, period, whether the figures are published (with
small numbers protected), each table's id, sheet and title, and the method notes.
A table's sheet has its title in A1, a blank row, the header row(s) in bold, then
the rows with their labels in column A. Counts and percentages are numbers
(percentages rounded to 1 decimal place, shown as ``0.0``), ``c`` is text. Panes are
frozen below the header and beside the labels; the table's note, if any, is under it.

Every text cell is neutralised (:func:`~analysis.formats.cells.neutralise_formula`)
and stored as a string, so nothing in the workbook is ever a formula.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from analysis.formats.cells import (
    body_rows,
    header_rows,
    index_header,
    is_percent_cell,
    label_text,
    neutralise_formula,
    plain_label,
)
from analysis.tables import SUPPRESSED, Report, Table

CONTENTS = "Contents"
MAX_SHEET_NAME = 31
#: Names Excel will not accept for a sheet, besides ours.
RESERVED_SHEET_NAMES = {CONTENTS.lower(), "history"}
PERCENT_FORMAT = "0.0"
COUNT_FORMAT = "#,##0"
MIN_WIDTH, MAX_WIDTH = 8, 60
FIRST_TABLE_ROW = 3  # title in A1, a blank row

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
RIGHT = Alignment(horizontal="right")


def write_xlsx(report: Report, out) -> None:
    """Write the workbook to a path or a binary file-like object.

    Not ``Workbook.save``: that stamps the file with the second it was written. A
    workbook's dates say only the day the report was made (no time more precise than a
    date leaves the system, even about an export)."""
    workbook = build_workbook(report)
    day = datetime.combine(report.made_on or date.today(), time())
    workbook.properties.created = workbook.properties.modified = day
    ExcelWriter(workbook, ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True)).save()


def build_workbook(report: Report) -> Workbook:
    workbook = Workbook()
    contents = workbook.active
    contents.title = CONTENTS
    names = sheet_names(report.tables)
    for table_id, table in report.tables.items():
        _table_sheet(workbook.create_sheet(names[table_id]), table)
    _contents_sheet(contents, report, names)
    workbook.properties.title = _clean(report.title)
    workbook.properties.creator = _clean(report.authority) or None
    workbook.properties.subject = _clean(report.subject) or None
    return workbook


def sheet_names(tables: Mapping[str, Table]) -> dict[str, str]:
    """Table id -> a sheet name Excel accepts, made from the table's short title, else its
    title (else its id): at most 31 characters, cut at a word where it can be, none of
    ``[]:*?/\\``, unique ignoring case; a name that clashes gets `` (2)``, `` (3)`` ...
    at its end. A reader sees "Complaint outcomes by service", not a cut id."""
    names: dict[str, str] = {}
    taken = set(RESERVED_SHEET_NAMES)
    for table_id, table in tables.items():
        base = _sheet_text(table.sheet_title or table.title) or _sheet_text(str(table_id)) or "Table"
        name, number = _shorten(base, MAX_SHEET_NAME), 2
        while name.lower() in taken:
            suffix = f" ({number})"
            name = _shorten(base, MAX_SHEET_NAME - len(suffix)) + suffix
            number += 1
        taken.add(name.lower())
        names[table_id] = name
    return names


def _sheet_text(text) -> str:
    """Text without the characters a sheet name cannot hold, spaces collapsed, no quote at either end."""
    text = re.sub(r"[\[\]:*?/\\]", " ", _clean(text))
    return " ".join(text.split()).strip("' ")


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at the last whole word when there is one."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if text[limit] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;-'") or text[:limit]


class _Sheet:
    """Writes cells, keeping what the column widths need."""

    def __init__(self, worksheet: Worksheet):
        self.worksheet = worksheet
        self.widths: dict[int, int] = {}

    def put(self, row: int, column: int, value, *, font=None, number_format=None, fit=True, alignment=None):
        cell = self.worksheet.cell(row=row, column=column)
        if value is None:
            return cell
        if isinstance(value, bool) or not isinstance(value, int | float):
            text = neutralise_formula(_clean(label_text(value) if not isinstance(value, str) else value))
            cell.value = text
            cell.data_type = "s"  # never a formula, whatever it starts with
            shown = text
        else:
            cell.value = value
            if number_format:
                cell.number_format = number_format
            shown = _shown_number(value, number_format)
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        if fit:
            self.widths[column] = max(self.widths.get(column, 0), len(shown))
        return cell

    def fit_columns(self, minimum: int = MIN_WIDTH):
        for column, width in self.widths.items():
            letter = get_column_letter(column)
            self.worksheet.column_dimensions[letter].width = min(max(minimum, width + 2), MAX_WIDTH)


def _shown_number(value, number_format) -> str:
    if number_format == PERCENT_FORMAT:
        return f"{value:.1f}"
    if number_format == COUNT_FORMAT:
        return f"{value:,.0f}"
    return str(value)


def _table_sheet(worksheet: Worksheet, table: Table) -> None:
    sheet = _Sheet(worksheet)
    sheet.put(1, 1, table.title, font=TITLE_FONT, fit=False)
    row = FIRST_TABLE_ROW
    headers = header_rows(table)
    for level, header in enumerate(headers):
        if level == len(headers) - 1:
            sheet.put(row, 1, index_header(table) or None, font=BOLD)
        for position, label in enumerate(header, start=2):
            sheet.put(row, position, _label(label), font=BOLD)
        row += 1
    worksheet.freeze_panes = worksheet.cell(row=row, column=2).coordinate
    columns = list(table.frame.columns)
    for label, values in body_rows(table):
        sheet.put(row, 1, _label(label))
        for position, value in enumerate(values):
            is_percent = is_percent_cell(table, label, columns[position])
            number_format = None
            alignment = None
            if isinstance(value, int | float) and not isinstance(value, bool):
                number_format = PERCENT_FORMAT if is_percent else COUNT_FORMAT if isinstance(value, int) else None
            elif value == SUPPRESSED:
                alignment = RIGHT
            sheet.put(row, position + 2, value, number_format=number_format, alignment=alignment)
        row += 1
    if table.note:
        sheet.put(row + 1, 1, table.note, fit=False)
    sheet.fit_columns()


def _contents_sheet(worksheet: Worksheet, report: Report, names: dict[str, str]) -> None:
    sheet = _Sheet(worksheet)
    sheet.put(1, 1, report.title, font=TITLE_FONT, fit=False)
    row = 2
    if report.subject:
        sheet.put(row, 1, report.subject, fit=False)
        row += 1
    row += 1
    period = report.period
    facts = [
        ("Authority", report.authority),
        ("Period", f"{period.label} ({period.start.isoformat()} to {period.end.isoformat()})"),
    ]
    if report.previous is not None:
        previous = report.previous
        facts.append(
            ("Compared with", f"{previous.label} ({previous.start.isoformat()} to {previous.end.isoformat()})")
        )
    facts.append(("Published", "Yes: small numbers are protected and shown as c" if report.published else "No"))
    if report.made_on:
        facts.append(("Made on", report.made_on.isoformat()))
    for heading, value in facts:
        if value:
            sheet.put(row, 1, heading, font=BOLD)
            sheet.put(row, 2, value, fit=False)
            row += 1
    row += 1
    sheet.put(row, 1, "Tables", font=TITLE_FONT, fit=False)
    row += 1
    for column, heading in enumerate(("Table id", "Sheet", "Title"), start=1):
        sheet.put(row, column, heading, font=BOLD)
    row += 1
    for table_id, table in report.tables.items():
        sheet.put(row, 1, table_id)
        link = sheet.put(row, 2, names[table_id])
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{names[table_id]}'!A1")
        link.style = "Hyperlink"
        sheet.put(row, 3, table.title)
        row += 1
    if report.notes:
        row += 1
        sheet.put(row, 1, "Notes", font=TITLE_FONT, fit=False)
        row += 1
        for heading, text in report.notes:
            sheet.put(row, 1, heading, font=BOLD, fit=False)
            sheet.put(row + 1, 1, text, fit=False)
            row += 3
    sheet.fit_columns()


def _label(label):
    """A row or column label for a cell: numbers stay numbers, a two-level row label
    is joined."""
    if isinstance(label, tuple):
        return " / ".join(label_text(part) for part in label)
    return plain_label(label)


def _clean(text) -> str:
    """Text without the control characters an XLSX file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(text)) if text else ""
