"""Text in every shipped script: shaped, right to left where it should be, and real text
that comes back out in reading order (decision 0014)."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from analysis.formats import pdf_text
from analysis.formats.pdf_tagging import Tagger, finish
from tests import pdf_checks

needs_poppler = pdf_checks.needs_poppler

SAMPLES = {
    "ar": "كيف كانت تجربتك في الاجتماع اليوم؟ لا شيء",
    "am": "ዛሬ በስብሰባው ላይ ያለዎት ተሞክሮ እንዴት ነበር?",
    "ti": "ሎሚ ኣብቲ ኣኼባ ዝነበረካ ተመክሮ ከመይ ነይሩ፧",
    "pa": "ਅੱਜ ਮੀਟਿੰਗ ਵਿੱਚ ਤੁਹਾਡਾ ਤਜਰਬਾ ਕਿਵੇਂ ਰਿਹਾ? ਕਿਰਪਾ ਕਰਕੇ ਪ੍ਰਸ਼ਨ",
    "vi": "Cuộc họp hôm nay của bạn thế nào? Rất hữu ích",
    "pl": "Jak oceniasz dzisiejsze spotkanie? Źle, średnio, dobrze",
    "ro": "Cum a fost ședința de astăzi? Mulțumim",
    "sq": "Si ishte takimi i sotëm? Faleminderit, ç'mendoni",
}


def one_paragraph(text: str, language: str) -> bytes:
    pdf_text.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=pdf_text.FONT)
    tagger = Tagger(canvas)
    rtl = pdf_text.is_rtl(language)
    with tagger.element("P"):
        for number, line in enumerate(pdf_text.wrap(text, 14, 400)):
            with tagger.content():
                pdf_text.draw_line(canvas, 72, 700 - 20 * number, line, width=400, rtl=rtl)
    canvas.showPage()
    canvas.save()
    return finish(buffer.getvalue(), tagger, title="Sample", language=language)


@needs_poppler
@pytest.mark.parametrize("language", SAMPLES)
def test_the_words_come_back_out_in_reading_order(language, tmp_path):
    pdf = one_paragraph(SAMPLES[language], language)
    assert pdf_checks.text(pdf, tmp_path) == pdf_checks.normal(SAMPLES[language])
    fonts = pdf_checks.fonts(pdf, tmp_path)
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_arabic_letters_are_joined():
    """Shaped: the glyphs drawn are the joined forms, not the letters one by one."""
    pdf_text.register_fonts()
    word = pdf_text.set_line("تجربتك", 12).words[0]
    (shaped, font, _), = word.pieces
    face = pdfmetrics.getFont(font).face
    drawn = [face.charToGlyph[ord(character)] for character in shaped]
    alone = [face.charToGlyph[ord(character)] for character in "تجربتك"]
    assert len(drawn) == len(alone) and set(drawn).isdisjoint(alone)


def test_a_gurmukhi_vowel_sign_is_drawn_before_its_consonant():
    pdf_text.register_fonts()
    (shaped, font, _), = pdf_text.set_line("ਕਿ", 12).words[0].pieces
    face = pdfmetrics.getFont(font).face
    first = face.charToGlyph[ord(shaped[0])]
    assert first == face.charToGlyph[ord("ਿ")]  # the i sign stands left of ka, though typed after it


def test_a_right_to_left_line_reads_from_the_right_with_addresses_kept_whole():
    pdf_text.register_fonts()
    line = pdf_text.set_line("زوروا www.example.gov.uk اليوم 2026", 12)
    drawn = [word.text for word in pdf_text._visual_order(line.words, rtl=True)]
    assert drawn == ["2026", "اليوم", "www.example.gov.uk", "زوروا"]
    mixed = pdf_text.set_line("Visit زوروا اليوم now", 12)
    assert [w.text for w in pdf_text._visual_order(mixed.words, rtl=False)] == ["Visit", "اليوم", "زوروا", "now"]


def test_a_character_the_script_font_lacks_comes_from_noto_sans():
    pdf_text.register_fonts()
    word = pdf_text.set_line("ነበር?", 12).words[0]
    assert [font for _, font, _ in word.pieces] == ["NotoSansEthiopic", "NotoSans"]


@pytest.mark.parametrize(("code", "rtl"), [("ar", True), ("fa", True), ("ur", True), ("ckb", True), ("ps", True),
                                           ("pa", False), ("en", False), ("ar-EG", True), (None, False)])
def test_which_languages_are_right_to_left(code, rtl):
    assert pdf_text.is_rtl(code) is rtl
