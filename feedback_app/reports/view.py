"""A report table made ready for a page: header cells with their spans, rows of
formatted cells, and the bars of its chart. Templates then only loop; pandas stays here."""

from __future__ import annotations

from dataclasses import dataclass, replace

from analysis.formats.cells import is_missing, is_percent_cell, label_text
from analysis.formats.display import display_label, format_cell
from analysis.formats.pdf_charts import chart_plot
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
    """The bars of the table's chart: the same series and categories the printed chart
    draws (``chart_plot``), read across by category."""
    plot = chart_plot(_for_screen(table))
    if plot is None:
        return []
    series, categories, data = plot
    bars = []
    for row, category in enumerate(categories):
        for number, column in enumerate(series):
            value = data[number][row]
            label = display_label(table, category) + (f": {display_label(table, column)}" if len(series) > 1 else "")
            shown = format_cell(table.frame.at[category, column], is_percent=is_percent_cell(table, category, column))
            bars.append(Bar(label, value if isinstance(value, float | int) else 0.0, shown, number))
    return bars


def _for_screen(table: Table) -> Table:
    """On a screen a bar per category and series is a wall of bars: where a chart would
    draw more than three series and the table has a Total column, chart the totals."""
    frame = table.frame
    series = list(table.chart.series) or [c for c in frame.columns if c not in table.percent_columns and c != TOTAL]
    if len(series) > 3 and TOTAL in frame.columns:
        return table.replace(chart=replace(table.chart, series=(TOTAL,)))
    return table
