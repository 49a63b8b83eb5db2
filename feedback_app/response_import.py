"""Reading responses from a CSV file (paper forms keyed in, or history): all or nothing.

Every row is checked with the same form the web uses before anything is written;
any problem is reported with its row (as a spreadsheet numbers it: the header is
row 1) and column, and then nothing is imported.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from werkzeug.datastructures import MultiDict

from feedback_app.privacy import today
from forms.builder import NOT_AN_OPTION, answers_from, build_form_class
from forms.i18n import SOURCE_LANGUAGE, shipped_languages
from forms.model import CHANNELS, MULTI, Questionnaire

FIXED_COLUMNS = ("submitted_on", "variant", "channel", "language")
MAX_PROBLEMS = 50


@dataclass
class ImportedRow:
    row: int
    variant: str
    channel: str
    submitted_on: date
    answers: dict[str, list[str]]
    language: str = SOURCE_LANGUAGE


@dataclass
class ImportResult:
    rows: list[ImportedRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_responses_csv(questionnaire: Questionnaire, text: str, default_channel: str = "paper") -> ImportResult:
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))  # Excel saves CSV with a byte-order mark
    columns = reader.fieldnames or []
    _check_header(questionnaire, columns, result)
    if result.problems:
        return result
    forms = {name: build_form_class(questionnaire, name) for name in questionnaire.variants}
    for row_number, row in enumerate(reader, start=2):
        if None in row:
            result.problems.append(f"row {row_number}: has more cells than the header has columns")
        elif any((value or "").strip() for value in row.values()):
            _read_row(questionnaire, forms, row_number, row, default_channel, result)
        if len(result.problems) >= MAX_PROBLEMS:
            break
    if not result.rows and not result.problems:
        result.problems.append("the file has no responses in it")
    return result


def _check_header(questionnaire: Questionnaire, columns: list[str], result: ImportResult) -> None:
    known = set(FIXED_COLUMNS) | set(questionnaire.question_ids)
    if "submitted_on" not in columns:
        result.problems.append("row 1: the column submitted_on is missing")
    for column in columns:
        if column not in known:
            result.problems.append(f"row 1, column {column}: not a question of {questionnaire.slug} "
                                   f"(its columns are {', '.join(FIXED_COLUMNS + questionnaire.question_ids)})")
    for column in {c for c in columns if columns.count(c) > 1}:
        result.problems.append(f"row 1, column {column}: appears more than once")


def _read_row(questionnaire, forms, row_number: int, row: dict, default_channel: str, result: ImportResult) -> None:
    problems_before = len(result.problems)

    def problem(column: str, message: str) -> None:
        result.problems.append(f"row {row_number}, column {column}: {message}")

    variant = (row.get("variant") or "").strip() or questionnaire.default_variant
    if variant not in questionnaire.variants:
        variants = ", ".join(questionnaire.variants)
        problem("variant", f"'{variant}' is not a variant of {questionnaire.slug} ({variants})")
        return
    channel = (row.get("channel") or "").strip() or default_channel
    if channel not in CHANNELS:
        problem("channel", f"'{channel}' must be one of {', '.join(CHANNELS)}")
    language = (row.get("language") or "").strip() or SOURCE_LANGUAGE
    if language not in shipped_languages():
        problem("language", f"'{language}' must be one of {', '.join(shipped_languages())}")
    submitted_on = _date(row.get("submitted_on"))
    if submitted_on is None:
        problem("submitted_on", f"'{row.get('submitted_on') or ''}' must be a date written YYYY-MM-DD")
    elif submitted_on > today():
        problem("submitted_on", f"{submitted_on.isoformat()} is in the future")

    asked = set(questionnaire.variant(variant).question_ids)
    data = MultiDict()
    for question in questionnaire.questions:
        raw = (row.get(question.id) or "").strip()
        if not raw:
            continue
        if question.id not in asked:
            problem(question.id, f"the {variant} variant does not ask this question")
            continue
        values = [v.strip() for v in raw.split(";") if v.strip()] if question.type == MULTI else [raw]
        for value in values:
            data.add(question.id, value)
    form = forms[variant](data)
    if not form.validate():
        for question_id, messages in form.errors.items():
            if question_id and messages[0] == NOT_AN_OPTION:
                options = ", ".join(questionnaire.question(question_id).option_values)
                problem(question_id, f"'{'; '.join(data.getlist(question_id))}' is not an answer to this question "
                                     f"(use {options})")
            elif question_id:
                problem(question_id, messages[0])
            else:
                result.problems.append(f"row {row_number}: no question is answered")
    if len(result.problems) == problems_before:
        result.rows.append(ImportedRow(row_number, variant, channel, submitted_on, answers_from(form), language))


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None
