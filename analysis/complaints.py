"""The statutory annual report on comments, compliments and complaints (children's
social care), as the tables of seed 003 section 5 (Coventry 2011/12).

:func:`complaints_report` takes the register (one row per representation, the
columns of ``feedback_app.complaints.models.Representation``) and the service-user
population, and returns a :class:`~analysis.tables.Report` whose table ids, indexes
and columns are fixed by spec/interfaces.md ("report complaints tables").

Everything is counted with whole-column numpy/pandas operations (category codes and
``np.bincount``; ``in_time_many`` for the working-day rules), so a register of
100,000 representations takes a small fraction of a second.

Interpretations chosen here (the contract leaves them open):

* **Which representations.** Those *received* in the financial year (1 April to
  31 March, by ``received_on``), of every procedure (statutory and corporate): a
  caller who wants one procedure only filters the frame first. Last year's figures
  are the previous financial year, chosen the same way.
* **Service not established.** A representation whose ``service_area`` is empty
  counts in every Total and in the tables without service columns, and in no
  service column; the tables with service columns say so in a note. Where such
  representations make a Total larger than the sum of the service columns, the
  table's :class:`~analysis.tables.Group` for that row does not claim the Total is
  their sum: it carries the count not shown as ``hidden``. A ``service_area`` that
  is not one of the configured services (a service since renamed) is treated the
  same way, with its own note. Likewise a complaint with no (or an unconfigured)
  category counts in the Total row but in no category row, and one with an
  unconfigured contact method in the percentages' denominator but in no row.
* **Children / Others.** ``made_by == "child"`` is *Children* (*Child* in the
  timeliness tables); everyone else, and a missing ``made_by``, is *Others*.
* **Outcomes.** ``complaint_outcomes_by_service_and_category`` and
  ``complaint_outcomes`` count complaints received in the year that have an
  outcome (open complaints are left out); *Percentage* is of those, and *Previous
  year percentage* of last year's complaints with an outcome.
* **Timeliness.** A complaint received in the year counts at a stage when it has a
  response date for that stage (whenever that response was sent). Stage 1 is in
  time when answered within 10 working days of ``received_on``, 20 when
  ``stage1_extended``. Stage 2 is in time when answered within 25 working days of
  ``stage2_started_on``, or within the agreed ``stage2_extended_to`` (taken as at
  least 25 and at most the statutory 65); a stage 2 response with no start date is
  not in time. The day received (started) is day 0; weekends and England and Wales
  bank holidays are not working days (:mod:`analysis.working_days`).
* **Equalities.** Each complaint counts one service user (the register holds no
  person id); a missing ethnicity or disability is *Not stated*. *All users* is
  the population rows whose ``year`` is the report's year. A value that is not one
  of the groups (matched case-insensitively) counts in the Total only.
* **Advocacy.** *Children who complained* counts complaints made by children (not
  distinct children); *With an advocate* those of them with ``advocate`` True
  (missing counts as no).
* **Values** (``kind``, ``made_by``, services, categories, methods, outcomes) are
  compared as the register stores them (the importer has already matched them to
  the configured labels); only the equalities groups are matched case-insensitively.
* **Groups** (for disclosure control): totals tables get one Group per row and per
  column, each carrying the counts it does not show as ``hidden``; a timeliness
  column's *Completed in time* plus the late ones (hidden) make *Responded to*;
  *With an advocate* plus those without make *Children who complained*; the outcome
  numbers, and each contact-method column, add up to a total published elsewhere.
* Counts are integers; percentages are floats from 0 to 100, not rounded, and
  missing (NaN, written out as null) where there is nothing to divide by.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.periods import Period, financial_year
from analysis.tables import TOTAL, Chart, Group, Report, Table, percent
from analysis.working_days import STAGE1, STAGE1_EXTENDED, STAGE2, STAGE2_MAX, in_time_many

__all__ = [
    "DISABILITIES",
    "ETHNICITIES",
    "KINDS",
    "MADE_BY",
    "OUTCOMES",
    "ComplaintsSetup",
    "complaints_report",
]

# The register's value lists (the same as feedback_app.complaints.models).
KINDS = ("complaint", "compliment", "comment")
MADE_BY = ("child", "parent", "carer", "relative", "advocate", "professional", "other")
ETHNICITIES = ("White", "Mixed", "Asian", "Black", "Other ethnic group", "Not stated")
DISABILITIES = ("Yes", "No", "Not stated")
OUTCOMES = ("Upheld", "Partly upheld", "Not upheld", "Withdrawn")

TITLE = "Comments, compliments and complaints: annual report"
KIND_ROWS = ("Comments", "Compliments", "Complaints")
_KIND_OF_ROW = {"Comments": "comment", "Compliments": "compliment", "Complaints": "complaint"}
CHILDREN, OTHERS = "Children", "Others"
CHILD, OTHER = "Child", "Other"
RESPONDED, IN_TIME = "Responded to", "Completed in time"
NOT_STATED = "Not stated"
ALL_USERS, ALL_USERS_PC, COMPLAINTS, COMPLAINTS_PC = "All users", "All users %", "Complaints", "Complaints %"
NUMBER, PERCENTAGE, PREVIOUS_PC = "Number", "Percentage", "Previous year percentage"
CHILDREN_WHO_COMPLAINED, WITH_ADVOCATE = "Children who complained", "With an advocate"

REGISTER_COLUMNS = (
    "kind",
    "received_on",
    "service_area",
    "category",
    "made_by",
    "contact_method",
    "advocate",
    "service_user_ethnicity",
    "service_user_disability",
    "stage1_responded_on",
    "stage1_extended",
    "stage2_started_on",
    "stage2_responded_on",
    "stage2_extended_to",
    "outcome",
)
"""The register columns the report reads (any missing one is taken as empty):
``analysis.sources`` reads exactly these."""
_TRUE = (True, "yes", "Yes", "YES", "true", "True", "y", "Y")


@dataclass(frozen=True)
class ComplaintsSetup:
    """What the deployment's configuration says about its register."""

    services: tuple[str, ...]
    categories: tuple[str, ...]
    contact_methods: tuple[str, ...]


# --- counting helpers ------------------------------------------------------------------


def _codes(values: pd.Series, labels: Sequence[str]) -> np.ndarray:
    """Position of each value in ``labels``; -1 for a missing or unknown value."""
    return pd.Index(list(labels), dtype=object).get_indexer(values.astype(object)).astype(np.int64)


def _codes_casefold(values: pd.Series, labels: Sequence[str]) -> np.ndarray:
    """As :func:`_codes`, matching case-insensitively (and ignoring outer spaces)."""
    folded = values.astype("string").str.strip().str.casefold().fillna("").astype(object)
    return _codes(folded, [label.casefold() for label in labels])


def _crosstab(row_codes: np.ndarray, n_rows: int, column_codes: np.ndarray, n_columns: int) -> np.ndarray:
    """Counts as an ``(n_rows + 1, n_columns + 1)`` array whose row 0 and column 0
    hold the values outside the labels (code -1) and the rest the labelled ones."""
    flat = (row_codes + 1) * (n_columns + 1) + (column_codes + 1)
    return np.bincount(flat, minlength=(n_rows + 1) * (n_columns + 1)).reshape(n_rows + 1, n_columns + 1)


def _hidden(count) -> tuple[int, ...]:
    return (int(count),) if count else ()


def _count_table(
    counts: np.ndarray,
    rows: Sequence[Hashable],
    columns: Sequence[Hashable] | pd.MultiIndex,
    *,
    row_total: bool = True,
    column_total: bool = True,
) -> tuple[pd.DataFrame, tuple[Group, ...]]:
    """The frame and groups for counts from :func:`_crosstab`.

    The Total column counts every value in its row, outside the columns too, and the
    Total row every value in its column; each Group carries what it does not show as
    ``hidden``, so it is exact (``cells + hidden == total``)."""
    body = counts[1:, 1:]
    row_labels = list(rows) + ([TOTAL] if row_total else [])
    column_labels = list(columns)
    data = body
    if row_total:
        data = np.vstack([data, counts[:, 1:].sum(axis=0)])
    if column_total:
        right = counts[1:, :].sum(axis=1)
        if row_total:
            right = np.append(right, counts.sum())
        data = np.column_stack([data, right])
        column_labels = column_labels + [TOTAL]
    if isinstance(columns, pd.MultiIndex) and not column_total:
        column_index = columns
    else:
        column_index = pd.Index(column_labels, dtype=object)
    frame = pd.DataFrame(data.astype(np.int64), index=pd.Index(row_labels, dtype=object), columns=column_index)

    groups = []
    if row_total:
        for j, column in enumerate(columns):
            cells = tuple((row, column) for row in rows)
            groups.append(Group(cells, (TOTAL, column), _hidden(counts[0, j + 1])))
        if column_total:
            cells = tuple((row, TOTAL) for row in rows)
            groups.append(Group(cells, (TOTAL, TOTAL), _hidden(counts[0, :].sum())))
    if column_total:
        for i, row in enumerate(rows):
            cells = tuple((row, column) for column in columns)
            groups.append(Group(cells, (row, TOTAL), _hidden(counts[i + 1, 0])))
        if row_total:
            cells = tuple((TOTAL, column) for column in columns)
            groups.append(Group(cells, (TOTAL, TOTAL), _hidden(counts[:, 0].sum())))
    return frame, tuple(groups)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _service_notes(services: pd.Series, known: np.ndarray, noun: str) -> str:
    """The "N.B." lines for representations in no service column."""
    outside = known < 0
    if not outside.any():
        return ""
    missing = services[outside].isna()
    notes = []
    n_missing = int(missing.sum())
    if n_missing:
        notes.append(f"N.B. In {_plural(n_missing, noun)} the service area involved could not be established.")
    unknown = services[outside][~missing]
    if len(unknown):
        names = ", ".join(sorted(unknown.astype(str).unique()))
        notes.append(
            f"N.B. {_plural(len(unknown), noun)} about a service that is not in the configured list ({names}) "
            "counted in the totals only."
        )
    return " ".join(notes)


def _category_note(categories: np.ndarray) -> str:
    n = int((categories < 0).sum())
    if not n:
        return ""
    return f"N.B. {_plural(n, 'complaint')} with no recorded category (or one not configured) counted in Totals only."


def _join(*notes: str) -> str:
    return " ".join(note for note in notes if note)


def _as_bool(values: pd.Series) -> np.ndarray:
    return values.isin(_TRUE).to_numpy()


def _dates(values: pd.Series) -> pd.Series:
    result = pd.to_datetime(values)
    if getattr(result.dt, "tz", None) is not None:
        result = result.dt.tz_localize(None)
    return result.dt.normalize()


def _in_period(received: pd.Series, period: Period) -> np.ndarray:
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    return ((received >= start) & (received <= end)).to_numpy()


# --- the report ------------------------------------------------------------------------


def complaints_report(
    representations: pd.DataFrame,
    population: pd.DataFrame,
    setup: ComplaintsSetup,
    year: int,
    *,
    authority: str,
    made_on: date | None = None,
) -> Report:
    """The annual report for the financial year starting 1 April ``year`` (see the
    module docstring for what is counted)."""
    period = financial_year(year)
    last_period = financial_year(year - 1)
    services = tuple(setup.services)
    categories = tuple(setup.categories)
    methods = tuple(setup.contact_methods)

    representations = _with_columns(representations)
    received = _dates(representations["received_on"])
    this_year = _in_period(received, period)
    last_year = _in_period(received, last_period)
    kind = representations["kind"].to_numpy(dtype=object)
    current = representations[this_year]
    kind_now = kind[this_year]
    kind_before = kind[last_year]

    complaints = current[kind_now == "complaint"].copy()
    complaints["received_on"] = received[this_year][kind_now == "complaint"]
    compliments = current[kind_now == "compliment"]
    last_complaints = representations[last_year][kind_before == "complaint"]

    service_area = _blank_as_missing(complaints["service_area"])
    service = _codes(service_area, services)
    category = _codes(complaints["category"], categories)
    child = (complaints["made_by"] == "child").to_numpy()
    outcome = _codes(complaints["outcome"], OUTCOMES)
    service_note = _service_notes(service_area, service, "complaint")

    tables: list[Table] = []
    tables.append(_representations_received(kind_now, kind_before, period, last_period))
    tables.append(_compliments_by_service(compliments, services))
    tables.append(_by_complainant(service, child, services, service_note))
    tables.append(_by_category(service, category, services, categories, service_note))
    tables.append(_outcomes_by_service(service, category, outcome, services, categories, complaints, service_area))
    tables.append(_outcomes(outcome, _codes(last_complaints["outcome"], OUTCOMES)))
    tables.extend(_timeliness(complaints, service, service_area, child, services))
    population = _population_of(population, year)
    for dimension, groups, column, title in (
        ("ethnicity", ETHNICITIES, "service_user_ethnicity", "Equalities monitoring: ethnic origin"),
        ("disability", DISABILITIES, "service_user_disability", "Equalities monitoring: disability"),
    ):
        tables.append(_equalities(dimension, groups, complaints[column], population, title, period))
    tables.append(_contact_methods(complaints["contact_method"], child, methods))
    tables.append(_advocacy(complaints["advocate"], child))

    return Report(
        kind="complaints",
        title=TITLE,
        authority=authority,
        period=period,
        previous=last_period,
        tables={table.id: table for table in tables},
        notes=_method_notes(period, services),
        made_on=made_on,
    )


def _with_columns(representations: pd.DataFrame) -> pd.DataFrame:
    """``representations`` with any register column it lacks added as missing values."""
    missing = [column for column in REGISTER_COLUMNS if column not in representations.columns]
    if not missing:
        return representations
    return representations.assign(
        **{column: pd.Series(None, index=representations.index, dtype=object) for column in missing}
    )


def _blank_as_missing(values: pd.Series) -> pd.Series:
    values = values.astype(object)
    return values.where(values.notna() & (values != ""), None)


def _representations_received(kind_now, kind_before, period: Period, last_period: Period) -> Table:
    now = _codes(pd.Series(kind_now, dtype=object), KINDS)
    before = _codes(pd.Series(kind_before, dtype=object), KINDS)
    order = [KINDS.index(_KIND_OF_ROW[row]) for row in KIND_ROWS]
    frame = pd.DataFrame(
        {
            period.label: np.bincount(now[now >= 0], minlength=3)[order].astype(np.int64),
            last_period.label: np.bincount(before[before >= 0], minlength=3)[order].astype(np.int64),
        },
        index=pd.Index(KIND_ROWS, dtype=object),
    )
    frame.columns = pd.Index(frame.columns, dtype=object)
    return Table(
        id="representations_received",
        title=f"Comments, compliments and complaints received, {period.label} and {last_period.label}",
        sheet_title="Representations received",
        frame=frame,
        chart=Chart("bar", series=(period.label, last_period.label), value_label="Number received"),
    )


def _compliments_by_service(compliments: pd.DataFrame, services: tuple[str, ...]) -> Table:
    service_area = _blank_as_missing(compliments["service_area"])
    service = _codes(service_area, services)
    counts = _crosstab(np.zeros(len(service), dtype=np.int64), 1, service, len(services))
    frame, groups = _count_table(counts, ["Compliments"], services, row_total=False)
    return Table(
        id="compliments_by_service",
        title="Number of compliments received by service",
        sheet_title="Compliments by service",
        frame=frame,
        groups=groups,
        note=_service_notes(service_area, service, "compliment"),
    )


def _by_complainant(service, child, services, note) -> Table:
    who = np.where(child, 0, 1)
    frame, groups = _count_table(_crosstab(who, 2, service, len(services)), [CHILDREN, OTHERS], services)
    return Table(
        id="complaints_by_service_and_complainant",
        title="Number of complaints received by service and who made them",
        sheet_title="Complaints by who made them",
        frame=frame,
        groups=groups,
        note=note,
    )


def _by_category(service, category, services, categories, note) -> Table:
    frame, groups = _count_table(_crosstab(category, len(categories), service, len(services)), categories, services)
    return Table(
        id="complaints_by_service_and_category",
        title="Number of complaints received by service and by category",
        sheet_title="Complaints by category",
        frame=frame,
        groups=groups,
        note=_join(note, _category_note(category)),
        chart=Chart("stacked", series=services, categories=categories, value_label="Complaints"),
    )


def _outcomes_by_service(service, category, outcome, services, categories, complaints, service_area) -> Table:
    decided = outcome >= 0
    column = np.where((service >= 0) & decided, service * len(OUTCOMES) + outcome, -1)
    columns = pd.MultiIndex.from_product([list(services), list(OUTCOMES)])
    counts = _crosstab(category, len(categories), column, len(columns))
    frame, groups = _count_table(counts, categories, columns, column_total=False)
    note = _service_notes(service_area[decided], service[decided], "complaint with an outcome")
    return Table(
        id="complaint_outcomes_by_service_and_category",
        title="Complaint outcomes by service and by category (complaints with an outcome)",
        sheet_title="Outcomes by service, category",
        frame=frame,
        groups=groups,
        note=_join(note, _category_note(category[decided])),
    )


def _outcomes(outcome: np.ndarray, last_outcome: np.ndarray) -> Table:
    number = pd.Series(np.bincount(outcome[outcome >= 0], minlength=len(OUTCOMES)), index=list(OUTCOMES))
    before = pd.Series(np.bincount(last_outcome[last_outcome >= 0], minlength=len(OUTCOMES)), index=list(OUTCOMES))
    number, before = number.astype(np.int64), before.astype(np.int64)
    frame = pd.DataFrame(
        {
            NUMBER: number,
            PERCENTAGE: percent(number, pd.Series(int(number.sum()), index=number.index)),
            PREVIOUS_PC: percent(before, pd.Series(int(before.sum()), index=before.index)),
        }
    )
    frame.index = pd.Index(OUTCOMES, dtype=object)
    frame.columns = pd.Index(frame.columns, dtype=object)
    before.index = frame.index
    return Table(
        id="complaint_outcomes",
        title="Complaint outcomes (complaints received in the year that have an outcome)",
        sheet_title="Complaint outcomes",
        frame=frame,
        percent_columns={PERCENTAGE: (NUMBER,), PREVIOUS_PC: (before,)},
        # The numbers add up to the complaints with an outcome, which the percentages give away.
        groups=(Group(tuple((row, NUMBER) for row in OUTCOMES)),),
        chart=Chart("hbar", series=(NUMBER,), value_label="Complaints"),
    )


def _timeliness(complaints, service, service_area, child, services) -> list[Table]:
    received = complaints["received_on"]
    stage1 = _dates(complaints["stage1_responded_on"])
    allowed1 = np.where(_as_bool(complaints["stage1_extended"]), STAGE1_EXTENDED, STAGE1)
    started = _dates(complaints["stage2_started_on"])
    stage2 = _dates(complaints["stage2_responded_on"])
    agreed = pd.to_numeric(complaints["stage2_extended_to"], errors="coerce").fillna(STAGE2)
    allowed2 = agreed.clip(lower=STAGE2, upper=STAGE2_MAX).astype(np.int64).to_numpy()

    columns = pd.MultiIndex.from_product([list(services), [CHILD, OTHER]])
    column = np.where(service >= 0, service * 2 + np.where(child, 0, 1), -1)
    tables = []
    for number, start, response, allowed, title in (
        (1, received, stage1, allowed1, "Stage 1 complaints (local resolution)"),
        (2, started, stage2, allowed2, "Stage 2 complaints (formal investigation)"),
    ):
        responded = response.notna().to_numpy()
        in_time = np.zeros(len(response), dtype=bool)
        if responded.any():
            in_time[responded] = in_time_many(
                start.to_numpy()[responded], response.to_numpy()[responded], allowed[responded]
            )
        n = len(columns)
        answered = np.bincount(column[responded & (column >= 0)], minlength=n).astype(np.int64)
        timely = np.bincount(column[in_time & (column >= 0)], minlength=n).astype(np.int64)
        frame = pd.DataFrame([answered, timely], index=pd.Index([RESPONDED, IN_TIME], dtype=object), columns=columns)
        groups = tuple(
            Group(((IN_TIME, c),), (RESPONDED, c), _hidden(answered[j] - timely[j])) for j, c in enumerate(columns)
        )
        tables.append(
            Table(
                id=f"stage{number}_timeliness_by_service",
                title=f"{title}: responded to and completed in time, by service and who made them",
                sheet_title=f"Stage {number} timeliness",
                frame=frame,
                groups=groups,
                note=_service_notes(service_area[responded], service[responded], "complaint"),
            )
        )
    return tables


def _population_of(population: pd.DataFrame, year: int) -> pd.DataFrame:
    if population is None or not len(population):
        return pd.DataFrame({"dimension": [], "group": [], "count": []})
    years = pd.to_numeric(population["year"], errors="coerce")
    return population[(years == year).to_numpy()]


def _group_counts(codes: np.ndarray, n: int, weights=None) -> tuple[np.ndarray, int]:
    """Counts per group (in order) and the total of values outside the groups."""
    counts = np.bincount(codes + 1, weights=weights, minlength=n + 1)
    counts = np.rint(counts).astype(np.int64)
    return counts[1:], int(counts[0])


def _equalities(dimension, groups, values: pd.Series, population: pd.DataFrame, title: str, period: Period) -> Table:
    people = population[(population["dimension"] == dimension).to_numpy()]
    people_counts, people_outside = _group_counts(
        _codes_casefold(people["group"], groups), len(groups), pd.to_numeric(people["count"]).to_numpy()
    )
    values = values.astype(object).where(values.notna() & (values != ""), NOT_STATED)
    complaint_counts, complaints_outside = _group_counts(_codes_casefold(values, groups), len(groups))
    people_all = np.append(people_counts, people_counts.sum() + people_outside)
    complaints_all = np.append(complaint_counts, complaint_counts.sum() + complaints_outside)
    index = pd.Index(list(groups) + [TOTAL], dtype=object)
    people_s = pd.Series(people_all, index=index, dtype=np.int64)
    complaints_s = pd.Series(complaints_all, index=index, dtype=np.int64)
    frame = pd.DataFrame(
        {
            ALL_USERS: people_s,
            ALL_USERS_PC: percent(people_s, pd.Series(int(people_all[-1]), index=index)),
            COMPLAINTS: complaints_s,
            COMPLAINTS_PC: percent(complaints_s, pd.Series(int(complaints_all[-1]), index=index)),
        }
    )
    frame.columns = pd.Index(frame.columns, dtype=object)
    table_groups = (
        Group(tuple((g, ALL_USERS) for g in groups), (TOTAL, ALL_USERS), _hidden(people_outside)),
        Group(tuple((g, COMPLAINTS) for g in groups), (TOTAL, COMPLAINTS), _hidden(complaints_outside)),
    )
    notes = []
    if people_outside:
        notes.append(f"N.B. {people_outside} service users in groups other than these counted in the Total only.")
    if complaints_outside:
        notes.append(f"N.B. {_plural(complaints_outside, 'complaint')} in other groups counted in the Total only.")
    end = period.end
    return Table(
        id=f"equalities_{dimension}",
        title=f"{title}: all service users at {end.day} {end:%B %Y} and service users in complaints",
        sheet_title=f"Equalities, {dimension}",
        frame=frame,
        percent_columns={ALL_USERS_PC: (ALL_USERS,), COMPLAINTS_PC: (COMPLAINTS,)},
        groups=table_groups,
        note=" ".join(notes),
        chart=Chart("bar", series=(ALL_USERS_PC, COMPLAINTS_PC), categories=tuple(groups), value_label="Percentage"),
    )


def _contact_methods(values: pd.Series, child: np.ndarray, methods: tuple[str, ...]) -> Table:
    method = _codes(values, methods)
    index = pd.Index(methods, dtype=object)
    columns = {}
    groups = []
    outside_total = 0
    for who, pc, mask in ((CHILDREN, f"{CHILDREN} %", child), (OTHERS, f"{OTHERS} %", ~child)):
        counts, outside = _group_counts(method[mask], len(methods))
        number = pd.Series(counts, index=index, dtype=np.int64)
        columns[who] = number
        columns[pc] = percent(number, pd.Series(int(mask.sum()), index=index))
        # The numbers add up to the children's (others') complaints, shown elsewhere.
        groups.append(Group(tuple((m, who) for m in methods), None, _hidden(outside)))
        outside_total += outside
    frame = pd.DataFrame(columns)
    frame.columns = pd.Index(frame.columns, dtype=object)
    note = ""
    if outside_total:
        note = (
            f"N.B. {_plural(outside_total, 'complaint')} with no recorded contact method (or one not configured) "
            "counted in the percentages' denominators only."
        )
    return Table(
        id="contact_methods",
        title="Contact methods used (complaints)",
        sheet_title="Contact methods",
        frame=frame,
        percent_columns={f"{CHILDREN} %": (CHILDREN,), f"{OTHERS} %": (OTHERS,)},
        groups=tuple(groups),
        note=note,
    )


def _advocacy(advocate: pd.Series, child: np.ndarray) -> Table:
    children = int(child.sum())
    with_advocate = int((child & _as_bool(advocate)).sum())
    frame = pd.DataFrame(
        {NUMBER: np.array([children, with_advocate], dtype=np.int64)},
        index=pd.Index([CHILDREN_WHO_COMPLAINED, WITH_ADVOCATE], dtype=object),
    )
    frame.columns = pd.Index(frame.columns, dtype=object)
    return Table(
        id="advocacy",
        title="Children who complained and those who had an advocate",
        sheet_title="Advocacy",
        frame=frame,
        groups=(
            Group(((WITH_ADVOCATE, NUMBER),), (CHILDREN_WHO_COMPLAINED, NUMBER), _hidden(children - with_advocate)),
        ),
    )


def _method_notes(period: Period, services: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    start, end = period.start, period.end
    return (
        (
            "What is counted",
            f"Comments, compliments and complaints received from {start.day} {start:%B %Y} to "
            f"{end.day} {end:%B %Y} (by the date received), compared with the year before. The outcome tables "
            "count the complaints received in the year that have an outcome; complaints still open are left out. "
            "The timeliness tables count the complaints received in the year that have a response at that stage.",
        ),
        (
            "Completed in time",
            f"Time limits are in working days: weekends and England and Wales bank holidays are not working days, "
            f"and the day a complaint is received is day 0. Stage 1 is in time when the response is dated within "
            f"{STAGE1} working days of receipt, or {STAGE1_EXTENDED} when the time was extended. Stage 2 is in time "
            f"when the response is dated within {STAGE2} working days of the start of the investigation, or within "
            f"the extension agreed (at most {STAGE2_MAX} working days).",
        ),
        (
            "Children and others",
            "Children are complaints made by the child or young person; Others are those made by anyone else "
            "(parents, carers, relatives, advocates, professionals and others). Advocacy counts the complaints "
            "made by children and those of them where the child had an advocate.",
        ),
        (
            "Service not established",
            "A comment, compliment or complaint whose service area could not be established counts in every "
            "total and in the tables without service columns, but in no service column, so a total can be "
            "larger than the sum of the services; a note under the table says how many.",
        ),
        (
            "Equalities",
            "Each complaint counts one service user. A complaint with no ethnicity or disability recorded counts "
            "as Not stated. All users are the service users recorded for the year.",
        ),
    )
