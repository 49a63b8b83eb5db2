"""The printable report: a :class:`~analysis.tables.Report` as an A4 PDF.

:func:`write_pdf` lays the report out with ReportLab's platypus and its built-in
Helvetica (no font files, nothing fetched): a cover page (authority, title, period,
whether small numbers are protected), a contents page, one numbered section per
table (caption, table, note, and a chart where the table asks for one, drawn in
greys so that it prints in black and white), then the method notes under "About
these figures". Every page carries the report's title and its page number.

A table too wide for a portrait page at a readable size goes on landscape pages;
header cells wrap, long tables repeat their header on each page.
"""

from __future__ import annotations

import calendar
import io
import time
from collections.abc import Hashable
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.tableofcontents import TableOfContents

from analysis.formats import pdf_text
from analysis.formats.cells import is_missing, label_text, plain_value
from analysis.formats.display import display_label, format_cell
from analysis.formats.pdf_charts import chart_flowables
from analysis.formats.pdf_tagging import TableTags, finish, tagged_canvas, tagger_of
from analysis.formats.pdf_tagging import TaggedParagraph as Paragraph
from analysis.periods import Period
from analysis.tables import SUPPRESSED, TOTAL, Report, Table

__all__ = ["write_pdf"]

# Embedded Noto Sans (PDF/UA wants every font embedded; Helvetica is not), decision 0014.
FONT = pdf_text.FONT
BOLD = pdf_text.BOLD
LANGUAGE = "en-GB"
SUPPRESSED_NOTE = "c: not shown to protect small numbers"
PUBLISHED = "For publication: small numbers are protected"
UNPUBLISHED = "Not for publication: contains unprotected small numbers"

MARGIN = 18 * mm
BOTTOM_MARGIN = 22 * mm
PORTRAIT = A4
LANDSCAPE = landscape(A4)
PORTRAIT_WIDTH = PORTRAIT[0] - 2 * MARGIN
LANDSCAPE_WIDTH = LANDSCAPE[0] - 2 * MARGIN

#: Sizes (page, font size) tried in turn for a table; the first it fits wins.
LAYOUTS = (("portrait", 9), ("portrait", 8), ("landscape", 8), ("landscape", 7), ("landscape", 6))
#: The font size of the parts of a table too wide for any page, shown one after another.
SPLIT_SIZE = 7
CELL_PADDING = 3
HEADER_GREY = colors.Color(0.88, 0.88, 0.88)
RULE_GREY = colors.Color(0.55, 0.55, 0.55)
TEXT_GREY = colors.Color(0.25, 0.25, 0.25)


def write_pdf(report: Report, out) -> None:
    """Write ``report`` as a PDF to ``out``: a path (``str`` or ``Path``) or a binary
    file-like object."""
    pdf_text.register_fonts()
    buffer = io.BytesIO()
    doc = _ReportDocument(
        buffer,
        pagesize=PORTRAIT,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=_document_title(report),
        author=report.authority,
        subject=report.subject or report.title,
        creator="Feedback platform",
        lang=LANGUAGE,
        displayDocTitle=True,
    )
    doc.footer_text = _document_title(report)
    doc.unpublished = not report.published
    maker = tagged_canvas(_dated_canvas(report.made_on))
    doc.multiBuild(_story(report), canvasmaker=maker)
    # The structure tree, language and title added after ReportLab has written the file.
    data = finish(buffer.getvalue(), maker.last.tagger, title=_document_title(report), language=LANGUAGE)
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)


def _dated_canvas(made_on: date | None):
    """A canvas whose file says it was made on ``made_on`` at midnight UTC (reportlab's
    fixed 1 January 2000 without one), never the time of day: like the workbook's stamps,
    nothing in an export is finer than a date."""
    def make(*args, **kwargs) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        stamp = TimeStamp(invariant=True)  # midnight UTC, 1 January 2000
        if made_on is not None:
            stamp.t = calendar.timegm(made_on.timetuple())
            stamp.lt = time.gmtime(stamp.t)
            stamp.YMDhms = tuple(stamp.lt)[:6]
        canvas._doc._timeStamp = stamp
        return canvas

    return make


# -- the document ------------------------------------------------------------------


class _ReportDocument(BaseDocTemplate):
    """Portrait and landscape pages, a footer on each, contents entries for captions.

    ``multiBuild`` lays the story out until the contents page's page numbers settle;
    each pass records how many pages it made, so the last pass can print "Page 3 of 12"
    (the pass before it had the same pages, or its contents would have differed).
    """

    footer_text = ""
    #: Print "Not for publication" at the top of every page, not just the cover.
    unpublished = False

    def __init__(self, filename, **kwargs):
        super().__init__(filename, **kwargs)
        self._pages_made: int | None = None
        self._page_total: int | None = None
        templates = []
        for name, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            frame = Frame(
                MARGIN,
                BOTTOM_MARGIN,
                size[0] - 2 * MARGIN,
                size[1] - MARGIN - BOTTOM_MARGIN,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(PageTemplate(id=name, frames=[frame], pagesize=size, onPage=self._footer))
        self.addPageTemplates(templates)

    def beforeDocument(self):
        self._page_total = self._pages_made
        self._pages_made = 0

    def afterPage(self):
        self._pages_made = self.page

    def afterFlowable(self, flowable):
        entry = getattr(flowable, "toc_entry", None)
        if entry is None:
            return
        text, key = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=0, closed=True)
        self.notify("TOCEntry", (0, text, self.page, key))

    def _footer(self, canvas, doc):
        """The page's footer (and "Not for publication"): page furniture, an artefact."""
        tagger = tagger_of(canvas)
        if tagger is None:
            return self._draw_footer(canvas, doc)
        with tagger.artifact("Pagination"):
            self._draw_footer(canvas, doc)

    def _draw_footer(self, canvas, doc):
        width = canvas._pagesize[0]
        y = BOTTOM_MARGIN - 12 * mm
        canvas.saveState()
        canvas.setStrokeColor(RULE_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y + 10, width - MARGIN, y + 10)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(TEXT_GREY)
        page = doc.page
        total = self._page_total
        number = f"Page {page} of {total}" if total and page <= total else f"Page {page}"
        canvas.drawRightString(width - MARGIN, y, number)
        room = width - 2 * MARGIN - stringWidth(number, FONT, 8) - 20
        canvas.drawString(MARGIN, y, _fit(self.footer_text, FONT, 8, room))
        if self.unpublished and page > 1:
            canvas.setFont(BOLD, 8)
            canvas.setFillColor(colors.black)
            canvas.drawRightString(width - MARGIN, canvas._pagesize[1] - MARGIN + 12, UNPUBLISHED)
        canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut short with an ellipsis to fit ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _document_title(report: Report) -> str:
    return f"{report.title}, {report.period.label}" if report.period.label else report.title


# -- styles --------------------------------------------------------------------------


def _style(name, size, *, bold=False, leading=None, align=TA_LEFT, space_before=0, space_after=0, **kw):
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else FONT,
        fontSize=size,
        leading=leading or round(size * 1.25, 1),
        alignment=align,
        spaceBefore=space_before,
        spaceAfter=space_after,
        **kw,
    )


STYLES: dict[str, ParagraphStyle] = {
    "authority": _style("authority", 16, bold=True, space_after=18),
    "title": _style("title", 28, bold=True, leading=34, space_after=12),
    "subject": _style("subject", 15, space_after=12),
    "period": _style("period", 18, bold=True, space_before=18, space_after=4),
    "dates": _style("dates", 12, space_after=4),
    "compared": _style("compared", 12, space_after=4),
    "status": _style("status", 14, bold=True, leading=18),
    "made_on": _style("made_on", 11, space_before=24),
    "heading": _style("heading", 18, bold=True, leading=22, space_after=12),
    "caption": _style("caption", 13, bold=True, leading=16, space_before=6, space_after=8, keepWithNext=1),
    "note_heading": _style("note_heading", 11, bold=True, space_before=10, space_after=3, keepWithNext=1),
    "body": _style("body", 10, leading=13.5, space_after=6),
    "continued": _style("continued", 9, bold=True, space_after=4, keepWithNext=1),
    "table_note": _style("table_note", 8, leading=10, space_before=4, textColor=TEXT_GREY),
    "toc": _style("toc", 11, leading=16),
}


#: What each style is in the document's structure (decision 0014); the rest are paragraphs.
for _name, _role in (("title", "H1"), ("heading", "H2"), ("caption", "H2"), ("note_heading", "H3")):
    STYLES[_name].role = _role


class _Contents(TableOfContents):
    """The contents page, tagged as a table of contents (ReportLab draws it as one table)."""

    def drawOn(self, canvas, x, y, _sW=0):
        tagger = tagger_of(canvas)
        if tagger is None:
            return super().drawOn(canvas, x, y, _sW)
        with tagger.element("TOC"), tagger.content("TOCI"):
            return super().drawOn(canvas, x, y, _sW)


def _paragraph_text(text: str) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept."""
    return escape(str(text)).replace("\n", "<br/>")


# -- the story -----------------------------------------------------------------------


def _story(report: Report) -> list:
    story = _cover(report)
    story += [PageBreak(), Paragraph("Contents", STYLES["heading"])]
    contents = _Contents(dotsMinLevel=0, tableStyle=TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),  # not the default Helvetica, which is not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    contents.levelStyles = [STYLES["toc"]]
    story.append(contents)

    sections = [_table_section(table, number) for number, table in enumerate(report.tables.values(), start=1)]
    orientation = sections[0][1] if sections else "portrait"
    story += [NextPageTemplate(orientation), PageBreak()]
    for number, (section, wanted) in enumerate(sections, start=1):
        if wanted != orientation:
            story += [NextPageTemplate(wanted), PageBreak()]
            orientation = wanted
        elif number > 1:
            story.append(Spacer(1, 14))
        story += section

    if report.notes:
        if orientation != "portrait":
            story += [NextPageTemplate("portrait"), PageBreak()]
        else:
            story += [CondPageBreak(140), Spacer(1, 20)]
        heading = Paragraph("About these figures", STYLES["heading"])
        heading.toc_entry = ("About these figures", "about-these-figures")
        story.append(heading)
        for title, text in report.notes:
            story.append(Paragraph(_paragraph_text(title), STYLES["note_heading"]))
            for part in str(text).split("\n\n"):
                if part.strip():
                    story.append(Paragraph(_paragraph_text(part.strip()), STYLES["body"]))
    return story


def _cover(report: Report) -> list:
    story = [Spacer(1, 30 * mm), Paragraph(_paragraph_text(report.authority), STYLES["authority"])]
    story.append(Paragraph(_paragraph_text(report.title), STYLES["title"]))
    if report.subject:
        story.append(Paragraph(_paragraph_text(report.subject), STYLES["subject"]))
    story.append(Paragraph(_paragraph_text(report.period.label), STYLES["period"]))
    dates = _period_dates(report.period)
    if dates != report.period.label:
        story.append(Paragraph(_paragraph_text(dates), STYLES["dates"]))
    if report.previous is not None:
        text = f"Compared with {report.previous.label}"
        previous_dates = _period_dates(report.previous)
        if previous_dates != report.previous.label:
            text += f" ({previous_dates})"
        story.append(Paragraph(_paragraph_text(text), STYLES["compared"]))
    story.append(Spacer(1, 24))
    story.append(_status_box(report.published))
    if report.made_on is not None:
        story.append(Paragraph(f"Made on {_day(report.made_on)}", STYLES["made_on"]))
    return story


def _status_box(published: bool) -> PdfTable:
    """Whether the report may be published, in a box that stands out in black and white:
    white on black when it may not."""
    if published:
        text, background, ink = PUBLISHED, colors.white, colors.black
    else:
        text, background, ink = UNPUBLISHED, colors.black, colors.white
    style = ParagraphStyle("status_box", parent=STYLES["status"], textColor=ink)
    box = PdfTable([[Paragraph(text, style)]], colWidths=[PORTRAIT_WIDTH], hAlign="LEFT",
                   renderCB=TableTags(layout=True))
    box.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT),
                ("BOX", (0, 0), (-1, -1), 2, colors.black),
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return box


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _period_dates(period: Period) -> str:
    return f"{_day(period.start)} to {_day(period.end)}"


# -- a table -------------------------------------------------------------------------


def _table_section(table: Table, number: int) -> tuple[list, str]:
    """The flowables for one table (caption, table, notes, chart) and the page
    orientation they need."""
    caption_text = f"Table {number}: {table.title}"
    frame = table.frame
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        caption = _caption(caption_text, number, keep_with_next=True)
        empty = Paragraph("There are no figures for this table.", STYLES["body"])
        return [KeepTogether([caption, empty])], "portrait"

    grid = _Grid(table)
    layout = grid.layout()
    if layout is not None:
        orientation = layout[0]
        pieces = [(grid, *layout)]
    else:  # too wide for any page: in parts, each with the row labels
        orientation = "landscape"
        # The parts all in one size where they can be.
        sizes = [layout for layout in LAYOUTS if layout[0] == "landscape" and layout[1] <= SPLIT_SIZE]
        pieces = [(part, *(part.layout(sizes) or part.squeezed())) for part in grid.split()]
    tables = []
    for position, (part, _, size, widths) in enumerate(pieces):
        if position:
            tables += [Spacer(1, 8), Paragraph(f"Table {number}, continued", STYLES["continued"])]
        tables.append(part.flowable(size, widths))
    notes = []
    if table.note:
        notes.append(Paragraph(_paragraph_text(table.note), STYLES["table_note"]))
    if grid.has_suppressed:
        notes.append(Paragraph(SUPPRESSED_NOTE, STYLES["table_note"]))
    pictures = []
    if table.chart is not None:
        width = PORTRAIT_WIDTH if orientation == "portrait" else LANDSCAPE_WIDTH
        pictures = chart_flowables(table, width=min(width, PORTRAIT_WIDTH), label=display_label)
        if pictures:
            pictures = [Spacer(1, 10), *pictures]

    # (The chart comes as one flowable with its notes, so it is never parted from them
    # and can go inside a KeepTogether: ReportLab cannot nest one KeepTogether in another.)
    page_width, page_height = PORTRAIT if orientation == "portrait" else LANDSCAPE
    page_width -= 2 * MARGIN
    page_height -= MARGIN + BOTTOM_MARGIN
    height = sum(flowable.wrap(page_width, page_height)[1] for flowable in tables)
    if height < 0.8 * page_height:
        caption = _caption(caption_text, number, keep_with_next=True)
        together = [caption, *tables, *notes]
        if _height([*together, *pictures], page_width, page_height) <= page_height:
            # Caption, table, notes and chart on one page when they fit on one.
            return [KeepTogether([*together, *pictures])], orientation
        # Otherwise the table on one page, and the chart after it or on the next page.
        return [KeepTogether(together), *pictures], orientation
    # A long table starts where it is, if the caption, header and a few rows fit there,
    # and runs on over pages with its header repeated.
    caption = _caption(caption_text, number, keep_with_next=False)
    first = tables[0]
    header_height = sum(first._rowHeights[: pieces[0][0].levels + 6])
    return [CondPageBreak(header_height + 40), caption, *tables, *notes, *pictures], orientation


def _height(flowables: list, width: float, height: float) -> float:
    """How tall ``flowables`` are one under another, with the space between them."""
    total = 0.0
    for position, flowable in enumerate(flowables):
        total += flowable.wrap(width, height)[1] + flowable.getSpaceAfter()
        if position:
            total += flowable.getSpaceBefore()
    return total


def _caption(text: str, number: int, *, keep_with_next: bool) -> Paragraph:
    style = STYLES["caption"] if keep_with_next else ParagraphStyle("caption_alone", STYLES["caption"], keepWithNext=0)
    style.role = "H2"
    caption = Paragraph(_paragraph_text(text), style)
    caption.toc_entry = (text, f"table-{number}")
    return caption


class _Grid:
    """A table's cells as text, and how to lay them out."""

    def __init__(self, table: Table, positions: list[int] | None = None):
        """``positions`` picks some of the table's columns (all by default)."""
        self.table = table
        frame = table.frame
        everything = list(frame.columns)
        self.positions = list(range(len(everything))) if positions is None else list(positions)
        self.columns = [everything[p] for p in self.positions]
        self.levels = frame.columns.nlevels
        self.rows = list(frame.index)
        percent_columns = [_has(table.percent_columns, column) for column in self.columns]
        self.total_columns = [_is_total_column(column) for column in self.columns]
        self.total_rows = [_is_total_row(row) for row in self.rows]
        self.labels = [display_label(table, row) for row in self.rows]
        self.cells: list[list[str]] = []
        self.has_suppressed = False
        values = frame.to_numpy(dtype=object)[:, self.positions]
        #: Per column: how its header is aligned, and how each of its cells is.
        self.alignments = [_cell_alignments(list(values[:, position])) for position in range(len(self.columns))]
        for position, row in enumerate(self.rows):
            row_is_percent = _has(table.percent_rows, row)
            texts = []
            for column_position, value in enumerate(values[position]):
                if isinstance(value, str) and value == SUPPRESSED:
                    self.has_suppressed = True
                texts.append(format_cell(value, is_percent=row_is_percent or percent_columns[column_position]))
            self.cells.append(texts)
        self.headers = [
            [label_text(column[level] if self.levels > 1 else column) for column in self.columns]
            for level in range(self.levels)
        ]
        self.corner = " / ".join(label_text(name) for name in frame.index.names if name is not None)

    # widths

    def _spans(self, level: int) -> list[tuple[int, int]]:
        """Runs of columns (first, last) sharing a header at ``level`` and above."""
        spans: list[tuple[int, int]] = []
        start = 0
        for position in range(1, len(self.columns) + 1):
            if position == len(self.columns) or any(
                self.headers[upper][position] != self.headers[upper][start] for upper in range(level + 1)
            ):
                spans.append((start, position - 1))
                start = position
        return spans

    def _widths(self, size: float) -> tuple[list[float], list[float], list[float]]:
        """Widths for each column at ``size``: the least it needs (its longest word or
        figure), what it would like (its header on few lines) and what it would like
        with room to spare (its header on one line, within reason)."""
        pad = 2 * CELL_PADDING + 1
        fonts = [BOLD if total else FONT for total in self.total_rows]
        label_words = [_longest_word(label, font, size) for label, font in zip(self.labels, fonts, strict=True)]
        label_full = [stringWidth(label, font, size) for label, font in zip(self.labels, fonts, strict=True)]
        need = max([*label_words, _longest_word(self.corner, BOLD, size), 12]) + pad
        needed = [need]
        wanted = [max(need, min(max([*label_full, 0]) + pad, 150))]
        generous = [max(need, min(max([*label_full, 0]) + pad, 200))]
        last = self.levels - 1
        for position in range(len(self.columns)):
            figures = [
                stringWidth(row[position], BOLD if (self.total_rows[i] or self.total_columns[position]) else FONT, size)
                for i, row in enumerate(self.cells)
            ]
            header = self.headers[last][position]
            need = max([*figures, _longest_word(header, BOLD, size), 10]) + pad
            needed.append(need)
            wanted.append(max(need, min(stringWidth(header, BOLD, size) + pad, 60)))
            generous.append(max(need, min(stringWidth(header, BOLD, size) + pad, 110)))
        # A spanning header must fit its longest word across its columns.
        for level in range(last):
            for first, end in self._spans(level):
                header = self.headers[level][first]
                short = _longest_word(header, BOLD, size) + pad - sum(needed[first + 1 : end + 2])
                if short > 0:
                    for position in range(first + 1, end + 2):
                        needed[position] += short / (end - first + 1)
                        wanted[position] = max(wanted[position], needed[position])
                        generous[position] = max(generous[position], needed[position])
        return needed, wanted, generous

    def layout(self, layouts=LAYOUTS) -> tuple[str, float, list[float]] | None:
        """(page orientation, font size, column widths) for the first of ``layouts``
        that fits, or ``None`` when none does."""
        for orientation, size in layouts:
            available = PORTRAIT_WIDTH if orientation == "portrait" else LANDSCAPE_WIDTH
            needed, wanted, generous = self._widths(size)
            if sum(needed) > available:
                continue
            for widths in (generous, wanted):
                if sum(widths) <= available:
                    # Figures columns of one width look tidier, when that fits.
                    even = max(widths[1:])
                    if even <= 80 and widths[0] + even * (len(widths) - 1) <= available:
                        widths = [widths[0]] + [even] * (len(widths) - 1)
                    return orientation, size, widths
            # Row labels on as few lines as they like first, then the figures columns.
            spare = available - sum(needed[1:]) - wanted[0]
            if spare >= 0:
                needed = [wanted[0], *needed[1:]]
            else:
                spare = available - sum(needed)
            room = sum(w - n for w, n in zip(wanted, needed, strict=True))
            widths = [n + spare * (w - n) / room if room else n for w, n in zip(wanted, needed, strict=True)]
            return orientation, size, widths
        return None

    def squeezed(self) -> tuple[str, float, list[float]]:
        """The smallest landscape layout with the figures columns squeezed to fit."""
        orientation, size = LAYOUTS[-1]
        needed = self._widths(size)[0]
        scale = max(LANDSCAPE_WIDTH - needed[0], 0) / sum(needed[1:])
        return orientation, size, [needed[0]] + [width * scale for width in needed[1:]]

    def split(self) -> list[_Grid]:
        """The columns in parts that each fit a landscape page at ``SPLIT_SIZE``,
        breaking between the groups of a two-level header where it can."""
        needed = self._widths(SPLIT_SIZE)[0]
        room = LANDSCAPE_WIDTH - needed[0]
        if self.levels > 1:
            groups = [list(range(first, end + 1)) for first, end in self._spans(0)]
        else:
            groups = [[position] for position in range(len(self.columns))]
        units = []
        for group in groups:
            if sum(needed[i + 1] for i in group) > room:
                units += [[i] for i in group]
            else:
                units.append(group)
        parts, current, width = [], [], 0.0
        for unit in units:
            unit_width = sum(needed[i + 1] for i in unit)
            if current and width + unit_width > room:
                parts.append(current)
                current, width = [], 0.0
            current += unit
            width += unit_width
        parts.append(current)
        return [_Grid(self.table, [self.positions[i] for i in part]) for part in parts]

    # the flowable

    def flowable(self, size: float, widths: list[float]) -> PdfTable:
        leading = round(size * 1.2, 1)
        header_style = _style(f"th{size}", size, bold=True, leading=leading, align=TA_RIGHT)
        text_header_style = _style(f"thl{size}", size, bold=True, leading=leading, align=TA_LEFT)
        spanning_style = _style(f"ths{size}", size, bold=True, leading=leading, align=TA_CENTER)
        corner_style = _style(f"thc{size}", size, bold=True, leading=leading)
        label_style = _style(f"td{size}", size, leading=leading)
        total_label_style = _style(f"tdt{size}", size, bold=True, leading=leading)
        last = self.levels - 1

        data = []
        for level in range(self.levels):
            row = [Paragraph(_paragraph_text(self.corner), corner_style) if level == 0 else ""]
            for text, (header_align, _) in zip(self.headers[level], self.alignments, strict=True):
                if level < last:
                    style = spanning_style
                else:
                    style = text_header_style if header_align == "LEFT" else header_style
                row.append(Paragraph(_paragraph_text(text), style) if text else "")
            data.append(row)
        for label, total, texts in zip(self.labels, self.total_rows, self.cells, strict=True):
            data.append([Paragraph(_paragraph_text(label), total_label_style if total else label_style), *texts])

        heads = self.levels
        commands = [
            ("FONT", (0, 0), (-1, -1), FONT, size, leading),
            ("ALIGN", (1, heads), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, heads - 1), "BOTTOM"),
            ("VALIGN", (0, heads), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("BACKGROUND", (0, 0), (-1, heads - 1), HEADER_GREY),
            ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE_GREY),
            ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
            ("LINEBELOW", (0, heads - 1), (-1, heads - 1), 0.8, colors.black),
        ]
        if heads > 1:
            commands.append(("SPAN", (0, 0), (0, heads - 1)))
        for level in range(last):
            for first, end in self._spans(level):
                if end > first:
                    commands.append(("SPAN", (first + 1, level), (end + 1, level)))
                if level == 0 and first > 0:  # a darker rule between the top header's groups
                    commands.append(("LINEBEFORE", (first + 1, 0), (first + 1, -1), 0.6, colors.black))
        # A column with no lower header (("Total", "")) takes the rows below too.
        for position in range(len(self.columns)):
            for level in range(last):
                if self.headers[level][position] and not any(
                    self.headers[lower][position] for lower in range(level + 1, self.levels)
                ):
                    commands.append(("SPAN", (position + 1, level), (position + 1, last)))
                    break
        for position, total in enumerate(self.total_rows):
            if total:
                row = heads + position
                commands.append(("FONT", (1, row), (-1, row), BOLD, size, leading))
                commands.append(("LINEABOVE", (0, row), (-1, row), 0.8, colors.black))
        for position, total in enumerate(self.total_columns):
            if total:
                column = position + 1
                commands.append(("FONT", (column, heads), (column, -1), BOLD, size, leading))
                commands.append(("LINEBEFORE", (column, 0), (column, -1), 0.8, colors.black))
        # Text on the left (numbers and "c" stay on the right), in runs of rows.
        for position, (_, aligns) in enumerate(self.alignments):
            start = None
            for row, align in enumerate([*aligns, "RIGHT"]):
                if align == "LEFT" and start is None:
                    start = row
                elif align != "LEFT" and start is not None:
                    commands.append(("ALIGN", (position + 1, heads + start), (position + 1, heads + row - 1), "LEFT"))
                    start = None
        grid = PdfTable(data, colWidths=widths, repeatRows=heads, hAlign="LEFT", renderCB=TableTags(heads))
        grid.setStyle(TableStyle(commands))
        return grid


# -- cells and labels ----------------------------------------------------------------


def _is_text(value) -> bool:
    """Whether a cell holds words (a question, a name) rather than a figure: text other
    than the protection mark ``"c"``."""
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value != SUPPRESSED
    number = plain_value(value)
    return isinstance(number, bool) or not isinstance(number, int | float)


def _is_figure(value) -> bool:
    """A number, or ``"c"`` standing for one."""
    return not is_missing(value) and not _is_text(value)


def _cell_alignments(values: list) -> tuple[str, list[str]]:
    """How a column's header and each of its ``values`` are aligned: ``"LEFT"`` for
    text, ``"RIGHT"`` for numbers and ``"c"``. A column of text (some text, no
    figures) has its header and its empty cells on the left too."""
    if any(_is_text(v) for v in values) and not any(_is_figure(v) for v in values):
        return "LEFT", ["LEFT"] * len(values)
    return "RIGHT", ["LEFT" if _is_text(v) else "RIGHT" for v in values]


def _has(mapping: dict, key: Hashable) -> bool:
    try:
        return key in mapping
    except TypeError:  # an unhashable label
        return False


def _is_total_row(label) -> bool:
    if isinstance(label, tuple):
        return any(part == TOTAL for part in label)
    return label == TOTAL


def _is_total_column(label) -> bool:
    return _is_total_row(label)


def _longest_word(text: str, font: str, size: float) -> float:
    words = str(text).split()
    return max((stringWidth(word, font, size) for word in words), default=0)
