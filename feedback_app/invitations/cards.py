"""A4 sheets of invitation cards: 8 a page (2 across, 4 down) with cut marks.

Tagged (decision 0014): each card a section with its words and its QR code as a
figure whose alternative text gives the address; cut marks are artefacts. In any
shipped language, mirrored for right-to-left ones.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from analysis.formats import pdf_text
from analysis.formats.pdf_tagging import Tagger, finish
from analysis.formats.pdf_text import draw_line, is_rtl
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


def _identity(text: str) -> str:
    return text


def _card(canvas: Canvas, tagger: Tagger, x: float, y: float, card: Card, *, url: str, code_page: str,
          council: str, title: str, rtl: bool, gettext: Callable[[str], str]) -> None:
    """One card, read in order: who, what for, why, the QR code, then the typed way in."""
    _ = gettext
    pad = 5 * mm
    size = 30 * mm
    top = y + CARD_HEIGHT - pad
    text_width = CARD_WIDTH - 2 * pad - (size + 2 * mm)
    text_left = x + pad + (size + 2 * mm if rtl else 0)
    qr_left = x + pad if rtl else x + CARD_WIDTH - pad - size

    def say(text: str, baseline: float, size_: float, *, bold: bool = False, role: str = "P") -> None:
        """One line across the card (above the QR code), made smaller rather than cut short."""
        width = CARD_WIDTH - 2 * pad
        line = pdf_text.set_line(text, size_, bold=bold)
        if line.width > width:
            line = pdf_text.set_line(text, size_ * width / line.width, bold=bold)
        with tagger.content(role):
            draw_line(canvas, x + pad, baseline, line, width=width, rtl=rtl)

    with tagger.element("Sect"):
        say(council, top - 4 * mm, 11, bold=True, role="H2")
        say(title, top - 9 * mm, 9)
        say("(" + _(FOR_WHOM.get(card.questionnaire, "feedback form")) + ")", top - 13 * mm, 9)
        with tagger.element("P"):
            message = _("Tell us what you thought. It takes a few minutes and is anonymous: we do not ask your name.")
            size_ = 9.0
            while len(lines := pdf_text.wrap(message, size_, text_width)) > 4 and size_ > 6.5:
                size_ -= 0.5  # room for four lines: a longer translation is set smaller, never cut
            for number, line in enumerate(lines):
                with tagger.content():
                    draw_line(canvas, text_left, top - 19 * mm - number * 3.7 * mm, line, width=text_width, rtl=rtl)
        with tagger.element("Figure", alt=_("QR code: the address to answer online, %(address)s")
                            % {"address": url}, O="Layout", Placement="Block"), tagger.content():
            qr(canvas, url, qr_left, y + pad + 4 * mm, size)
        with tagger.element("P"):
            beside = CARD_WIDTH - 2 * pad - size - 2 * mm  # the room beside the QR code
            for text, baseline, bold in ((_("Scan the square, or go to"), y + pad + 14.5 * mm, False),
                                         (code_page, y + pad + 11 * mm, True),
                                         (_("and type this code:"), y + pad + 7 * mm, False)):
                with tagger.content():
                    line = pdf_text.set_line(text, 8.5, bold=bold)
                    if line.width > beside:  # a long address: smaller, never over the QR code
                        line = pdf_text.set_line(text, max(8.5 * beside / line.width, 6), bold=bold)
                    draw_line(canvas, text_left, baseline, line, width=beside, rtl=rtl)
        with tagger.content("P", lang="en"):
            # The code is letters and digits, the same in every language: always left to right.
            line = pdf_text.set_line(pretty(card.code), 20, bold=True)
            left = x + CARD_WIDTH - pad - line.width if rtl else x + pad
            draw_line(canvas, left, y + pad - 0.5 * mm, line)


def cards_pdf(cards: Sequence[Card], *, url_for_code: Callable[[str], str], code_page: str, council: str,
              titles: dict[str, str], language: str = "en", gettext: Callable[[str], str] = _identity) -> bytes:
    """Sheets of invitation cards in ``language`` (``titles`` already in it; ``gettext`` for the rest)."""
    pdf_text.register_fonts()
    rtl = is_rtl(language)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=pdf_text.FONT)
    title = gettext("%(council)s: feedback invitation cards") % {"council": council}
    canvas.setTitle(title)
    tagger = Tagger(canvas)
    page_width, page_height = A4
    left = (page_width - COLUMNS * CARD_WIDTH) / 2
    bottom = (page_height - ROWS * CARD_HEIGHT) / 2
    per_page = COLUMNS * ROWS
    for start in range(0, len(cards), per_page):
        with tagger.artifact():
            _cut_marks(canvas, left, bottom)
        for index, card in enumerate(cards[start:start + per_page]):
            column, row = index % COLUMNS, index // COLUMNS
            if rtl:  # a right-to-left reader starts at the top right
                column = COLUMNS - 1 - column
            x = left + column * CARD_WIDTH
            y = bottom + (ROWS - 1 - row) * CARD_HEIGHT
            _card(canvas, tagger, x, y, card, url=url_for_code(pretty(card.code)), code_page=code_page,
                  council=council, title=titles.get(card.questionnaire, card.questionnaire), rtl=rtl, gettext=gettext)
        canvas.showPage()
    canvas.save()
    return finish(buffer.getvalue(), tagger, title=title, language=language)
