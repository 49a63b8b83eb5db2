"""A4 sheets of invitation cards: 8 a page (2 across, 4 down) with cut marks."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from feedback_app.invitations.codes import Card, pretty

COLUMNS, ROWS = 2, 4
CARD_WIDTH, CARD_HEIGHT = 95 * mm, 68 * mm
MARK = 4 * mm  # length of a cut mark
FOR_WHOM = {
    "cp-conference-parent": "for parents and carers",
    "cp-conference-child": "for children and young people",
    "cp-conference-professional": "for professionals",
    "lac-review-child": "for children and young people",
    "fgc-family": "for family members",
    "fgc-young-person": "for young people",
}


def qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code for ``data`` drawn as black squares (with its quiet zone) in a ``size`` square.

    Drawn module by module rather than through ReportLab's graphics renderer, which sets
    an unused, unembedded Helvetica on the page (a PDF/UA failure)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):  # a run of dark modules as one rectangle: a smaller file
            if not cells[column]:
                column += 1
                continue
            start = column
            while column < len(cells) and cells[column]:
                column += 1
            canvas.rect(x + start * module, y + size - (row + 1) * module, (column - start) * module, module,
                        stroke=0, fill=1)
    canvas.restoreState()


def _cut_marks(canvas: Canvas, left: float, bottom: float) -> None:
    canvas.setLineWidth(0.3)
    for column in range(COLUMNS + 1):
        x = left + column * CARD_WIDTH
        canvas.line(x, bottom - MARK - 1 * mm, x, bottom - 1 * mm)
        canvas.line(x, bottom + ROWS * CARD_HEIGHT + 1 * mm, x, bottom + ROWS * CARD_HEIGHT + MARK + 1 * mm)
    for row in range(ROWS + 1):
        y = bottom + row * CARD_HEIGHT
        canvas.line(left - MARK - 1 * mm, y, left - 1 * mm, y)
        canvas.line(left + COLUMNS * CARD_WIDTH + 1 * mm, y, left + COLUMNS * CARD_WIDTH + MARK + 1 * mm, y)


def _card(canvas: Canvas, x: float, y: float, card: Card, *, url: str, code_page: str, council: str,
          title: str) -> None:
    pad = 5 * mm
    top = y + CARD_HEIGHT - pad
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawString(x + pad, top - 4 * mm, council)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(x + pad, top - 9 * mm, title[:60])
    canvas.drawString(x + pad, top - 13 * mm, f"({FOR_WHOM.get(card.questionnaire, 'feedback form')})")
    size = 30 * mm
    qr(canvas, url, x + CARD_WIDTH - pad - size, y + pad + 4 * mm, size)
    canvas.setFont("Helvetica", 9)
    lines = ["Tell us what you thought. It takes", "a few minutes and is anonymous:",
             "we do not ask your name."]
    for number, line in enumerate(lines):
        canvas.drawString(x + pad, top - 20 * mm - number * 4 * mm, line)
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(x + pad, y + pad + 14.5 * mm, "Scan the square, or go to")
    canvas.setFont("Helvetica-Bold", 8.5)
    canvas.drawString(x + pad, y + pad + 11 * mm, code_page)
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(x + pad, y + pad + 7 * mm, "and type this code:")
    canvas.setFont("Courier-Bold", 20)
    canvas.drawString(x + pad, y + pad - 0.5 * mm, pretty(card.code))


def cards_pdf(cards: Sequence[Card], *, url_for_code: Callable[[str], str], code_page: str, council: str,
              titles: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{council}: feedback invitation cards")
    page_width, page_height = A4
    left = (page_width - COLUMNS * CARD_WIDTH) / 2
    bottom = (page_height - ROWS * CARD_HEIGHT) / 2
    per_page = COLUMNS * ROWS
    for start in range(0, len(cards), per_page):
        _cut_marks(canvas, left, bottom)
        for index, card in enumerate(cards[start:start + per_page]):
            column, row = index % COLUMNS, index // COLUMNS
            x = left + column * CARD_WIDTH
            y = bottom + (ROWS - 1 - row) * CARD_HEIGHT
            _card(canvas, x, y, card, url=url_for_code(pretty(card.code)), code_page=code_page, council=council,
                  title=titles.get(card.questionnaire, card.questionnaire))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
