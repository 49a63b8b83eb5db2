"""Printable paper versions of a questionnaire variant: plain, black and white.

Child variants (those with pictures) are in large print, and each picture answer
is a tick box with its word (the face pictures become words in boxes).
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from feedback_app.invitations.cards import qr
from forms.model import Questionnaire, Variant

MARGIN = 18 * mm
PICTURE_WORDS = {"happy": "Happy face", "unsure": "In-between face", "sad": "Sad face"}


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if stringWidth(candidate, font, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


class _Writer:
    def __init__(self, canvas: Canvas, large: bool, footer: str):
        self.canvas = canvas
        self.large = large
        self.footer = footer
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
        self.canvas.setFont("Helvetica", 9)
        self.canvas.drawString(MARGIN, MARGIN - 4 * mm, f"{self.footer} – page {self.page}")

    def text(self, text: str, *, size: float | None = None, bold: bool = False, indent: float = 0,
             after: float = 2 * mm) -> None:
        size = size or self.body
        font = "Helvetica-Bold" if bold else "Helvetica"
        leading = size * 1.3
        lines = _wrap(text, font, size, self.width - 2 * MARGIN - indent)
        for line in lines:
            self.need(leading)
            self.canvas.setFont(font, size)
            self.canvas.drawString(MARGIN + indent, self.y - size, line)
            self.y -= leading
        self.y -= after

    def box(self, label: str, *, round_box: bool) -> None:
        """A tick box (square for 'tick all that apply', round for 'tick one') and its label."""
        side = (7 if self.large else 4.5) * mm
        leading = max(side + 2 * mm, self.body * 1.3)
        lines = _wrap(label, "Helvetica", self.body, self.width - 2 * MARGIN - side - 10 * mm)
        self.need(leading * len(lines))
        top = self.y
        self.canvas.setLineWidth(1.2 if self.large else 0.8)
        if round_box:
            self.canvas.circle(MARGIN + 4 * mm + side / 2, top - side / 2 - 0.5 * mm, side / 2)
        else:
            self.canvas.rect(MARGIN + 4 * mm, top - side - 0.5 * mm, side, side)
        self.canvas.setFont("Helvetica", self.body)
        for number, line in enumerate(lines):
            self.canvas.drawString(MARGIN + 6 * mm + side, top - self.body - number * self.body * 1.3, line)
        self.y = top - max(leading, len(lines) * self.body * 1.3) - 1 * mm

    def writing_space(self, lines: int) -> None:
        gap = (11 if self.large else 8) * mm
        self.canvas.setLineWidth(0.5)
        for _ in range(lines):
            self.need(gap)
            self.y -= gap
            self.canvas.line(MARGIN, self.y, self.width - MARGIN, self.y)
        self.y -= 3 * mm

    def finish(self) -> None:
        self._footer()


def paper_pdf(questionnaire: Questionnaire, variant: Variant, *, council: str, online_url: str,
              return_to: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{variant.title} – paper form")
    large = variant.pictures
    writer = _Writer(canvas, large, f"{council}: {variant.title}")
    qr_size = 28 * mm
    qr(canvas, online_url, writer.width - MARGIN - qr_size, writer.height - MARGIN - qr_size, qr_size)
    canvas.setFont("Helvetica", 8)
    canvas.drawRightString(writer.width - MARGIN, writer.height - MARGIN - qr_size - 4 * mm, "Or answer online")
    text_width = writer.width - 2 * MARGIN - qr_size - 6 * mm
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(MARGIN, writer.y - 12, council)
    writer.y -= 20
    for line in _wrap(variant.title, "Helvetica-Bold", 22 if large else 18, text_width):
        canvas.setFont("Helvetica-Bold", 22 if large else 18)
        canvas.drawString(MARGIN, writer.y - 22, line)
        writer.y -= 28 if large else 24
    writer.y = min(writer.y, writer.height - MARGIN - qr_size - 8 * mm)
    writer.text(variant.intro)
    writer.text("You do not need to write your name. Tick one box for each question with a round box, "
                "and as many as you like where the boxes are square.", size=writer.body - 1 if large else 10)
    # For anyone who cannot scan the square: the same address, to type (PUBLIC_BASE_URL, never the request's Host).
    writer.text(f"Or answer online at {online_url}", size=writer.body - 1 if large else 10)
    writer.y -= 3 * mm
    for number, question in enumerate(variant.questions, start=1):
        writer.need(30 * mm)
        optional = "" if question.required or large else " (optional)"
        writer.text(f"{number}. {question.text}{optional}", bold=True, after=1 * mm)
        if question.hint:
            writer.text(question.hint, size=writer.body - 1, after=1 * mm)
        if question.type == "text":
            writer.writing_space(5 if large else 4)
        else:
            for option in question.options:
                word = PICTURE_WORDS.get(option.picture or "") if large else None
                label = f"{option.label}  [{word}]" if word and word.split()[0].lower() != option.label.lower() \
                    else option.label
                writer.box(label, round_box=question.type == "single")
        writer.y -= 4 * mm
    writer.text(f"Thank you. Please give this form back to the person who gave it to you, or send it to: {return_to}",
                bold=True)
    writer.finish()
    canvas.save()
    return buffer.getvalue()
