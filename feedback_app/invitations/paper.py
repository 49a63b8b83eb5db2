"""Printable paper versions of a questionnaire variant: plain, black and white, tagged.

Child variants (those with pictures) are in large print, and each picture answer
is a tick box with its word (the face pictures become words in boxes).

The form can be in any shipped language: the caller passes the questionnaire
already translated (``forms.i18n.translate_questionnaire``), a ``gettext`` for
the fixed words, and the language code. Right-to-left languages are mirrored:
text on the right, tick boxes to the right of their words, the QR code on the
left. Every PDF is tagged (decision 0014): a heading for the title and for each
question, the options as a list, the QR code as a figure whose alternative text
gives the address; boxes, writing lines and page numbers are artefacts.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from analysis.formats import pdf_text
from analysis.formats.pdf_tagging import Tagger, finish
from analysis.formats.pdf_text import draw_line, is_rtl, wrap
from feedback_app.invitations.cards import qr
from forms.model import Questionnaire, Variant

MARGIN = 18 * mm
#: The face pictures as words (through the caller's gettext).
PICTURE_WORDS = {"happy": "Happy face", "unsure": "In-between face", "sad": "Sad face"}


def _identity(text: str) -> str:
    return text


class _Writer:
    def __init__(self, canvas: Canvas, tagger: Tagger, *, large: bool, footer: str, rtl: bool,
                 gettext: Callable[[str], str]):
        self.canvas = canvas
        self.tagger = tagger
        self.large = large
        self.footer = footer
        self.rtl = rtl
        self._ = gettext
        self.width, self.height = A4
        self.body = 16 if large else 11
        self.page = 1
        self.y = self.height - MARGIN

    def need(self, space: float) -> None:
        if self.y - space < MARGIN + 10 * mm:
            self.new_page()

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.height - MARGIN

    def _footer(self) -> None:
        with self.tagger.artifact("Pagination"):
            text = self._("%(form)s – page %(number)s") % {"form": self.footer, "number": self.page}
            line = pdf_text.set_line(text, 9)
            draw_line(self.canvas, MARGIN, MARGIN - 4 * mm, line, width=self.width - 2 * MARGIN, rtl=self.rtl)

    def text(self, text: str, *, role: str = "P", size: float | None = None, bold: bool = False,
             indent: float = 0, after: float = 2 * mm, width: float | None = None) -> None:
        """A paragraph (or heading: ``role``), wrapped; on the right in a right-to-left form."""
        size = size or self.body
        leading = size * 1.35
        available = (width or self.width - 2 * MARGIN) - indent
        with self.tagger.element(role):
            for line in wrap(text, size, available, bold=bold):
                self.need(leading)
                with self.tagger.content():
                    self._draw(line, indent, available)
                self.y -= leading
        self.y -= after

    def _draw(self, line: pdf_text.Line, indent: float, available: float) -> None:
        left = MARGIN + (0 if self.rtl else indent)
        if self.rtl and available < self.width - 2 * MARGIN - indent:  # a narrower column on the right
            left = self.width - MARGIN - indent - available
        draw_line(self.canvas, left, self.y - line.size, line, width=available, rtl=self.rtl)

    def box(self, label: str, *, round_box: bool) -> None:
        """A list item: a tick box (square for 'tick all that apply', round for 'tick one') and its words."""
        side = (7 if self.large else 4.5) * mm
        line_height = self.body * 1.35
        available = self.width - 2 * MARGIN - side - 10 * mm
        lines = wrap(label, self.body, available)
        self.need(max(side + 2 * mm, line_height * len(lines)))
        top = self.y
        box_left = self.width - MARGIN - 4 * mm - side if self.rtl else MARGIN + 4 * mm
        with self.tagger.artifact():
            self.canvas.setLineWidth(1.2 if self.large else 0.8)
            if round_box:
                self.canvas.circle(box_left + side / 2, top - side / 2 - 0.5 * mm, side / 2)
            else:
                self.canvas.rect(box_left, top - side - 0.5 * mm, side, side)
        with self.tagger.element("LI"), self.tagger.element("LBody"):
            for number, line in enumerate(lines):
                with self.tagger.content():
                    baseline = top - self.body - number * line_height
                    draw_line(self.canvas, MARGIN + (0 if self.rtl else side + 6 * mm), baseline, line,
                              width=available, rtl=self.rtl)
        self.y = top - max(side + 2 * mm, len(lines) * line_height) - 1 * mm

    def writing_space(self, lines: int) -> None:
        gap = (11 if self.large else 8) * mm
        with self.tagger.artifact():
            self.canvas.setLineWidth(0.5)
        for _ in range(lines):
            self.need(gap)
            self.y -= gap
            with self.tagger.artifact():
                self.canvas.line(MARGIN, self.y, self.width - MARGIN, self.y)
        self.y -= 3 * mm

    def finish(self) -> None:
        self._footer()


def paper_pdf(questionnaire: Questionnaire, variant: Variant, *, council: str, online_url: str,
              return_to: str, language: str = "en", gettext: Callable[[str], str] = _identity) -> bytes:
    """The paper form for ``variant``, in ``language``: pass the questionnaire translated
    into it and a ``gettext`` for the form's own words."""
    _ = gettext
    pdf_text.register_fonts()
    rtl = is_rtl(language)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1, initialFontName=pdf_text.FONT)
    title = _("%(title)s – paper form") % {"title": variant.title}
    canvas.setTitle(title)
    tagger = Tagger(canvas)
    large = variant.pictures
    writer = _Writer(canvas, tagger, large=large, footer=f"{council}: {variant.title}", rtl=rtl, gettext=_)
    qr_size = 28 * mm
    text_width = writer.width - 2 * MARGIN - qr_size - 6 * mm
    writer.text(council, size=12, bold=True, after=1 * mm, width=text_width)
    writer.text(variant.title, role="H1", size=22 if large else 18, bold=True, after=2 * mm,
                width=text_width)
    qr_left = MARGIN if rtl else writer.width - MARGIN - qr_size
    with tagger.element("Figure", alt=_("QR code: the address to answer online, %(address)s")
                        % {"address": online_url}, O="Layout", Placement="Block"), tagger.content():
        qr(canvas, online_url, qr_left, writer.height - MARGIN - qr_size, qr_size)
    with tagger.element("P"), tagger.content():
        line = pdf_text.set_line(_("Or answer online"), 8)
        draw_line(canvas, qr_left, writer.height - MARGIN - qr_size - 4 * mm, line, width=qr_size, align="center")
    writer.y = min(writer.y, writer.height - MARGIN - qr_size - 8 * mm)
    small = writer.body - 1 if large else 10
    writer.text(variant.intro)
    writer.text(_("You do not need to write your name. Tick one box for each question with a round box, "
                  "and as many as you like where the boxes are square."), size=small)
    # For anyone who cannot scan the square: the same address, to type (PUBLIC_BASE_URL, never the request's Host).
    writer.text(_("Or answer online at %(address)s") % {"address": online_url}, size=small)
    writer.y -= 3 * mm
    for number, question in enumerate(variant.questions, start=1):
        writer.need(30 * mm)
        optional = "" if question.required or large else " " + _("(optional)")
        writer.text(f"{number}. {question.text}{optional}", role="H2", bold=True, after=1 * mm)
        if question.hint:
            writer.text(question.hint, size=writer.body - 1, after=1 * mm)
        if question.type == "text":
            writer.writing_space(5 if large else 4)
        else:
            with tagger.element("L"):
                for option in question.options:
                    word = _(PICTURE_WORDS[option.picture]) if large and option.picture in PICTURE_WORDS else None
                    same = word is not None and word.split()[0].lower() == option.label.lower()
                    label = f"{option.label}  [{word}]" if word and not same else option.label
                    writer.box(label, round_box=question.type == "single")
        writer.y -= 4 * mm
    writer.text(_("Thank you. Please give this form back to the person who gave it to you, or send it to: "
                  "%(address)s") % {"address": return_to}, bold=True)
    writer.finish()
    canvas.save()
    return finish(buffer.getvalue(), tagger, title=title, language=language)
