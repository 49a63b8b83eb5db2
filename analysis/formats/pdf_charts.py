"""Charts for the printable report, drawn with ReportLab's own chart library.

Bars are filled with distinct greys and outlined in black, with a legend when there
is more than one series, so a chart reads the same printed in black and white.
A protected cell (``"c"``) or an empty one is drawn as 0 and a note under the chart
says so; the table beside the chart always has the figures. A series with no figure
at all is left out, and a chart with nothing left to draw is not drawn.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable

import pandas as pd
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from analysis.formats import pdf_text
from analysis.formats.pdf_tagging import TaggedParagraph as Paragraph
from analysis.formats.pdf_tagging import tagger_of
from analysis.tables import SUPPRESSED, TOTAL, Table

__all__ = ["ChartFigure", "chart_description", "chart_flowables", "chart_plot", "grey_fills"]

FONT = pdf_text.FONT  # embedded Noto Sans (decision 0014)
BOLD = pdf_text.BOLD
SIZE = 7.5
TITLE_SIZE = 8
NOTE_STYLE = ParagraphStyle(
    "chart_note", fontName=FONT, fontSize=8, leading=10, spaceBefore=3, textColor=colors.Color(0.25, 0.25, 0.25)
)
SUPPRESSED_NOTE = "c: not shown to protect small numbers; drawn as 0 in the chart."
MISSING_NOTE = "–: no figure; drawn as 0 in the chart."


def grey_fills(count: int) -> list[colors.Color]:
    """``count`` greys from near black to near white, as far apart as they can be."""
    if count <= 1:
        return [colors.Color(0.35, 0.35, 0.35)]
    return [colors.Color(g, g, g) for g in (0.1 + 0.8 * i / (count - 1) for i in range(count))]


def chart_flowables(table: Table, *, width: float, label: Callable[[Table, Hashable], str]) -> list[Flowable]:
    """The table's chart with the notes under it, as one :class:`ChartFigure` (so a note
    never lands on a page of its own); nothing when the table has no chart or nothing to
    draw. ``label`` gives a row or column label as printed."""
    plot = chart_plot(table)
    if plot is None:
        return []
    pdf_text.register_fonts()
    series, categories, data = plot
    frame = table.frame
    percent = all(_has(table.percent_columns, s) for s in series)
    names = [label(table, s) for s in series]
    category_names = [label(table, row) for row in categories]
    category_title = " / ".join(str(n) for n in frame.index.names if n is not None)
    chart = table.chart
    stacked = chart.kind == "stacked"
    heights = [[0.0 if value is None or isinstance(value, str) else value for value in line] for line in data]
    if chart.kind == "hbar":
        drawing = _horizontal(heights, names, category_names, width, chart.value_label, category_title, percent)
    else:
        drawing = _vertical(heights, names, category_names, width, chart.value_label, category_title, percent, stacked)
    drawing.hAlign = "LEFT"
    drawing.initialFontName = FONT  # the renderer would start with Helvetica, which is not embedded
    cells = [value for line in data for value in line]
    notes = []
    if any(isinstance(value, str) for value in cells):
        notes.append(Paragraph(SUPPRESSED_NOTE, NOTE_STYLE))
    if any(value is None for value in cells):
        notes.append(Paragraph(MISSING_NOTE, NOTE_STYLE))
    return [ChartFigure(drawing, notes, alt=chart_description(chart.kind, chart.value_label, category_title, names,
                                                            category_names, data, percent))]


def chart_description(kind: str, value_label: str, category_title: str, names: list[str], categories: list[str],
                      data: list[list], percent: bool) -> str:
    """What a chart shows, in words, for its alternative text: the kind of chart, what is
    measured along what, and every bar's figure (there are never many)."""
    shape = {"hbar": "Bar chart", "stacked": "Stacked bar chart"}.get(kind, "Column chart")
    along = f" by {category_title.lower()}" if category_title else ""
    parts = [f"{shape}: {value_label}{along}."]
    for name, line in zip(names, data, strict=True):
        figures = ", ".join(f"{category} {_figure_words(value, percent)}"
                            for category, value in zip(categories, line, strict=True))
        parts.append(f"{name}: {figures}." if len(names) > 1 else f"{figures}.")
    return " ".join(parts)


def _figure_words(value, percent: bool) -> str:
    if value is None:
        return "no figure"
    if isinstance(value, str):
        return "not shown (small number)"
    return _tick_text(value, percent)


def chart_plot(table: Table) -> tuple[list, list, list[list[float | str | None]]] | None:
    """What the table's chart draws: its series (columns), its categories (rows) and,
    for each series, one value per category: a number, ``"c"`` for a protected cell or
    ``None`` for an empty one. A series with no figure at all (every value empty, as a
    previous period with no responses) is left out; ``None`` when there is no chart or
    nothing left to draw."""
    chart = table.chart
    if chart is None:
        return None
    frame = table.frame
    columns = list(frame.columns)
    rows = list(frame.index)
    if chart.series:
        series = [s for s in chart.series if s in columns]
    else:
        series = [c for c in columns if not _is_total(c) and not _has(table.percent_columns, c)]
        if not series:  # a table of percentages only
            series = [c for c in columns if not _is_total(c)]
    if chart.categories:
        categories = [r for r in chart.categories if r in rows]
    else:
        categories = [r for r in rows if not _is_total(r) and not _has(table.percent_rows, r)]
    if not series or not categories:
        return None

    values = frame.to_numpy(dtype=object)
    kept, data = [], []
    for column in series:
        c = columns.index(column)
        line: list[float | str | None] = []
        for row in categories:
            value = values[rows.index(row), c]
            number = _number(value)
            if number is None:
                number = SUPPRESSED if isinstance(value, str) and value == SUPPRESSED else None
            line.append(number)
        if any(value is not None for value in line):
            kept.append(column)
            data.append(line)
    if not kept:
        return None
    return kept, categories, data


class ChartFigure(Flowable):
    """A chart and the notes under it, moved to the next page together when they do not
    fit where they are. One flowable rather than a ``KeepTogether``, so that it can sit
    inside a table section's ``KeepTogether`` (ReportLab cannot nest those)."""

    def __init__(self, drawing: Flowable, notes: list[Flowable], alt: str = ""):
        super().__init__()
        self.drawing = drawing
        #: The figure's alternative text: what the chart shows (tagged PDFs, decision 0014).
        self.alt = alt
        self.notes = list(notes)
        self.hAlign = "LEFT"
        self._placed: list[tuple[Flowable, float]] = []

    def _parts(self) -> list[Flowable]:
        return [self.drawing, *self.notes]

    def wrap(self, availWidth, availHeight):
        self._placed = []
        width = height = 0.0
        for position, part in enumerate(self._parts()):
            if position:
                height += part.getSpaceBefore()
            part_width, part_height = part.wrap(availWidth, availHeight)
            self._placed.append((part, height + part_height))
            width = max(width, part_width)
            height += part_height
        self.width, self.height = width, height
        return width, height

    def draw(self):
        tagger = tagger_of(self.canv)
        for part, bottom in self._placed:
            if part is self.drawing and tagger is not None:
                with tagger.content("Figure", alt=self.alt, O="Layout", Placement="Block"):
                    part.drawOn(self.canv, 0, self.height - bottom)
            else:
                part.drawOn(self.canv, 0, self.height - bottom)

    def split(self, availWidth, availHeight):
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return self._parts()  # taller than a whole page: the pieces run on
        return []  # to the next page, notes and all


# -- the two shapes ------------------------------------------------------------------


def _horizontal(data, names, categories, width, value_label, category_title, percent):
    """Bars across, one group per row: room for long row labels."""
    n_series, n_categories = len(data), len(categories)
    label_room = min(0.32 * width, 150)
    wrapped = ["\n".join(simpleSplit(name, FONT, SIZE, label_room) or [""]) for name in categories]
    lines = max(text.count("\n") + 1 for text in wrapped)
    label_width = max(stringWidth(line, FONT, SIZE) for text in wrapped for line in text.split("\n"))
    unit = max(n_series * 8 + 6, lines * (SIZE + 1) + 4)
    plot_height = min(n_categories * unit, 480)

    legend, legend_height = _legend(data, names, width - 10)
    top = 16 if category_title else 6
    bottom = 14 + 14 + (legend_height + 8 if legend else 0)
    drawing = Drawing(width, top + plot_height + bottom)

    bc = HorizontalBarChart()
    bc.x = label_width + 8
    bc.y = bottom
    bc.width = width - bc.x - 16
    bc.height = plot_height
    # Bars in a group are drawn bottom up: reversed, the first series is at the top.
    bc.data = data[::-1]
    bc.categoryAxis.categoryNames = wrapped
    bc.categoryAxis.reverseDirection = 1  # the first row at the top, as in the table
    bc.categoryAxis.labels.boxAnchor = "e"
    bc.categoryAxis.labels.textAnchor = "end"
    bc.categoryAxis.labels.dx = -4
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = SIZE
    bc.categoryAxis.labels.leading = SIZE + 1
    bc.categoryAxis.tickLeft = 0
    _value_axis(bc.valueAxis, data, False, percent)
    bc.valueAxis.labels.boxAnchor = "n"
    bc.valueAxis.labels.dy = -3
    _bars(bc, n_series, reverse=True)
    if n_series > 1:  # groups of bars well apart, with a rule between them
        bc.groupSpacing = 16
        bc.categoryAxis.tickLeft = 4
        bc.categoryAxis.visibleGrid = 1
        bc.categoryAxis.gridStrokeColor = colors.Color(0.75, 0.75, 0.75)
        bc.categoryAxis.gridStrokeWidth = 0.3
    drawing.add(bc)
    if category_title:
        drawing.add(String(0, bc.y + bc.height + 6, category_title, fontName=BOLD, fontSize=TITLE_SIZE))
    drawing.add(
        String(bc.x + bc.width / 2, bc.y - 26, value_label, fontName=BOLD, fontSize=TITLE_SIZE, textAnchor="middle")
    )
    if legend:
        legend.x, legend.y = 0, legend_height + 2
        drawing.add(legend)
    return drawing


def _vertical(data, names, categories, width, value_label, category_title, percent, stacked):
    """Bars up, one group (or stack) per row."""
    n_categories = len(categories)
    value_room = 14 + 8 + max(stringWidth(_tick_text(v, percent), FONT, SIZE) for v in _ticks(data, stacked, percent))
    plot_width = width - value_room - 10
    slot = plot_width / n_categories
    longest_word = max(stringWidth(w, FONT, SIZE) for name in categories for w in (name.split() or [""]))
    if longest_word <= slot - 4:
        labels = ["\n".join(simpleSplit(name, FONT, SIZE, slot - 4) or [""]) for name in categories]
        angle = 0
        label_height = max(text.count("\n") + 1 for text in labels) * (SIZE + 1) + 4
    else:  # too crowded: slanted labels
        labels = categories
        angle = 40
        label_height = max(stringWidth(name, FONT, SIZE) for name in categories) * math.sin(math.radians(angle)) + 10

    legend, legend_height = _legend(data, names, width - 10)
    plot_height = 170
    bottom = label_height + 16 + (legend_height + 8 if legend else 0)
    drawing = Drawing(width, 8 + plot_height + bottom)

    bc = VerticalBarChart()
    bc.x = value_room
    bc.y = bottom
    bc.width = plot_width
    bc.height = plot_height
    bc.data = data
    bc.categoryAxis.categoryNames = labels
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = SIZE
    bc.categoryAxis.labels.leading = SIZE + 1
    bc.categoryAxis.labels.angle = angle
    bc.categoryAxis.labels.boxAnchor = "ne" if angle else "n"
    bc.categoryAxis.labels.dy = -3
    bc.categoryAxis.tickDown = 0
    if stacked:
        bc.categoryAxis.style = "stacked"
    _value_axis(bc.valueAxis, data, stacked, percent)
    bc.valueAxis.labels.boxAnchor = "e"
    bc.valueAxis.labels.dx = -3
    _bars(bc, len(data))
    drawing.add(bc)
    title = Group(String(0, 0, value_label, fontName=BOLD, fontSize=TITLE_SIZE, textAnchor="middle"))
    title.transform = (0, 1, -1, 0, TITLE_SIZE, bc.y + bc.height / 2)
    drawing.add(title)
    if category_title:
        drawing.add(
            String(
                bc.x + bc.width / 2,
                bc.y - label_height - 10,
                category_title,
                fontName=BOLD,
                fontSize=TITLE_SIZE,
                textAnchor="middle",
            )
        )
    if legend:
        legend.x, legend.y = 0, legend_height + 2
        drawing.add(legend)
    return drawing


# -- parts ---------------------------------------------------------------------------


def _bars(bc, n_series: int, *, reverse: bool = False) -> None:
    bc.barSpacing = 1
    bc.groupSpacing = 6
    bc.bars.strokeColor = colors.black
    bc.bars.strokeWidth = 0.4
    fills = grey_fills(n_series)
    for i, fill in enumerate(fills[::-1] if reverse else fills):
        bc.bars[i].fillColor = fill


def _ticks(data, stacked: bool, percent: bool) -> list[float]:
    step, top = _scale(data, stacked, percent)
    return [step * i for i in range(int(round(top / step)) + 1)]


def _scale(data, stacked: bool, percent: bool) -> tuple[float, float]:
    """A tidy tick step (1, 2 or 5 times a power of ten; whole for counts) and axis top."""
    totals = [sum(column) for column in zip(*data, strict=True)] if stacked else [max(line) for line in data]
    largest = max(*totals, 1.0)
    raw = largest / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if not percent:
        step = max(step, 1)
    return step, math.ceil(largest / step - 1e-9) * step


def _value_axis(axis, data, stacked: bool, percent: bool) -> None:
    step, top = _scale(data, stacked, percent)
    axis.valueMin = 0
    axis.valueMax = top
    axis.valueStep = step
    axis.labels.fontName = FONT
    axis.labels.fontSize = SIZE
    axis.labelTextFormat = lambda value: _tick_text(value, percent)
    axis.visibleGrid = 1
    axis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    axis.gridStrokeWidth = 0.3
    axis.strokeWidth = 0.5


def _tick_text(value: float, percent: bool) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text + "%" if percent else text


def _legend(data, names, width) -> tuple[Legend | None, float]:
    """A legend laid out in as many columns as fit ``width``, and its height."""
    if len(names) < 2:
        return None, 0
    fills = grey_fills(len(names))
    swatch, gap = 8, 5
    item = max(stringWidth(name, FONT, SIZE) for name in names) + swatch + gap + 14
    per_row = max(1, min(len(names), int(width // item)))
    column_length = math.ceil(len(names) / per_row)
    legend = Legend()
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.colorNamePairs = list(zip(fills, names, strict=True))
    legend.fontName = FONT
    legend.fontSize = SIZE
    legend.dx = legend.dy = swatch
    legend.dxTextSpace = gap
    legend.deltay = SIZE + 4
    legend.deltax = item
    legend.autoXPadding = 14
    legend.columnMaximum = column_length
    legend.strokeColor = colors.black
    legend.strokeWidth = 0.4
    legend.variColumn = 0
    return legend, column_length * (SIZE + 4)


def _number(value) -> float | None:
    if value is None or isinstance(value, str | bool):
        return None
    if not isinstance(value, numbers.Real):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return None
    number = float(value)
    return None if math.isinf(number) else number


def _has(mapping: dict, key: Hashable) -> bool:
    try:
        return key in mapping
    except TypeError:
        return False


def _is_total(label) -> bool:
    if isinstance(label, tuple):
        return any(part == TOTAL for part in label)
    return label == TOTAL
