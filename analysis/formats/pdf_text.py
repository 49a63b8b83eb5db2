"""Words in any shipped script on a ReportLab canvas: the right font, shaped, in order.

ReportLab 5.1 shapes TrueType text with HarfBuzz (``uharfbuzz``) but needs its
``rlbidi`` package, which is not on PyPI, to order right-to-left text. So this
module does the small part of the bidirectional algorithm a form needs, a word at
a time (decision 0014): each word gets the font of its script and is shaped on its
own by HarfBuzz (which puts an Arabic word's joined letters right to left), and
the words of a right-to-left line are laid out from the right, with runs of
left-to-right words (an address, a number) kept in reading order.

Text must stay real, extractable text. Two things would break copying, searching
and screen readers, and both are mended here:

- glyphs that HarfBuzz picks and the font's character map does not name (joined
  Arabic forms, Gurmukhi conjuncts) get private-use codes from ReportLab;
  :func:`private_use_text` remembers which letters each one stands for, and the
  tagging step writes that into the font's ToUnicode map;
- in left-to-right complex scripts (Gurmukhi puts a vowel sign before the
  consonant it follows), each line is wrapped in a ``/Span`` with ``/ActualText``
  giving the words in reading order. Not for right-to-left lines: poppler lays
  ActualText out left to right and would reverse it, while the glyphs, drawn in
  visual order with honest Unicode, come back in logical order everywhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeStr

__all__ = ["BOLD", "FONT", "Line", "draw_line", "is_rtl", "line_width", "private_use_text", "register_fonts",
           "set_line", "wrap"]

FONTS = Path(__file__).parent / "fonts"
#: The Latin family, registered under these names; the others follow the script of each word.
FONT = "NotoSans"
BOLD = "NotoSans-Bold"
#: Script → font family (files ``<family>-Regular.ttf`` and ``-Bold.ttf`` in fonts/).
FAMILIES = {"latin": "NotoSans", "arabic": "NotoNaskhArabic", "ethiopic": "NotoSansEthiopic",
            "gurmukhi": "NotoSansGurmukhi"}
#: Scripts written right to left.
RTL_SCRIPTS = frozenset({"arabic"})
#: Languages written right to left (Arabic script: Arabic, Farsi, Pashto, Sorani, Urdu).
RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ckb", "ur"})
_RANGES = (
    ("arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ("ethiopic", ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))),
    ("gurmukhi", ((0x0A00, 0x0A7F),)),
)
#: Private-use code → the letters it stands for, per font face (filled while shaping).
_PRIVATE: dict[str, dict[int, str]] = {}


def register_fonts() -> None:
    """Register every shipped font with ReportLab (once; later calls do nothing)."""
    for family in FAMILIES.values():
        for weight, name in (("Regular", family), ("Bold", f"{family}-Bold")):
            try:
                pdfmetrics.getFont(name)
            except KeyError:
                pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{family}-{weight}.ttf")))


def is_rtl(language: str | None) -> bool:
    """Whether ``language`` (a code like ``ar`` or ``pa-IN``) is written right to left."""
    return bool(language) and language.split("-")[0].split("_")[0].lower() in RTL_LANGUAGES


def _script(character: str) -> str | None:
    """The script of a letter (``None`` for digits, spaces and punctuation: they go along)."""
    code = ord(character)
    for script, ranges in _RANGES:
        if any(low <= code <= high for low, high in ranges):
            return script
    return "latin" if unicodedata.category(character).startswith("L") else None


def _word_script(word: str) -> str | None:
    return next((script for script in map(_script, word) if script), None)


def _font(script: str | None, bold: bool, fallback: str) -> str:
    family = FAMILIES.get(script or fallback, FONT)
    return f"{family}-Bold" if bold else family


@dataclass(frozen=True)
class Word:
    text: str
    font: str
    script: str | None


def _words(text: str, bold: bool) -> list[Word]:
    words = text.split()
    scripts = [_word_script(word) for word in words]
    # Digits and punctuation take the font of the script before them (or after), so "؟" or "1." match their words.
    known = [script for script in scripts if script]
    fallback = known[0] if known else "latin"
    result, last = [], fallback
    for word, script in zip(words, scripts, strict=True):
        last = script or last
        font = _font(script or last, bold, fallback)
        if script is None and not _covers(font, word):  # "–" or "%" that the Arabic font lacks
            font = _font("latin", bold, fallback)
        result.append(Word(word, font, script))
    return result


def _covers(font: str, text: str) -> bool:
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    return all(ord(character) in glyphs for character in text)


def _shaped(word: Word, size: float) -> str:
    """The word shaped by HarfBuzz (a ``ShapedStr`` when shaping changed anything)."""
    shaped = shapeStr(word.text, word.font, size)
    if isinstance(shaped, ShapedStr):
        _remember_private_use(word, shaped)
    return shaped


def _remember_private_use(word: Word, shaped: ShapedStr) -> None:
    """Note which letters each private-use glyph stands for: its HarfBuzz cluster's."""
    face = pdfmetrics.getFont(word.font).face.name
    known = _PRIVATE.setdefault(face.decode() if isinstance(face, bytes) else face, {})
    clusters = sorted({data.cluster for data in shaped.__shapeData__})
    given: set[int] = set()
    for character, data in zip(shaped, shaped.__shapeData__, strict=False):
        code = ord(character)
        if not 0xE000 <= code <= 0xF8FF or code in known:
            continue
        later = [cluster for cluster in clusters if cluster > data.cluster]
        letters = word.text[data.cluster:later[0] if later else len(word.text)]
        # A cluster drawn with several glyphs: its letters once, on the first.
        known[code] = "" if data.cluster in given else letters
        given.add(data.cluster)


def private_use_text(face_name: str) -> dict[int, str]:
    """For a font face (its PostScript name): private-use code → the letters it stands for."""
    return dict(_PRIVATE.get(face_name, {}))


def _width(shaped: str, font: str, size: float) -> float:
    if isinstance(shaped, ShapedStr):
        return sum(data.x_advance for data in shaped.__shapeData__) * size / 1000
    return pdfmetrics.stringWidth(shaped, font, size)


@dataclass(frozen=True)
class SetWord:
    """A word ready to draw: its pieces (glyphs, font, width) from the left, and its letters in reading order."""

    pieces: tuple[tuple[str, str, float], ...]
    script: str | None
    text: str

    @property
    def width(self) -> float:
        return sum(piece[2] for piece in self.pieces)


def _set_word(word: Word, size: float) -> SetWord:
    """Shape ``word``; a character its font lacks ("?" after Ethiopic) comes from Noto Sans."""
    fallback = FAMILIES["latin"] + ("-Bold" if word.font.endswith("-Bold") else "")
    runs: list[tuple[str, str]] = []
    for character in word.text:
        font = word.font if _covers(word.font, character) else fallback
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + character, font)
        else:
            runs.append((character, font))
    pieces = []
    for text, font in runs:
        shaped = _shaped(Word(text, font, word.script), size)
        pieces.append((shaped, font, _width(shaped, font, size)))
    if word.script in RTL_SCRIPTS:
        pieces.reverse()
    return SetWord(tuple(pieces), word.script, word.text)


@dataclass
class Line:
    """One line of text set for the page."""

    words: list[SetWord]
    size: float
    space: float

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def width(self) -> float:
        return sum(word.width for word in self.words) + self.space * max(len(self.words) - 1, 0)


def set_line(text: str, size: float, *, bold: bool = False) -> Line:
    words = [_set_word(word, size) for word in _words(text, bold)]
    return Line(words, size, pdfmetrics.stringWidth(" ", FONT, size))


def line_width(text: str, size: float, *, bold: bool = False) -> float:
    return set_line(text, size, bold=bold).width


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[Line]:
    """``text`` in lines no wider than ``width`` (a word longer than that has a line of its own)."""
    whole = set_line(text, size, bold=bold)
    lines: list[Line] = []
    current: list[SetWord] = []
    for word in whole.words:
        if current and Line([*current, word], size, whole.space).width > width:
            lines.append(Line(current, size, whole.space))
            current = []
        current.append(word)
    if current:
        lines.append(Line(current, size, whole.space))
    return lines


def _visual_order(words: list[SetWord], rtl: bool) -> list[SetWord]:
    """Words in the order they are drawn from the left. In a right-to-left line: the words
    reversed, but each run of left-to-right words (an address, a name) kept in reading
    order; in a left-to-right line, a run of right-to-left words is reversed. Words
    without letters (digits, punctuation) go with the line's direction."""
    def against(word: SetWord) -> bool:
        return word.script is not None and (word.script in RTL_SCRIPTS) != rtl

    runs: list[list[SetWord]] = []
    for word in words:
        if runs and against(runs[-1][0]) == against(word):
            runs[-1].append(word)
        else:
            runs.append([word])
    if rtl:
        return [word for run in runs[::-1] for word in (run if against(run[0]) else run[::-1])]
    return [word for run in runs for word in (run[::-1] if against(run[0]) else run)]


def draw_line(canvas, x: float, y: float, line: Line, *, width: float | None = None, rtl: bool = False,
              align: str | None = None) -> None:
    """Draw ``line`` with its baseline at ``y``, from ``x`` (and across ``width`` when aligned
    right or centred; right-to-left lines align right by default)."""
    align = align or ("right" if rtl else "left")
    if align != "left" and width is not None:
        x += (width - line.width) if align == "right" else (width - line.width) / 2
    complex_ltr = not rtl and any(word.script not in (None, "latin") for word in line.words)
    if complex_ltr:
        canvas._code.append(f"/Span <</ActualText {pdf_text_string(line.text)}>> BDC")
    for word in _visual_order(line.words, rtl):
        for shaped, font, width in word.pieces:
            canvas.setFont(font, line.size)
            canvas.drawString(x, y, shaped)
            x += width
        x += line.space
    if complex_ltr:
        canvas._code.append("EMC")


def pdf_text_string(text: str) -> str:
    """``text`` as a PDF text string (UTF-16BE in hex) for content streams."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"
