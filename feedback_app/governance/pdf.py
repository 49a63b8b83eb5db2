"""The DPIA's blocks as an A4 PDF (ReportLab platypus, built-in Helvetica, nothing fetched).

The same blocks as the Markdown, in the same order: headings, paragraphs, bulleted
lists and tables whose header row repeats on every page. Each page carries the
title and its number; the document's title, author and language are set.
"""

from __future__ import annotations

import re
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from feedback_app.governance.document import Block, BulletList, Heading, Paragraph, Table

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
FONT, BOLD, MONO = "Helvetica", "Helvetica-Bold", "Courier"
HEADER_GREY = colors.Color(0.88, 0.88, 0.88)
RULE_GREY = colors.Color(0.55, 0.55, 0.55)

BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=6)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=11, spaceAfter=0)
HEADER_CELL = ParagraphStyle("header-cell", parent=CELL, fontName=BOLD)
HEADINGS = {
    1: ParagraphStyle("h1", parent=BODY, fontName=BOLD, fontSize=18, leading=22, spaceAfter=10,
                         keepWithNext=1),
    2: ParagraphStyle("h2", parent=BODY, fontName=BOLD, fontSize=14, leading=18, spaceBefore=12, spaceAfter=6,
                         keepWithNext=1),
    3: ParagraphStyle("h3", parent=BODY, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4,
                         keepWithNext=1),
}


def inline(text: str) -> str:
    """The Markdown's ``**bold**`` and ```code``` as ReportLab's paragraph mark-up; everything else escaped."""
    marked = escape(text)
    marked = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", marked)
    # A long code span (a test's path) has no space to wrap at: ReportLab splits it (splitLongWords).
    return re.sub(r"`([^`]+)`", rf'<font name="{MONO}">\1</font>', marked)


def _table(block: Table):
    widths = block.widths or (1,) * len(block.header)
    scale = WIDTH / sum(widths)
    data = [[PdfParagraph(inline(h), HEADER_CELL) for h in block.header]]
    data += [[PdfParagraph(inline(cell), CELL) for cell in row] for row in block.rows]
    table = PdfTable(data, colWidths=[w * scale for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
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
            story.append(PdfParagraph(inline(block.text), HEADINGS[block.level]))
        elif isinstance(block, Paragraph):
            story.append(PdfParagraph(inline(block.text), BODY))
        elif isinstance(block, BulletList):
            story.append(ListFlowable([ListItem(PdfParagraph(inline(item), BODY), leftIndent=14)
                                       for item in block.items], bulletType="bullet", start="\u2022",
                                      leftIndent=14, bulletFontName=FONT))
        elif isinstance(block, Table):
            story += [_table(block), Spacer(0, 8)]
    return story


def render_pdf(blocks: list[Block], title: str, author: str) -> bytes:
    out = BytesIO()

    def page_furniture(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, 10 * mm, title)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=20 * mm, title=title, author=author, lang="en-GB",
                                 subject="Data protection impact assessment", invariant=True)
    document.build(flowables(blocks), onFirstPage=page_furniture, onLaterPages=page_furniture)
    return out.getvalue()
