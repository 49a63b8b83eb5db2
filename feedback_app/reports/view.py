"""A report table made ready for a page: header cells with their spans, rows of
formatted cells, and the bars of its chart. Templates then only loop; pandas stays here."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.formats.cells import is_missing, is_percent_cell, label_text
from analysis.formats.display import display_label, format_cell
from analysis.tables import TOTAL, Table


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    series: int  # which series (for its shade)


@dataclass(frozen=True)
class TableView:
    id: str
    title: str
    note: str
    #: A two-level header's upper row: (label, number of columns it spans); empty for one level.
    groups: list[tuple[str, int]]
    columns: list[str]
    #: (row label, is it the total row, [(cell text, is it a number)])
    rows: list[tuple[str, bool, list[tuple[str, bool]]]]
    bars: list[Bar]
    largest: float
    has_suppressed: bool


def table_view(table: Table) -> TableView:
    frame = table.frame
    two_level = frame.columns.nlevels > 1
    groups: list[tuple[str, int]] = []
    if two_level:
        for upper in frame.columns.get_level_values(0):
            if groups and groups[-1][0] == label_text(upper):
                groups[-1] = (groups[-1][0], groups[-1][1] + 1)
            else:
                groups.append((label_text(upper), 1))
    columns = [label_text(column[-1] if two_level else column) for column in frame.columns]
    rows = []
    suppressed = False
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        cells = []
        for column, value in zip(frame.columns, values, strict=True):
            suppressed = suppressed or value == "c"
            numeric = value == "c" or (not isinstance(value, str) and not is_missing(value))
            cells.append((format_cell(value, is_percent=is_percent_cell(table, label, column)), numeric))
        rows.append((display_label(table, label), label == TOTAL, cells))
    bars = _bars(table) if table.chart else []
    return TableView(table.id, table.title, table.note, groups, columns, rows, bars,
                     max((bar.value for bar in bars), default=0), suppressed)


def _bars(table: Table) -> list[Bar]:
    frame = table.frame
    series = list(table.chart.series) or [c for c in frame.columns if c not in table.percent_columns and c != TOTAL]
    if len(series) > 3 and TOTAL in frame.columns:
        # On a screen, a bar per category and series is a wall of bars: show each category's total.
        series = [TOTAL]
    categories = list(table.chart.categories) or [r for r in frame.index if r != TOTAL]
    bars = []
    for category in categories:
        for number, column in enumerate(series):
            value = frame.at[category, column]
            plotted = 0.0 if isinstance(value, str) or is_missing(value) else float(value)
            label = display_label(table, category) + (f": {display_label(table, column)}" if len(series) > 1 else "")
            bars.append(Bar(label, plotted, format_cell(value, is_percent=is_percent_cell(table, category, column)),
                            number))
    return bars
