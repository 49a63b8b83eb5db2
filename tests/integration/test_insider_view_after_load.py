"""The anonymity audit after load, from the insider's side (issue 9, "How it is checked"):
every staff page and export that shows response-derived data, searched for a group
under the minimum (``min_responses_shown``, 5 by default).

The load: several hundred responses to every questionnaire, in three months that are
over and in the current one, every version, each configured team and meeting type
(and none), About you answers drawn so that some groups are small (1 to 4) and some
big, one month with fewer than the minimum, comments in every month. Most (711) are
stored with ``store_response``, what the web form calls (the web path itself is covered
by the public tests and the load audit), for speed; 12 of cp-conference-parent's go
through the real paths: the web form (9, its clock moved into two months that are over
and this one) and invitation cards made for a batch and opened at ``/c/<code>`` (3, this
month, with the batch's team and meeting type).

Then, as an administrator and as a manager, the walk: the staff home, the reports
index, the invitations page (administrator only), each questionnaire's comments pages
(following "Next"), its satisfaction page for each filter value and a few periods (a
single day, a single small month, a range to today, a month compared with the one
before, the default), and its downloads in every format, published and not.

Everything is judged from the output alone (HTML tables, JSON, CSV, XLSX, the PDF's
text), against counts taken from the database with plain SQL, never through
``analysis/``:

(a) no output shows a table for a selection of fewer than the minimum, nor one that
    leaves 1 to minimum-1 responses of the whole period (or of the selection with a
    filter fewer) beside it; with ``compare``, a previous period like that shows only c;
(b) in a table whose rows are groups of respondents, a row counting fewer than the
    minimum shows "c" (or nothing) in every other cell;
(c) in those tables the rows shown as "c", with the people in no row (who left the
    question blank), add up to 0 or at least the minimum, so the Total minus the rows
    shown gives nobody away (checked both ways: the withheld rows' sum, and the Total
    minus the rows shown, where each respondent is in one row at most);
(d) the comments pages show no comment from the current month or from a month with
    fewer than the minimum, each under its own month, and no date finer than a month;
(e) nothing is a time finer than a date (``problems()`` of the anonymity audit).

``test_the_checker_catches_a_leak`` breaks each rule in the app in turn (the minimum set
to 1, no withholding, no secondary rule, blank answers forgotten, a too-small previous
period shown, this month's comments released, a PDF stamped with the time) and shows the
checker reporting it. The walk found two leaks, fixed: a group of 1 to 4 who left an
About you question blank was the whole minus every row shown (analysis/small_groups.py),
and the PDF's creation date carried the time of day (analysis/formats/pdf_format.py).

SQLite by default; PostgreSQL under ``TEST_DATABASE=postgresql``.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import openpyxl
import pytest
from sqlalchemy import text

from feedback_app import privacy
from feedback_app import responses as responses_module
from feedback_app.extensions import db
from feedback_app.invitations.codes import MEETING_TYPES, create_batch
from feedback_app.responses import store_response
from feedback_app.staff.accounts import create_user
from tests.helpers import csrf_token, submit
from tests.integration.test_anonymity_after_load import problems

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDFs")

MINIMUM = 5  # the default deployment's min_responses_shown
PASSWORD = "correct horse battery staple"
#: Tables whose rows are groups of respondents, and the column that counts each group.
GROUP_TABLES = re.compile(r"^(by_variant|by_meeting_type|by_team|equalities_.*|objectives_achieved)$")
COUNT_COLUMNS = ("Responses", "Referrals")
TOTAL = "Total"
SUPPRESSED = "c"
PREVIOUS = "Previous positive %"
#: Responses stored per month: three months that are over (one under the minimum) and this one.
SMALL_MONTH_BACK = 2  # months before this one: the month with fewer responses than the minimum
PER_MONTH = {3: 40, SMALL_MONTH_BACK: 3, 1: 30, 0: 6}
MONTH_NAMES = ("January|February|March|April|May|June|July|August|September|October|November|December")
DAY_DATE = re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)? ({MONTH_NAMES}) \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
                      rf"\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")


# --- the load -----------------------------------------------------------------------------------------------

def _month_start(today: date, months_back: int) -> date:
    index = today.year * 12 + today.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _weighted(rng: random.Random, values, first_weight: float = 0.7):
    """One of ``values``, the first likeliest (answers lean one way, groups are uneven)."""
    values = list(values)
    if len(values) == 1:
        return values[0]
    rest = (1 - first_weight) / (len(values) - 1)
    return rng.choices(values, weights=[first_weight] + [rest] * (len(values) - 1))[0]


TEAM_WEIGHTS = {"Child Protection North": 45, "Child Protection South": 30, "Looked After Children": 6,
                "Family Group Conference Service": 3, None: 16}
MEETING_WEIGHTS = {"initial_cp_conference": 45, "review_cp_conference": 30, "lac_review": 6, "fgc": 3, None: 16}
ETHNICITY_WEIGHTS = {"white": 80, "mixed": 5, "asian": 6, "black": 4, "other": 2, "prefer_not_to_say": 3}


def _answers(rng: random.Random, variant, comment: str | None, *, skip: float = 0.06) -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for question in variant.questions:
        if question.personal:
            continue
        if question.type == "single":
            if rng.random() < skip:
                continue  # left unanswered
            if question.id == "eq_ethnicity":
                answers[question.id] = rng.choices(list(ETHNICITY_WEIGHTS), weights=list(ETHNICITY_WEIGHTS.values()))
            else:
                answers[question.id] = [_weighted(rng, question.option_values)]
        elif question.type == "multi":
            answers[question.id] = sorted({_weighted(rng, question.option_values, 0.5) for _ in range(2)})
        elif comment:  # each free text says which comment it goes with, so its month is known
            answers[question.id] = [comment if question.id == "comments" else f"{comment} ({question.id})"]
    return answers


def _remember(load: Load, slug: str, variant, answers: dict, first: date) -> None:
    """Which month each free-text answer was written in."""
    for question in variant.questions:
        if question.type == "text" and not question.personal and question.id in answers:
            value = answers[question.id]
            load.comment_months[(slug, value[0] if isinstance(value, list) else value)] = first


@dataclass
class Load:
    app: object
    today: date
    #: (questionnaire, comment) -> the first day of the month it was written in.
    comment_months: dict[tuple[str, str], date] = field(default_factory=dict)
    web: int = 0
    cards: int = 0
    direct: int = 0


def _fill(app, today: date) -> Load:
    load = Load(app, today)
    rng = random.Random(9)
    questionnaires = app.extensions["questionnaires"]
    with app.app_context():
        for slug, questionnaire in questionnaires.items():
            variants = list(questionnaire.variants)
            for back, how_many in PER_MONTH.items():
                first = _month_start(today, back)
                last = min(_month_end(first), today)
                for number in range(how_many):
                    day = first + timedelta(days=rng.randrange((last - first).days + 1))
                    # The small month always has a comment, whatever today's date does to the random stream:
                    # the checker must be shown comments of a month under the minimum to catch that leak.
                    commented = rng.random() < 0.4 or (back == SMALL_MONTH_BACK and number == 0)
                    comment = f"Comment {number} on {slug}, month {back}" if commented else None
                    variant = _weighted(rng, variants)
                    answers = _answers(rng, questionnaire.variant(variant), comment)
                    _remember(load, slug, questionnaire.variant(variant), answers, first)
                    store_response(questionnaire, variant, answers, submitted_on=day,
                                   team=rng.choices(list(TEAM_WEIGHTS), weights=list(TEAM_WEIGHTS.values()))[0],
                                   meeting_type=rng.choices(list(MEETING_WEIGHTS),
                                                            weights=list(MEETING_WEIGHTS.values()))[0])
                    load.direct += 1
    _through_the_web(load, rng)
    return load


def _through_the_web(load: Load, rng: random.Random) -> None:
    """cp-conference-parent answered as a family would: the web form in each month (its
    clock moved there), and invitation cards this month."""
    app, slug = load.app, "cp-conference-parent"
    questionnaire = app.extensions["questionnaires"][slug]
    variant = questionnaire.variant()
    real_today = responses_module.today
    try:
        for back in (3, 1, 0):
            day = min(_month_start(load.today, back) + timedelta(days=9), load.today)
            responses_module.today = lambda day=day: day
            for number in range(3):
                comment = f"Web comment {number} on {slug}, month {back}"
                answers = {name: values if len(values) > 1 else values[0]
                           for name, values in _answers(rng, variant, comment, skip=0).items()}
                _remember(load, slug, variant, answers, _month_start(load.today, back))
                assert submit(app.test_client(), f"/q/{slug}", answers).status_code == 303
                load.web += 1
    finally:
        responses_module.today = real_today
    with app.app_context():
        _, cards = create_batch(questionnaires=[slug], meeting_type="initial_cp_conference",
                                month=f"{load.today:%Y-%m}", team="Looked After Children", cards_each=3,
                                created_by="chair@council.example")
        db.session.commit()
    for number, card in enumerate(cards):
        family = app.test_client()
        assert family.get(f"/c/{card.code}").status_code == 302
        comment = f"Card comment {number} on {slug}, this month"
        answers = {name: values if len(values) > 1 else values[0]
                   for name, values in _answers(rng, variant, comment, skip=0).items()}
        _remember(load, slug, variant, answers, _month_start(load.today, 0))
        assert submit(family, f"/q/{slug}", answers).status_code == 303
        load.cards += 1


# --- the truth, from the database with plain SQL ------------------------------------------------------------

FILTER_COLUMNS = {"variant": "variant", "meeting_type": "meeting_type", "team": "team"}


def count_responses(slug: str, first: date, last: date, filters: dict[str, str]) -> int:
    where = " AND ".join(["questionnaire = :slug", "submitted_on >= :first", "submitted_on <= :last",
                          *(f"{FILTER_COLUMNS[name]} = :{name}" for name in filters)])
    return db.session.execute(text(f"SELECT count(*) FROM responses WHERE {where}"),  # noqa: S608 (fixed names)
                              {"slug": slug, "first": first, "last": last, **filters}).scalar_one()


def selection_too_small(slug: str, first: date, last: date, filters: dict[str, str], minimum: int) -> bool:
    """Whether the selection, or what it leaves of a wider one, is 1 to minimum-1 responses
    (or the selection is empty)."""
    count = count_responses(slug, first, last, filters)
    if count < minimum:
        return True
    wider = [{}] if filters else []
    if len(filters) > 1:
        wider += [{n: v for n, v in filters.items() if n != left_out} for left_out in filters]
    return any(0 < count_responses(slug, first, last, parent) - count < minimum for parent in wider)


def months_counted(today: date, asked_from: date | None, asked_to: date | None) -> tuple[date, date]:
    """The whole months over by ``today`` between the days asked for (default: this
    financial year's, or last year's in April)."""
    last_over = today.replace(day=1) - timedelta(days=1)
    if asked_from is None:
        year = today.year if today.month >= 4 else today.year - 1
        asked_from, asked_to = date(year, 4, 1), date(year + 1, 3, 31)
        if last_over < asked_from:
            asked_from, asked_to = date(year - 1, 4, 1), date(year, 3, 31)
    return asked_from.replace(day=1), _month_end(min(asked_to, last_over))


def months_before(first: date, last: date) -> tuple[date, date]:
    months = (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1
    index = first.year * 12 + first.month - 1 - months
    start = date(index // 12, index % 12 + 1, 1)
    return start, first - timedelta(days=1)


# --- reading the output -------------------------------------------------------------------------------------

@dataclass
class Grid:
    """A table as shown: its column headers (lowest level) and rows of (label, cells)."""

    columns: list[str]
    rows: list[tuple[str, list[str]]]


class _ReportTables(HTMLParser):
    """The report page's tables and their charts' bars, by the id of the heading each
    section is labelled by."""

    def __init__(self):
        super().__init__()
        self.grids: dict[str, Grid] = {}
        #: table id -> [(bar label, its series (0, 1...), bar width, the value printed beside it)]
        self.bars: dict[str, list[tuple[str, int, float, str]]] = {}
        self.any_table = False
        self._section = None
        self._grid: Grid | None = None
        self._row: list[tuple[str, str]] | None = None
        self._cell: list[str] | None = None
        self._cell_kind = ""
        self._in_head = False
        self._svg_text: tuple[str, list[str]] | None = None
        self._width = 0.0
        self._series = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        kind = attributes.get("class") or ""
        if tag == "section" and "app-report-table" in kind:
            self._section = attributes.get("aria-labelledby")
        elif tag == "table":
            self.any_table = True
            self._grid = Grid([], [])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._grid is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell, self._cell_kind = [], f"{tag}:{attributes.get('scope') or ''}"
        elif tag == "text" and kind.startswith("app-chart__"):
            self._svg_text = (kind, [])
        elif tag == "rect":
            self._width = float(attributes.get("width") or 0)
            self._series = int(re.search(r"app-chart__bar--(\d+)", kind).group(1))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._svg_text is not None:
            self._svg_text[1].append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append((self._cell_kind, "".join(self._cell).strip()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._grid is not None:
            if self._in_head:
                columns = [value for kind, value in self._row if kind == "th:col"]
                if columns:
                    self._grid.columns = columns
            elif self._row:
                self._grid.rows.append((self._row[0][1], [value for _, value in self._row[1:]]))
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._grid is not None:
            self.grids[self._section or f"table-{len(self.grids)}"] = self._grid
            self._grid = None
        elif tag == "text" and self._svg_text is not None:
            kind, parts = self._svg_text
            bars = self.bars.setdefault(self._section or "", [])
            if kind == "app-chart__label":
                bars.append(("".join(parts).strip(), 0, 0.0, ""))
            elif bars:
                bars[-1] = (bars[-1][0], self._series, self._width, "".join(parts).strip())
            self._svg_text = None


def read_report_page(page: str) -> _ReportTables:
    parser = _ReportTables()
    parser.feed(page)
    return parser


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _lowest(column) -> str:
    return _plain(column[-1] if isinstance(column, list | tuple) else column)


def grids_from_json(data: bytes) -> dict[str, Grid]:
    tables = json.loads(data)["tables"]
    return {table_id: Grid([_lowest(c) for c in table["columns"]],
                           [(_lowest(label), [_plain(v) for v in values])
                            for label, values in zip(table["index"], table["data"], strict=True)])
            for table_id, table in tables.items()}


def grids_from_csv_zip(data: bytes) -> tuple[dict[str, Grid], str]:
    """A table per ``<table id>.csv`` (one header row: satisfaction tables have one level), and all the text."""
    grids, texts = {}, []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name).decode("utf-8-sig")
            texts.append(content)
            if name.endswith(".csv"):
                header, *rows = list(csv.reader(io.StringIO(content)))
                grids[name.rsplit("/", 1)[-1].removesuffix(".csv")] = Grid(header[1:], [(r[0], r[1:]) for r in rows])
    return grids, "\n".join(texts)


def grids_from_xlsx(data: bytes) -> tuple[dict[str, Grid], str, list[str]]:
    """The tables (a sheet each, named by the Contents sheet's "Table id" and "Sheet"
    columns), every cell's text, and the workbook's own created/modified stamps."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheets = {name: [[_plain(value) for value in row] for row in workbook[name].iter_rows(values_only=True)]
              for name in workbook.sheetnames}
    contents = sheets["Contents"]
    listed = next(at for at, row in enumerate(contents) if row[:2] == ["Table id", "Sheet"])
    table_of = {}
    for row in contents[listed + 1:]:
        if not row[0]:
            break
        table_of[row[1]] = row[0]
    grids = {}
    for name, table_id in table_of.items():
        rows = sheets[name]  # the title, a blank row, the header row, then a row per table row to a blank row
        body = []
        for row in rows[3:]:
            if not any(row):
                break
            body.append((row[0], row[1:]))
        grids[table_id] = Grid(rows[2][1:], body)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml").decode()
    everything = "\n".join(cell for rows in sheets.values() for row in rows for cell in row)
    return grids, everything, re.findall(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", core)


def grids_from_pdf(text_: str, tables: dict[str, dict]) -> dict[str, Grid]:
    """The PDF's tables, read off ``pdftotext -layout``: table n is captioned "Table n: its
    title" (the caption that is not a contents line), its header row names the columns
    the JSON of the same report has, and its rows are a label and a cell per column,
    apart by two spaces or more. ``tables``: the JSON download's tables, in order."""
    lines = text_.splitlines()
    grids = {}
    for number, (table_id, table) in enumerate(tables.items(), 1):
        captions = [at for at, line in enumerate(lines) if line.startswith(f"Table {number}: ") and ". . ." not in line]
        if not captions:
            continue
        columns = [_lowest(column) for column in table["columns"]]
        at = captions[-1] + 1
        while at < len(lines) and re.split(r"\s{2,}", lines[at].strip()) != columns:
            at += 1
        if at == len(lines):
            continue
        rows = []
        for line in lines[at + 1:]:
            parts = re.split(r"\s{2,}", line.strip())
            if len(parts) != len(columns) + 1:
                break
            rows.append((parts[0], parts[1:]))
        grids[table_id] = Grid(columns, rows)
    return grids


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        return subprocess.run(["pdftotext", "-layout", file.name, "-"], check=True, capture_output=True,
                              text=True).stdout


# --- the checks ---------------------------------------------------------------------------------------------

BLANKS = ("", "-", "\u2013", "\u2014")


def _number(cell: str) -> float | None:
    """A shown figure as a number (``1,234``, ``71%``, ``70.7``), or None for c, a blank or text."""
    cleaned = cell.replace(",", "").rstrip("%").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


@dataclass
class Output:
    """One page or download as an insider got it, and what was asked for."""

    where: str
    slug: str
    first: date
    last: date
    filters: dict[str, str]
    compare: bool
    published: bool
    grids: dict[str, Grid]
    text: str
    bars: dict[str, list[tuple[str, int, float, str]]] = field(default_factory=dict)
    #: A page with a table, or a download that came (200): a report, whether or not its tables could be read.
    shows_tables: bool = False


@dataclass
class Seen:
    """What the checks looked at, so that a pass is not a pass on nothing."""

    group_rows_under_minimum: int = 0
    secondary_rows: int = 0
    withheld_sums_checked: int = 0
    previous_withheld: int = 0
    bars_checked: int = 0
    rests_checked: int = 0


def withheld(grid: Grid, count_at: int) -> list[tuple[str, list[str]]]:
    """Rows (not the Total) shown as a count and c in every other cell."""
    return [(label, cells) for label, cells in grid.rows if label != TOTAL and len(cells) > 1
            and all(cell == SUPPRESSED for at, cell in enumerate(cells) if at != count_at)]


def report_leaks(output: Output, minimum: int, seen: Seen | None = None) -> list[str]:
    """Everything in ``output`` that shows fewer than ``minimum`` respondents (rules a-c, e)."""
    seen = seen or Seen()
    leaks = [f"{output.where}: {problem}" for problem in problems(output.text)]
    if not output.shows_tables:
        return leaks
    # (a) The selection, and what it leaves of a wider one, counted here with plain SQL.
    if selection_too_small(output.slug, output.first, output.last, output.filters, minimum):
        count = count_responses(output.slug, output.first, output.last, output.filters)
        leaks.append(f"{output.where}: tables shown for a selection of {count} (or its rest is under {minimum})")
    overall = output.grids.get("overall")
    if overall is not None:
        shown = next((_number(cells[0]) for label, cells in overall.rows if label == "Responses"), None)
        count = count_responses(output.slug, output.first, output.last, output.filters)
        if shown is not None and shown != count:
            leaks.append(f"{output.where}: {shown} responses shown, the database has {count} for this selection")
    if output.compare and "question_summary" in output.grids:
        before = months_before(output.first, output.last)
        if selection_too_small(output.slug, *before, output.filters, minimum):
            summary = output.grids["question_summary"]
            at = summary.columns.index(PREVIOUS)
            seen.previous_withheld += 1
            leaks += [f"{output.where}: previous period ({before[0]} to {before[1]}) too small, yet {label} shows "
                      f"{cells[at]!r}" for label, cells in summary.rows if cells[at] not in (SUPPRESSED, *BLANKS)]
    total = next((_number(cells[0]) for label, cells in overall.rows if label == "Responses"), None) \
        if overall is not None else None
    for table_id, grid in output.grids.items():
        if GROUP_TABLES.match(table_id):
            leaks += [f"{output.where}: {table_id}: {leak}" for leak in _group_leaks(grid, minimum, seen, total)]
            leaks += [f"{output.where}: {table_id} chart: {leak}"
                      for leak in _bar_leaks(grid, output.bars.get(table_id, []), seen)]
    return leaks


def _group_leaks(grid: Grid, minimum: int, seen: Seen, total: float | None = None) -> list[str]:
    count_at = next(at for at, column in enumerate(grid.columns) if column in COUNT_COLUMNS)
    leaks = []
    # (b) A group under the minimum shows its count and nothing else (a group of nobody: zeros or blanks).
    for label, cells in grid.rows:
        if label == TOTAL:
            continue
        count = _number(cells[count_at])
        others = [cell for at, cell in enumerate(cells) if at != count_at]
        if count == 0:
            shown = [cell for cell in others if cell not in (SUPPRESSED, *BLANKS) and _number(cell) != 0]
        elif count is None or count < minimum:  # "c" for a count is published mode's 1 to 4
            seen.group_rows_under_minimum += 1
            shown = [cell for cell in others if cell not in (SUPPRESSED, *BLANKS)]
        else:
            continue
        if shown:
            leaks.append(f"group {label!r} of {cells[count_at]} shows {shown}")
    # (c) The groups withheld add up to nobody or to at least the minimum (else Total minus the rest finds
    # them), with the people in no row (who left the question blank): they are withheld too.
    counts = [_number(cells[count_at]) for _, cells in withheld(grid, count_at)]
    every_count = [_number(cells[count_at]) for label, cells in grid.rows if label != TOTAL]
    in_no_row = max(0, total - sum(every_count)) if total is not None and None not in every_count else 0
    if counts and None not in counts:
        seen.withheld_sums_checked += 1
        seen.secondary_rows += sum(1 for count in counts if count >= minimum)
        every_group = all(label == TOTAL or _number(cells[count_at]) == 0 or label in dict(withheld(grid, count_at))
                          for label, cells in grid.rows)
        if 0 < sum(counts) + in_no_row < minimum and not every_group:
            leaks.append(f"the groups shown as c add up to {sum(counts):g} (and {in_no_row:g} in no group), "
                         f"under {minimum}")
    # (c) again, as an insider would subtract: the selection's Total minus the groups whose figures
    # are shown is nobody or at least the minimum. People in no row (who left an About you question
    # blank) are a group too. Only where each respondent is in one row at most: rows adding up to more
    # than the Total overlap (aims of a referral), and taking some of them away isolates no one.
    hidden = {label for label, _ in withheld(grid, count_at)}
    shown = [_number(cells[count_at]) for label, cells in grid.rows if label != TOTAL and label not in hidden]
    if total is not None and None not in shown and None not in every_count and sum(every_count) <= total:
        seen.rests_checked += 1
        if 0 < total - sum(shown) < minimum:
            leaks.append(f"the Total ({total:g}) minus the groups shown ({sum(shown):g}) leaves "
                         f"{total - sum(shown):g}, under {minimum}")
    return leaks


def _bar_leaks(grid: Grid, bars: list[tuple[str, int, float, str]], seen: Seen) -> list[str]:
    """A withheld group's bars are drawn empty and labelled c, but for its count's bar (a
    series whose every bar reads its row's count). A bar's label is its row's, cut to 44
    characters, and ": series" when there are several."""
    count_at = next(at for at, column in enumerate(grid.columns) if column in COUNT_COLUMNS)
    counts = {label: cells[count_at] for label, cells in grid.rows}
    hidden = {label for label, _ in withheld(grid, count_at)}

    def row_of(bar_label: str) -> str | None:
        name = bar_label.rstrip("\u2026")
        rows = [row for row in counts if name.startswith(row + ": ") or name == row or row.startswith(name)
                or (": " in name and row.startswith(name.rsplit(": ", 1)[0]))]
        return max(rows, key=len) if rows else None

    placed = [(row_of(label), series, width, value, label) for label, series, width, value in bars]
    count_series = {series for series in {bar[1] for bar in placed}
                    if all(value == counts.get(row) for row, s, _, value, _ in placed if s == series)}
    leaks = []
    for row, series, width, value, label in placed:
        if row in hidden and series not in count_series:
            seen.bars_checked += 1
            if width or value not in (SUPPRESSED, *BLANKS):
                leaks.append(f"bar {label!r} drawn {width} wide, labelled {value!r}")
    return leaks


def comment_leaks(where: str, slug: str, page: str, load: Load, minimum: int) -> tuple[list[str], int]:
    """(d): each comment on a comments page is under its own month, a month that is over
    and had at least ``minimum`` responses; no date finer than a month. Also (e)."""
    leaks = [f"{where}: {problem}" for problem in problems(page)]
    main = page[page.find("<main"):page.find("</main>")]
    leaks += [f"{where}: a date {match.group(0)!r}" for match in DAY_DATE.finditer(main)]
    this_month = load.today.replace(day=1)
    shown = 0
    for month_name, body in re.findall(r"<caption[^>]*>\s*([A-Z][a-z]+ \d{4})[^<]*</caption>(.*?)</table>", page,
                                       re.DOTALL):
        first = date(int(month_name[-4:]), MONTH_NAMES.split("|").index(month_name[:-5]) + 1, 1)
        if first >= this_month:
            leaks.append(f"{where}: comments of {month_name}, which is not over")
        count = count_responses(slug, first, _month_end(first), {})
        if count < minimum:
            leaks.append(f"{where}: comments of {month_name}, which had {count} responses")
        for comment in re.findall(r'<td class="govuk-table__cell app-comment">(.*?)</td>', body, re.DOTALL):
            shown += 1
            written = load.comment_months.get((slug, comment.strip()))
            if written is None:
                leaks.append(f"{where}: a comment not in the load: {comment!r}")
            elif written != first:
                leaks.append(f"{where}: {comment!r} (written {written:%B %Y}) under {month_name}")
    return leaks, shown


# --- the walk -----------------------------------------------------------------------------------------------

REPORT = "/staff/reports/satisfaction/{slug}"
FORMATS = ("json", "csv", "xlsx", "pdf")


@dataclass
class Ask:
    """One satisfaction selection: the days typed (None: the page's default), filters, compare."""

    asked_from: date | None
    asked_to: date | None
    filters: dict[str, str]
    compare: bool = False
    published: bool = False

    def query(self) -> str:
        days = {"from": self.asked_from.isoformat(), "to": self.asked_to.isoformat()} if self.asked_from else {}
        return urlencode({**days, **self.filters, **({"compare": "1"} if self.compare else {}),
                          **({"publish": "1"} if self.published else {})})


def selections(load: Load, questionnaire) -> tuple[list[Ask], list[Ask]]:
    """The pages and the downloads to ask for: each filter value (one at a time, and a
    team with a meeting type) for a single day and for a range to today; a single small
    month; a month compared with the one before; the default; published too."""
    today = load.today
    last_month = _month_start(today, 1)
    one_day = (last_month + timedelta(days=14), last_month + timedelta(days=14))
    small_month = (_month_start(today, SMALL_MONTH_BACK), _month_end(_month_start(today, SMALL_MONTH_BACK)))
    to_today = (_month_start(today, 3), today)
    filters = [{}, *({"variant": v} for v in questionnaire.variants), *({"meeting_type": m} for m in MEETING_TYPES),
               *({"team": t} for t in TEAM_WEIGHTS if t), {"team": "Child Protection North",
                                                          "meeting_type": "initial_cp_conference"}]
    pages = [Ask(*days, chosen) for chosen in filters for days in (one_day, to_today)]
    pages += [Ask(*small_month, {}), Ask(None, None, {}), Ask(last_month, _month_end(last_month), {}, compare=True),
              Ask(last_month, _month_end(last_month), {"team": "Child Protection North"}, compare=True),
              Ask(*to_today, {}, published=True), Ask(*one_day, {"team": "Child Protection South"}, published=True)]
    downloads = [Ask(*to_today, {}, compare=True, published=published) for published in (False, True)]
    downloads += [Ask(*one_day, {"team": "Child Protection South"}, published=published) for published in (False, True)]
    downloads += [Ask(*small_month, {}), Ask(*one_day, {"team": "Family Group Conference Service"})]
    return pages, downloads


def _asked(load: Load, ask: Ask, where: str, slug: str, grids, text_: str, bars=None) -> Output:
    first, last = months_counted(load.today, ask.asked_from, ask.asked_to)
    if grids:  # a report: every table of it was read (and "overall" says how many responses)
        assert grids.get("overall") and grids["overall"].rows and "by_variant" in grids, (where, list(grids))
    return Output(where, slug, first, last, ask.filters, ask.compare, ask.published, grids, text_, bars or {},
                  shows_tables=bool(grids))


def satisfaction_outputs(load: Load, client, slug: str, ask: Ask, *, formats=FORMATS) -> list[Output]:
    """The page and the downloads of one selection, each read from what came back."""
    outputs = []
    url = f"{REPORT.format(slug=slug)}?{ask.query()}"
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    html = page.get_data(as_text=True)
    read = read_report_page(html)
    outputs.append(_asked(load, ask, url, slug, read.grids, html, read.bars))
    assert bool(read.grids) == read.any_table, url
    tables_json = None
    for fmt in formats:
        where = f"{REPORT.format(slug=slug)}/download/{fmt}?{ask.query()}"
        got = client.get(where)
        if got.status_code == 409:  # too few: the explanation page, never a file
            assert got.mimetype == "text/html", where
            outputs.append(_asked(load, ask, where, slug, {}, got.get_data(as_text=True)))
            continue
        assert got.status_code == 200, (where, got.status_code)
        if fmt == "json":
            tables_json = json.loads(got.data)["tables"]
            outputs.append(_asked(load, ask, where, slug, grids_from_json(got.data), got.get_data(as_text=True)))
        elif fmt == "csv":
            grids, everything = grids_from_csv_zip(got.data)
            outputs.append(_asked(load, ask, where, slug, grids, everything))
        elif fmt == "xlsx":
            grids, everything, stamps = grids_from_xlsx(got.data)
            # The workbook's own stamps say only the day it was made (as the anonymity audit checks).
            midnight = not stamps or all(stamp.endswith("T00:00:00") for stamp in stamps)
            outputs.append(_asked(load, ask, where, slug, grids, everything + ("" if midnight else str(stamps))))
        else:
            assert tables_json is not None, "the JSON is read first: it names the PDF's tables"
            text_ = pdf_text(got.data)
            # The file's own stamps, like the workbook's, say only the day it was made.
            with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
                file.write(got.data)
                file.flush()
                info = subprocess.run(["pdfinfo", "-isodates", file.name], check=True, capture_output=True,
                                      text=True).stdout
            stamps = re.findall(r"^(?:CreationDate|ModDate):\s+(\S+)", info, re.MULTILINE)
            midnight = all(stamp.endswith("T00:00:00Z") for stamp in stamps)
            outputs.append(_asked(load, ask, where, slug, grids_from_pdf(text_, tables_json),
                                  text_ + ("" if midnight else str(stamps))))
    return outputs


def comments_pages(client, slug: str) -> list[tuple[str, str]]:
    """Every page of a questionnaire's comments, following "Next"."""
    url, pages = f"/staff/reports/comments/{slug}", []
    while url:
        got = client.get(url)
        assert got.status_code == 200, (url, got.status_code)
        page = got.get_data(as_text=True)
        pages.append((url, page))
        following = re.search(r'<a[^>]*class="govuk-link govuk-pagination__link"[^>]*href="([^"]+)"[^>]*rel="next"',
                              page) or re.search(r'<a[^>]*href="([^"]+)"[^>]*rel="next"', page)
        url = following.group(1).replace("&amp;", "&") if following else None
    return pages


def _signed_in(app, role: str):
    with app.app_context():
        create_user(f"{role}@council.example", role, PASSWORD)
    client = app.test_client()
    signed = client.post("/staff/login", data={"csrf_token": csrf_token(client, "/staff/login"),
                                                "email": f"{role}@council.example", "password": PASSWORD})
    assert signed.status_code == 302, signed.status_code
    return client


@pytest.fixture(scope="module")
def loaded(migrated_app):
    app = migrated_app
    load = _fill(app, privacy.today())
    staff = {role: _signed_in(app, role) for role in ("admin", "manager")}
    yield load, staff
    app.extensions["sign_in_counters"].reset()
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


# --- the tests ----------------------------------------------------------------------------------------------

def test_no_staff_page_or_export_shows_a_group_under_the_minimum(loaded):
    load, staff = loaded
    app = load.app
    roles = list(staff.values())
    turn = iter(range(10**6))
    leaks, seen, requests = [], Seen(), 0
    shown = too_few = comments_shown = 0
    with app.app_context():
        # Pages with no table of answers: nothing on them may be a time, nor a batch's use.
        for role, client in staff.items():
            for url in ("/staff/", "/staff/reports") + (("/staff/invitations",) if role == "admin" else ()):
                got = client.get(url)
                requests += 1
                assert got.status_code == 200, (role, url, got.status_code)
                leaks += [f"{role} {url}: {problem}" for problem in problems(got.get_data(as_text=True))]
        for slug, questionnaire in app.extensions["questionnaires"].items():
            pages, downloads = selections(load, questionnaire)
            # Every download format, but a PDF (slow to make) only unfiltered, published, or for one questionnaire.
            asked = [(ask, ()) for ask in pages] + [
                (ask, FORMATS if not ask.filters or ask.published or slug == "cp-conference-parent"
                 else ("json", "csv", "xlsx")) for ask in downloads]
            for ask, formats in asked:
                client = roles[next(turn) % len(roles)]  # administrator and manager in turn
                for output in satisfaction_outputs(load, client, slug, ask, formats=formats):
                    requests += 1
                    leaks += report_leaks(output, MINIMUM, seen)
                    shown += output.shows_tables
                    too_few += not output.shows_tables
            for role, client in staff.items():
                for url, page in comments_pages(client, slug):
                    requests += 1
                    found, count = comment_leaks(f"{role} {url}", slug, page, load, MINIMUM)
                    leaks += found
                    comments_shown += count
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:40])
    # The walk saw what it was meant to: tables, refusals, small groups, the secondary rule, comments.
    assert shown > 200 and too_few > 100, (shown, too_few)
    assert seen.group_rows_under_minimum > 100 and seen.secondary_rows > 5 and seen.withheld_sums_checked > 50, seen
    assert seen.previous_withheld >= 9 and seen.bars_checked > 50 and seen.rests_checked > 500, seen
    assert comments_shown > 100, comments_shown
    print(f"{requests} requests; {shown} outputs with tables, {too_few} refused; {seen}; {comments_shown} comments")


def _walk_one(load: Load, client, formats=FORMATS, slug: str = "cp-conference-parent") -> list[str]:
    """The checks over one questionnaire's pages, two of its downloads and its comments."""
    pages, downloads = selections(load, load.app.extensions["questionnaires"][slug])
    pages = [ask for ask in pages if set(ask.filters) <= {"team"}]  # unfiltered and by team: enough to catch each
    leaks = []
    with load.app.app_context():
        for ask in pages:
            for output in satisfaction_outputs(load, client, slug, ask, formats=()):
                leaks += report_leaks(output, MINIMUM)
        for ask in downloads[:2]:
            for output in satisfaction_outputs(load, client, slug, ask, formats=formats):
                leaks += report_leaks(output, MINIMUM)
        for url, page in comments_pages(client, slug):
            leaks += comment_leaks(url, slug, page, load, MINIMUM)[0]
    return leaks


def _primary_rule_only(table, minimum, unplaced=0):
    """Small groups withheld without the secondary rule (what rows_to_withhold did first)."""
    if table.respondent_groups is None:
        return []
    return [row for row, size in table.frame[table.respondent_groups].items() if 0 < int(size or 0) < minimum]


BREAKAGES = {
    # (a), (b) and (d): the minimum is 1, so a small selection, a small group and a small month show all.
    "minimum of 1": (lambda app, monkeypatch: monkeypatch.setitem(
        app.config, "DEPLOYMENT", {**app.config["DEPLOYMENT"], "min_responses_shown": 1}),
        ("tables shown for a selection of", "shows ['", "which had 3 responses",
         "previous period")),
    # (b): groups under the minimum are not withheld.
    "no withholding": (lambda app, monkeypatch: monkeypatch.setattr(
        "analysis.small_groups.withhold", lambda table, rows: table), ("shows ['",)),
    # (c): no secondary withholding, so Total minus the groups shown gives the small ones away.
    "no secondary rule": (lambda app, monkeypatch: monkeypatch.setattr(
        "analysis.small_groups.rows_to_withhold", _primary_rule_only), ("the groups shown as c add up to",)),
    # (c) for people in no row: those who left an About you question blank not counted as withheld.
    "blank answers forgotten": (lambda app, monkeypatch: monkeypatch.setattr(
        "analysis.small_groups._unplaced", lambda table, everyone: 0), ("minus the groups shown",)),
    # (a) with compare: a previous period too small to show, shown.
    "previous period shown": (lambda app, monkeypatch: monkeypatch.setattr(
        "feedback_app.reports.service.withhold_column", lambda table, column: table), ("previous period",)),
    # (d): this month's comments released before it is over.
    "this month's comments": (lambda app, monkeypatch: monkeypatch.setattr(
        "feedback_app.reports.comments.last_released_day", lambda today: today), ("which is not over",)),
    # (e): the PDF stamped with the time of day it was made.
    "a PDF made at a time": (lambda app, monkeypatch: monkeypatch.setattr(
        "analysis.formats.pdf_format._dated_canvas", lambda made_on: __import__(
            "reportlab.pdfgen.canvas", fromlist=["Canvas"]).Canvas), ("time '",)),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_the_checker_catches_a_leak(loaded, monkeypatch, breakage):
    """Each rule broken in the app in turn: the same checks over the same walk report it."""
    load, staff = loaded
    breaks, expected = BREAKAGES[breakage]
    # The same walk is clean unbroken (the first test walks a superset of it); PDFs only where they are the point.
    formats = FORMATS if "PDF" in breakage else ("json", "csv", "xlsx")
    breaks(load.app, monkeypatch)
    leaks = _walk_one(load, staff["manager"], formats)
    for kind in expected:
        assert any(kind in leak for leak in leaks), (kind, leaks[:10])


def test_the_chart_check_catches_a_bar_of_a_withheld_group():
    grid = Grid(["Referrals", "Concerns addressed"], [("Contact", ["2", "c"]), ("Schooling", ["9", "4"])])
    fine = [("Contact: Referrals", 0, 20.0, "2"), ("Contact: Concerns addressed", 1, 0.0, "c"),
            ("Schooling: Referrals", 0, 90.0, "9"), ("Schooling: Concerns addressed", 1, 40.0, "4")]
    assert not _bar_leaks(grid, fine, Seen())
    drawn = [*fine[:1], ("Contact: Concerns addressed", 1, 10.0, "1"), *fine[2:]]
    assert _bar_leaks(grid, drawn, Seen()) == ["bar 'Contact: Concerns addressed' drawn 10.0 wide, labelled '1'"]
