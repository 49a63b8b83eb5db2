"""The DPIA's blocks as a tagged A4 PDF, like the app's other PDFs (decision 0014).

The same blocks as the Markdown, in the same order: headings (``H1``–``H3``),
paragraphs (``P``), bulleted lists (``L`` › ``LI`` › ``LBody``, the bullet an artefact)
and tables (``Table`` › ``TR`` › ``TH``/``TD``, the first row and first column headers)
whose header row repeats on every page. Each page's title and number are artefacts.
The embedded Noto Sans fonts and the structure tree come from
``analysis.formats.pdf_tagging`` and ``pdf_text``; ReportLab's own Helvetica is not used.
"""

from __future__ import annotations

import re
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from analysis.formats import pdf_text
from analysis.formats.pdf_tagging import TableTags, TaggedParagraph, finish, tagged_canvas, tagger_of
from feedback_app.governance.document import Block, BulletList, Heading, Paragraph, Table

LANGUAGE = "en-GB"
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
FONT, BOLD = pdf_text.FONT, pdf_text.BOLD
HEADER_GREY = colors.Color(0.88, 0.88, 0.88)
RULE_GREY = colors.Color(0.55, 0.55, 0.55)
BULLET_INDENT = 14


def _style(name: str, role: str, **settings) -> ParagraphStyle:
    style = ParagraphStyle(name, **settings)
    style.role = role  # TaggedParagraph reads its structure role from its style
    return style


BODY = _style("body", "P", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=6)
ITEM = _style("item", "LBody", parent=BODY, leftIndent=BULLET_INDENT, spaceAfter=4)
CELL = _style("cell", "P", parent=BODY, fontSize=8.5, leading=11, spaceAfter=0)
HEADER_CELL = _style("header-cell", "P", parent=CELL, fontName=BOLD)
HEADINGS = {
    1: _style("h1", "H1", parent=BODY, fontName=BOLD, fontSize=18, leading=22, spaceAfter=10, keepWithNext=1),
    2: _style("h2", "H2", parent=BODY, fontName=BOLD, fontSize=14, leading=18, spaceBefore=12, spaceAfter=6,
              keepWithNext=1),
    3: _style("h3", "H3", parent=BODY, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4,
              keepWithNext=1),
}


def inline(text: str) -> str:
    """The Markdown's ``**bold**`` as bold and ```code``` as plain words (no monospaced font is
    embedded); everything else escaped for ReportLab's paragraph mark-up. A long code span (a
    test's path) has no space to wrap at: ReportLab splits it (splitLongWords)."""
    marked = escape(text)
    marked = re.sub(r"\*\*(.+?)\*\*", rf'<font name="{BOLD}">\1</font>', marked)
    return re.sub(r"`([^`]+)`", r"\1", marked)


class _Structure(Flowable):
    """Opens or closes a structure element where it stands in the story (it takes no room)."""

    def __init__(self, role: str | None):
        super().__init__()
        self.role = role

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        tagger = tagger_of(self.canv)
        if tagger is not None:
            tagger.open(self.role) if self.role else tagger.close()


class _ListItem(TaggedParagraph):
    """A list item: ``LI`` holding its words as ``LBody``; the bullet is drawn as an artefact,
    so a screen reader announces a list of n items rather than reading "bullet"."""

    continued = False

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        for part in parts[1:]:
            part.continued = True  # the rest of an item split over a page has no second bullet
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        tagger = tagger_of(canvas)
        if tagger is None:
            return super().drawOn(canvas, x, y, _sW)
        with tagger.element("LI"):
            if not self.continued:
                with tagger.artifact():
                    canvas.saveState()
                    canvas.setFont(FONT, self.style.fontSize)
                    canvas.drawString(x + 3, y + self.height - self.style.fontSize, "\u2022")
                    canvas.restoreState()
            return super().drawOn(canvas, x, y, _sW)


def _table(block: Table):
    widths = block.widths or (1,) * len(block.header)
    scale = WIDTH / sum(widths)
    # Cells hold plain paragraphs: the table's renderCB marks each cell's content as its TH or TD.
    data = [[TaggedParagraph(inline(h), HEADER_CELL) for h in block.header]]
    data += [[TaggedParagraph(inline(cell), CELL) for cell in row] for row in block.rows]
    table = PdfTable(data, colWidths=[w * scale for w in widths], repeatRows=1, renderCB=TableTags(1))
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),  # not the default Helvetica, which is not embedded
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def flowables(blocks: list[Block]) -> list:
    story: list = []
    for block in blocks:
        if isinstance(block, Heading):
            story.append(TaggedParagraph(inline(block.text), HEADINGS[block.level]))
        elif isinstance(block, Paragraph):
            story.append(TaggedParagraph(inline(block.text), BODY))
        elif isinstance(block, BulletList):
            story += [_Structure("L"), *(_ListItem(inline(item), ITEM) for item in block.items), _Structure(None),
                      Spacer(0, 4)]
        elif isinstance(block, Table):
            story += [_table(block), Spacer(0, 8)]
    return story


def render_pdf(blocks: list[Block], title: str, author: str) -> bytes:
    """The blocks as a tagged PDF titled ``title`` (shown in the window) in British English."""
    pdf_text.register_fonts()
    out = BytesIO()

    def page_furniture(canvas, document):
        tagger = tagger_of(canvas)
        with tagger.artifact("Pagination"):
            canvas.saveState()
            canvas.setFont(FONT, 8)
            canvas.drawString(MARGIN, 10 * mm, title)
            canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {document.page}")
            canvas.restoreState()

    # invariant: no creation time in the file (decision 0011, R15b: a date at most).
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=20 * mm, title=title, author=author, lang=LANGUAGE,
                                 subject="Data protection impact assessment", creator="Feedback platform",
                                 displayDocTitle=True, invariant=True)
    maker = tagged_canvas()
    document.build(flowables(blocks), onFirstPage=page_furniture, onLaterPages=page_furniture, canvasmaker=maker)
    return finish(out.getvalue(), maker.last.tagger, title=title, language=LANGUAGE)
