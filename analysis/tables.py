"""The shape every report takes, whatever writes it out.

A :class:`Report` is an ordered set of :class:`Table` objects plus what a reader
needs to trust them (period, method notes, whether small numbers are protected).
The report families (``complaints``, ``satisfaction``) build them; the
``formats`` modules write them as JSON, CSV, XLSX or PDF; ``disclosure`` protects
them for publication. None of them needs to know about the others.

A table's ``frame`` holds display labels as its index and columns (``Neighbourhood
Services``, ``Partly upheld``, ``Total``); a two-level column header is a pandas
MultiIndex. Counts are integers and percentages numbers from 0 to 100 (or None when
there is nothing to divide by). After :func:`analysis.disclosure.protect` a cell
may hold the string ``"c"``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from analysis.periods import Period

SUPPRESSED = "c"
"""What a protected cell shows (the ONS and DfE convention)."""

TOTAL = "Total"

Cell = tuple[Hashable, Hashable]
"""A cell of a table: (row label, column label)."""


@dataclass(frozen=True)
class Group:
    """Cells that add up to a published total, for secondary suppression.

    ``total`` is the cell holding their sum when the table shows it; ``None`` when
    the sum is published somewhere else (another table, or the number of responses),
    so it can be worked out but cannot itself be hidden. ``hidden`` holds counts that
    belong to the sum but are not shown anywhere (for instance the answers that were
    *not* positive): a hidden count of 1 to 4 is as good as suppressed, and one
    that could be worked out must be protected like a shown one.
    """

    cells: tuple[Cell, ...]
    total: Cell | None = None
    hidden: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A picture of (part of) a table. Every chart is drawn beside its table, so
    readers who cannot see it lose nothing.

    ``kind`` is ``"bar"`` (one bar per row, side by side for several series),
    ``"stacked"`` (one bar per row made of the series) or ``"hbar"`` (horizontal bars,
    for long labels). ``series`` are column labels, ``categories`` row labels; empty
    means every one except totals.
    """

    kind: str = "hbar"
    series: tuple[Hashable, ...] = ()
    categories: tuple[Hashable, ...] = ()
    value_label: str = "Number"


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    frame: pd.DataFrame
    #: A line printed under the table (the seed reports' "N.B. ...").
    note: str = ""
    #: Columns holding percentages, each with the count columns of the same row it is
    #: made from (numerator and denominator when both are shown). A count column may
    #: also be given as a Series aligned with the index, for counts not shown (last
    #: year's numbers behind "Previous year percentage").
    percent_columns: dict[Hashable, tuple[Hashable | pd.Series, ...]] = field(default_factory=dict)
    #: The same for a row of percentages (``Overall positive %``): row label to the
    #: count rows, or Series aligned with the columns, it is made from.
    percent_rows: dict[Hashable, tuple[Hashable | pd.Series, ...]] = field(default_factory=dict)
    #: Additive relations between cells (see :func:`with_totals`).
    groups: tuple[Group, ...] = ()
    chart: Chart | None = None
    #: When each row is a group of people (a team, a meeting type, an About you group),
    #: the column counting them: :mod:`analysis.small_groups` withholds everything else
    #: a row under the minimum shows. None for tables of the whole selection.
    respondent_groups: Hashable | None = None
    #: Display labels for index entries that are ids (satisfaction tables are indexed
    #: by question ids and option values, which the contract fixes): printed reports
    #: and pages show these instead; JSON, CSV and XLSX keep the ids.
    display_index: dict[Hashable, str] = field(default_factory=dict)
    #: A short title (31 characters at most) for a workbook's sheet tab, where the title
    #: itself would be cut; empty: the title, shortened at a word.
    sheet_title: str = ""

    def replace(self, **changes) -> Table:
        return replace(self, **changes)

    def count_columns(self) -> list[Hashable]:
        return [c for c in self.frame.columns if c not in self.percent_columns]


@dataclass(frozen=True)
class Report:
    kind: str  # "complaints" or "satisfaction"
    title: str
    authority: str
    period: Period
    tables: dict[str, Table]
    #: The period compared with (last year), if any.
    previous: Period | None = None
    published: bool = False
    #: Method notes: (heading, text) pairs printed at the end and given in JSON.
    notes: tuple[tuple[str, str], ...] = ()
    #: What the report is about beyond the period, e.g. the questionnaire's title.
    subject: str = ""
    made_on: date | None = None

    def replace(self, **changes) -> Report:
        return replace(self, **changes)


def with_totals(
    frame: pd.DataFrame,
    *,
    row_total: Hashable | None = TOTAL,
    column_total: Hashable | None = TOTAL,
    columns: Sequence[Hashable] | None = None,
) -> tuple[Group, ...]:
    """Groups for a table whose ``row_total`` row sums the rows above it and whose
    ``column_total`` column sums the columns before it (either may be ``None``).
    ``columns`` limits the groups to those columns (the count columns of a table
    that also shows percentages)."""
    columns = list(frame.columns if columns is None else columns)
    body_rows = [r for r in frame.index if r != row_total]
    body_columns = [c for c in columns if c != column_total]
    groups = []
    if row_total is not None and row_total in frame.index:
        for column in columns:
            groups.append(Group(tuple((r, column) for r in body_rows), (row_total, column)))
    if column_total is not None and column_total in columns:
        for row in frame.index:
            groups.append(Group(tuple((row, c) for c in body_columns), (row, column_total)))
    return tuple(groups)


def percent(part, whole):
    """``part`` as a percentage of ``whole`` (0 to 100), ``None`` where ``whole`` is 0.
    Works on numbers and on pandas Series alike; not rounded (writers round)."""
    if isinstance(part, pd.Series) or isinstance(whole, pd.Series):
        result = 100 * pd.Series(part, dtype="float64") / pd.Series(whole, dtype="float64")
        return result.where(pd.Series(whole) != 0)
    return None if not whole else 100 * part / whole
