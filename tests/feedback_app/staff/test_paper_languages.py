"""Paper forms and cards in the reader's language: shaped, embedded, mirrored for
right-to-left languages, and tagged (issue 11 items 7 and 8; decision 0014)."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.invitations.models import InvitationBatch
from feedback_app.invitations.paper import paper_pdf
from forms.i18n import translate_questionnaire
from forms.registry import load_questionnaires
from tests import pdf_checks
from tests.feedback_app.staff.test_invitations import post_batch

needs_poppler = pdf_checks.needs_poppler
QUESTIONNAIRE = load_questionnaires()["cp-conference-parent"]
ONLINE = "https://feedback.council.example/q/cp-conference-parent/standard"

#: A few strings of the questionnaire in each script (a test catalogue, not the shipped one).
WORDS = {
    "ar": ["ما مدى فائدة المؤتمر بالنسبة لك؟", "مفيد جدا", "غير مفيد على الإطلاق", "استبيان المؤتمر"],
    "am": ["ጉባኤው ምን ያህል ጠቃሚ ነበር?", "በጣም ጠቃሚ", "ምንም ጠቃሚ አልነበረም", "የጉባኤው መጠይቅ"],
    "pa": ["ਕਾਨਫਰੰਸ ਤੁਹਾਡੇ ਲਈ ਕਿੰਨੀ ਲਾਭਦਾਇਕ ਸੀ?", "ਬਹੁਤ ਲਾਭਦਾਇਕ", "ਬਿਲਕੁਲ ਲਾਭਦਾਇਕ ਨਹੀਂ", "ਕਾਨਫਰੰਸ ਪ੍ਰਸ਼ਨਾਵਲੀ"],
}


def translations(language: str) -> tuple[Translations, list[str]]:
    """A catalogue in memory: the first question, its first and last options, and the title."""
    variant = QUESTIONNAIRE.variant("standard")
    question = next(q for q in variant.questions if q.options)
    sources = [question.text, question.options[0].label, question.options[-1].label, variant.title]
    catalog = Catalog(locale=language, domain="questionnaires")
    for source, translated in zip(sources, WORDS[language], strict=True):
        catalog.add(source, translated)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="questionnaires"), WORDS[language]


def paper(language: str) -> tuple[bytes, list[str]]:
    catalogue, words = translations(language)
    translated = translate_questionnaire(QUESTIONNAIRE, catalogue.gettext)
    pdf = paper_pdf(translated, translated.variant("standard"), council="Example Council", online_url=ONLINE,
                    return_to="Example Council", language=language)
    return pdf, words


@needs_poppler
@pytest.mark.parametrize("language", WORDS)
def test_a_paper_form_in_each_script_gives_its_words_back(language, tmp_path):
    pdf, words = paper(language)
    text = pdf_checks.text(pdf, tmp_path)
    for word in words:
        assert pdf_checks.normal(word) in text, word
    assert pdf_checks.info(pdf, tmp_path)["Tagged"].strip() == "yes"
    fonts = pdf_checks.fonts(pdf, tmp_path)
    assert all(embedded for _, embedded in fonts), fonts
    family = {"ar": "NotoNaskhArabic", "am": "NotoSansEthiopic", "pa": "NotoSansGurmukhi"}[language]
    assert any(name.endswith(f"+{family}-Regular") for name, _ in fonts), fonts


@pytest.mark.parametrize("language", [*WORDS, "en"])
def test_a_paper_form_is_tagged_in_its_language(language):
    if language == "en":
        pdf = paper_pdf(QUESTIONNAIRE, QUESTIONNAIRE.variant("standard"), council="Example Council",
                        online_url=ONLINE, return_to="Example Council")
    else:
        pdf, _ = paper(language)
    document = pdf_checks.open_pdf(pdf)
    assert str(document.Root.Lang) == language
    elements = pdf_checks.elements(pdf)
    roles = [element["role"] for element in elements]
    assert roles.count("H1") == 1 and roles.index("H1") < roles.index("H2")
    questions = [q for q in QUESTIONNAIRE.variant("standard").questions]
    assert roles.count("H2") == len(questions)
    options = sum(len(q.options) for q in questions)
    assert roles.count("LI") == roles.count("LBody") == options
    figure = next(element for element in elements if element["role"] == "Figure")
    assert ONLINE in figure["alt"]
    assert pdf_checks.unmarked_painting(pdf) == []


def words_with_boxes(pdf: bytes, tmp_path) -> list[tuple[str, float, float]]:
    """(word, left, right) for each word pdftotext finds on the first page."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [(word, float(left), float(right)) for left, right, word in
            re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]


@needs_poppler
def test_a_right_to_left_form_is_mirrored(tmp_path):
    width, margin = 595.28, 51.02
    arabic, _ = paper("ar")
    english = paper_pdf(QUESTIONNAIRE, QUESTIONNAIRE.variant("standard"), council="Example Council",
                        online_url=ONLINE, return_to="Example Council")
    for pdf, rtl in ((arabic, True), (english, False)):
        boxes = words_with_boxes(pdf, tmp_path)
        council = [box for box in boxes if box[0] == "Council"][0]
        under_qr = [box for box in boxes if box[0] == "online"][0]  # "Or answer online", under the QR code
        if rtl:
            assert council[2] == pytest.approx(width - margin, abs=2)  # the words start on the right
            assert under_qr[2] < width / 3  # the QR code on the left
        else:
            assert council[1] < margin + 80
            assert under_qr[1] > width * 2 / 3


def test_the_paper_form_route_takes_a_shipped_language(signed_in):
    client = signed_in("manager")
    response = client.get("/staff/paper/cp-conference-parent/standard.pdf?lang=ar")
    assert response.status_code == 200
    assert 'filename="cp-conference-parent-standard-paper-ar.pdf"' in response.headers["Content-Disposition"]
    document = pdf_checks.open_pdf(response.data)
    assert str(document.Root.Lang) == "ar"
    assert bool(document.Root.MarkInfo.Marked)
    for hostile in ("zz", "../en", "", "x" * 300):
        assert client.get(f"/staff/paper/cp-conference-parent/standard.pdf?lang={hostile}").status_code == 404
    # A NUL is refused before any view sees it.
    assert client.get("/staff/paper/cp-conference-parent/standard.pdf?lang=ar%00").status_code == 400


def test_the_paper_forms_page_offers_the_languages(signed_in):
    page = signed_in("manager").get("/staff/paper?lang=pa").get_data(as_text=True)
    assert 'value="pa" selected' in page and "ਪੰਜਾਬੀ" in page
    assert "/staff/paper/cp-conference-parent/standard.pdf?lang=pa" in page
    page = signed_in("chair").get("/staff/paper?lang=nonsense").get_data(as_text=True)
    assert "/staff/paper/cp-conference-parent/standard.pdf\"" in page


def test_cards_come_in_the_chosen_language(app, signed_in):
    client = signed_in("chair")
    response = post_batch(client, language="ar")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    document = pdf_checks.open_pdf(response.data)
    assert str(document.Root.Lang) == "ar"
    roles = [element["role"] for element in pdf_checks.elements(response.data)]
    assert roles.count("Figure") == roles.count("Sect") == 6  # 3 cards each of 2 questionnaires
    assert pdf_checks.unmarked_painting(response.data) == []
    qr_codes = [element["alt"] for element in pdf_checks.elements(response.data) if element["role"] == "Figure"]
    # Each QR code opens the questionnaire in Arabic: the address it holds carries ?lang=ar.
    assert qr_codes and all(re.search(r"/c/[A-Z0-9-]+\?lang=ar\b", alt) for alt in qr_codes), qr_codes


def test_an_unknown_card_language_changes_nothing(app, signed_in):
    client = signed_in("chair")
    response = post_batch(client, language="zz")
    assert response.status_code == 400
    assert "Select a language from the list" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(InvitationBatch)) == 0
