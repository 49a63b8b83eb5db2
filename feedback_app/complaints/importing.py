"""Reading the complaints register and the population from CSV: all or nothing.

Rows are numbered as a spreadsheet numbers them (the header is row 1); every problem
names its row and column. Labels are matched case-insensitively against the
configured lists and stored as the list spells them.
"""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass, field
from datetime import date

from analysis.working_days import STAGE2, STAGE2_MAX
from feedback_app.complaints.casework import close_on_receipt
from feedback_app.complaints.models import (
    DIMENSIONS,
    DISABILITIES,
    ETHNICITIES,
    KINDS,
    MADE_BY,
    OUTCOMES,
    PROCEDURES,
    STATUSES,
)

MAX_PROBLEMS = 50
COLUMNS = ("reference", "kind", "received_on", "service_area", "category", "made_by", "contact_method", "procedure",
           "advocate", "service_user_ethnicity", "service_user_disability", "stage1_responded_on", "stage1_extended",
           "stage2_started_on", "stage2_responded_on", "stage2_extended_to", "stage3_requested_on",
           "stage3_panel_on", "stage3_responded_on", "outcome")
#: Written by ``complaints export`` so that its file imports again; optional here.
EXPORT_EXTRAS = ("status", "void_reason")
REQUIRED = ("reference", "kind", "received_on", "made_by")
DATE_COLUMNS = ("received_on", "stage1_responded_on", "stage2_started_on", "stage2_responded_on",
                "stage3_requested_on", "stage3_panel_on", "stage3_responded_on")
YES_NO = {"yes": True, "no": False}
POPULATION_COLUMNS = ("year", "dimension", "group", "count")


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _match(raw: str, allowed) -> str | None:
    """The configured spelling of ``raw``, matched case-insensitively, or None."""
    wanted = raw.strip().casefold()
    return next((value for value in allowed if value.casefold() == wanted), None)


def _read(text: str, columns: tuple[str, ...], required: tuple[str, ...], result: Parsed):
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    for name in required:
        if name not in header:
            result.problems.append(f"row 1, column {name}: the column is missing")
    for name in header:
        if name not in columns:
            result.problems.append(f"row 1, column {name}: not a column of this file (use {', '.join(columns)})")
        elif header.count(name) > 1:
            result.problems.append(f"row 1, column {name}: appears more than once")
    if result.problems:
        return
    for row_number, row in enumerate(reader, start=2):
        if None in row:
            result.problems.append(f"row {row_number}: has more cells than the header has columns")
        elif any((value or "").strip() for value in row.values()):
            yield row_number, {key: (value or "").strip() for key, value in row.items()}
        if len(result.problems) >= MAX_PROBLEMS:
            return


def read_complaints_csv(text: str, service_areas, categories, contact_methods, on: date | None = None) -> Parsed:
    """The rows as column values; ``on`` is today (no date may be after it)."""
    on = on or date.today()
    result = Parsed()
    seen: dict[str, int] = {}
    for row_number, row in _read(text, COLUMNS + EXPORT_EXTRAS, REQUIRED, result):
        before = len(result.problems)

        def problem(column: str, message: str, row_number=row_number) -> None:
            result.problems.append(f"row {row_number}, column {column}: {message}")

        out: dict = {}
        reference = row.get("reference", "")
        if not reference:
            problem("reference", "a reference is needed")
        elif len(reference) > 40:
            problem("reference", "is longer than 40 characters")
        elif reference.casefold() in seen:
            problem("reference", f"'{reference}' is also on row {seen[reference.casefold()]}")
        else:
            seen[reference.casefold()] = row_number
        out["reference"] = reference

        def choice(column: str, allowed, required: bool = False, row=row):
            raw = row.get(column, "")
            if not raw:
                if required:
                    problem(column, f"is empty (use {', '.join(allowed)})")
                return None
            value = _match(raw, allowed)
            if value is None:
                problem(column, f"'{raw}' is not one of {', '.join(allowed)}")
            return value

        out["kind"] = choice("kind", KINDS, required=True)
        out["service_area"] = choice("service_area", service_areas)
        out["category"] = choice("category", categories)
        if out["category"] and out["kind"] and out["kind"] != "complaint":
            problem("category", f"only complaints have a category, and this is a {out['kind']}")
        out["made_by"] = choice("made_by", MADE_BY, required=True)
        out["contact_method"] = choice("contact_method", contact_methods)
        out["procedure"] = choice("procedure", PROCEDURES)
        out["service_user_ethnicity"] = choice("service_user_ethnicity", ETHNICITIES)
        out["service_user_disability"] = choice("service_user_disability", DISABILITIES)
        out["outcome"] = choice("outcome", OUTCOMES)
        for column in ("advocate", "stage1_extended"):
            raw = row.get(column, "")
            if raw and raw.casefold() not in YES_NO:
                problem(column, f"'{raw}' must be yes or no")
            out[column] = YES_NO.get(raw.casefold()) if raw else None
        out["stage1_extended"] = bool(out["stage1_extended"])
        for column in DATE_COLUMNS:
            raw = row.get(column, "")
            out[column] = None
            if not raw:
                if column == "received_on":
                    problem(column, "is empty (write the date as YYYY-MM-DD)")
                continue
            with contextlib.suppress(ValueError):
                out[column] = date.fromisoformat(raw) if len(raw) == 10 else None
            if out[column] is None:
                problem(column, f"'{raw}' must be a date written YYYY-MM-DD")
            elif out[column] > on:
                problem(column, f"{raw} is in the future")
            elif out["received_on"] and out[column] < out["received_on"]:
                problem(column, f"{raw} is before received_on")
        raw = row.get("stage2_extended_to", "")
        out["stage2_extended_to"] = None
        if raw:
            if not raw.isdigit() or not STAGE2 < int(raw) <= STAGE2_MAX:
                problem("stage2_extended_to", f"'{raw}' must be a number of working days from {STAGE2 + 1} "
                                              f"to {STAGE2_MAX}")
            else:
                out["stage2_extended_to"] = int(raw)
        _status(row, out, problem, on)
        if len(result.problems) == before:
            result.rows.append(close_on_receipt(out))
    if not result.rows and not result.problems:
        result.problems.append("the file has no rows in it")
    return result


def _status(row: dict, out: dict, problem, on: date) -> None:
    """Status from its column (an export's) or, in an older file, from the outcome; void from its reason."""
    raw = row.get("status", "")
    status = _match(raw, STATUSES) if raw else ("closed" if out["outcome"] else "open")
    if status is None:
        problem("status", f"'{raw}' is not one of {', '.join(STATUSES)}")
    elif out["kind"] == "complaint" and out["outcome"] and status != "closed":
        problem("outcome", f"a complaint has an outcome only when it is closed, and this one is {status}")
    elif out["kind"] == "complaint" and status == "closed" and not out["outcome"]:
        problem("outcome", "a closed complaint needs an outcome")
    elif out["kind"] != "complaint" and out["outcome"]:
        problem("outcome", f"only complaints have an outcome, and this is a {out['kind']}")
    out["status"] = status
    reason = row.get("void_reason", "")
    out["void_reason"] = reason or None
    # The export keeps the reason, not the day: a void case comes back void from the day it is imported.
    out["voided_on"] = on if reason else None


def read_population_csv(text: str) -> Parsed:
    result = Parsed()
    seen: dict[tuple, int] = {}
    for row_number, row in _read(text, POPULATION_COLUMNS, POPULATION_COLUMNS, result):
        before = len(result.problems)

        def problem(column: str, message: str, row_number=row_number) -> None:
            result.problems.append(f"row {row_number}, column {column}: {message}")

        year, dimension, group, count = (row.get(c, "") for c in POPULATION_COLUMNS)
        if not (year.isdigit() and 1900 <= int(year) <= 2200):
            problem("year", f"'{year}' must be a year such as 2011")
        dimension_value = _match(dimension, DIMENSIONS)
        group_value = None
        if dimension_value is None:
            problem("dimension", f"'{dimension}' must be ethnicity or disability")
        else:
            group_value = _match(group, DIMENSIONS[dimension_value])
            if group_value is None:
                problem("group", f"'{group}' is not one of {', '.join(DIMENSIONS[dimension_value])}")
        if not count.isdigit():
            problem("count", f"'{count}' must be a whole number, 0 or more")
        if len(result.problems) == before:
            key = (int(year), dimension_value, group_value)
            if key in seen:
                problem("group", f"'{group_value}' for {dimension_value} in {year} is also on row {seen[key]}")
                continue
            seen[key] = row_number
            result.rows.append({"year": int(year), "dimension": dimension_value, "group": group_value,
                                "count": int(count)})
    if not result.rows and not result.problems:
        result.problems.append("the file has no rows in it")
    return result
