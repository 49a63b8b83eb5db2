"""The PDF of invitation cards: 8 to an A4 page, each QR code opens its own code's page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.invitations.cards import CARD_HEIGHT, CARD_WIDTH, COLUMNS, ROWS
from feedback_app.invitations.models import InvitationCode
from tests.feedback_app.staff.test_invitations import post_batch
from tests.helpers import CSRF

cv2 = pytest.importorskip("cv2")
# Under CI the PDF tools are installed by test.sh, so their absence is a failure, not a skip.
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None and os.environ.get("CI") != "true",
                                reason="pdftoppm (poppler-utils) is not installed")

PUBLIC = "https://feedback.council.example"
CODE_URL = re.compile(r"^https://feedback\.council\.example/c/([A-Z2-9]{4}-[A-Z2-9]{4})$")


@pytest.fixture(autouse=True)
def public_base_url(app, monkeypatch):
    """The address cards print is PUBLIC_BASE_URL (set from the environment at start-up)."""
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", PUBLIC)


#: OpenCV's QR reader is fussier than a phone's: each card is tried at more than one resolution.
RESOLUTIONS = (200, 300, 150)


def render(pdf: bytes, tmp_path, dpi: int) -> list:
    (tmp_path / "cards.pdf").write_bytes(pdf)
    prefix = tmp_path / f"page{dpi}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-aa", "no", "-aaVector", "no", "-png", str(tmp_path / "cards.pdf"),
                    str(prefix)], check=True)
    return [cv2.imread(str(path)) for path in sorted(tmp_path.glob(f"page{dpi}-*.png"))]


def cards_of(page, dpi: int) -> list:
    """Each card's area of a rendered page, cut where the cut marks say."""
    scale = dpi / 72
    left = (A4[0] - COLUMNS * CARD_WIDTH) / 2
    top = (A4[1] - ROWS * CARD_HEIGHT) / 2
    return [page[int((top + row * CARD_HEIGHT) * scale):int((top + (row + 1) * CARD_HEIGHT) * scale),
                 int((left + column * CARD_WIDTH) * scale):int((left + (column + 1) * CARD_WIDTH) * scale)]
            for row in range(ROWS) for column in range(COLUMNS)]


def decode_cards(pdf: bytes, tmp_path) -> list[list[str]]:
    """Per page, per card position: the text of its QR code ('' where there is none or it cannot be read)."""
    detector = cv2.QRCodeDetectorAruco()  # far steadier than QRCodeDetector on small printed codes
    renderings = {dpi: render(pdf, tmp_path, dpi) for dpi in RESOLUTIONS}
    pages = []
    for number in range(len(renderings[RESOLUTIONS[0]])):
        found = []
        for position in range(COLUMNS * ROWS):
            text = ""
            for dpi in RESOLUTIONS:
                text = detector.detectAndDecode(cards_of(renderings[dpi][number], dpi)[position])[0]
                if text:
                    break
            found.append(text)
        pages.append(found)
    return pages


def pdf_text(pdf: bytes, tmp_path) -> str:
    (tmp_path / "t.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(tmp_path / "t.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_each_card_has_a_qr_code_to_its_own_code(app, signed_in, tmp_path):
    client = signed_in("chair")
    response = post_batch(client, questionnaires=["cp-conference-parent"], cards_each="10")
    pages = decode_cards(response.data, tmp_path)
    assert len(pages) == 2  # 8 a page
    urls = [url for page in pages for url in page if url]
    assert pages[1][2:] == [""] * 6
    assert len(urls) == 10 and len(set(urls)) == 10, urls
    with app.app_context():
        stored = set(db.session.scalars(select(InvitationCode.code_hash)))
        for url in urls:
            code = CODE_URL.match(url).group(1)
            assert codes.hash_code(codes.normalise(code)) in stored
    # The code printed for typing is the one in the QR code, with the code page's address and the council.
    text = pdf_text(response.data, tmp_path)
    for url in urls:
        assert CODE_URL.match(url).group(1) in text
    assert f"{PUBLIC}/c" in text and "Example Council" in text and "anonymous" in text
    # A scanned code works.
    assert client.get(urls[0].removeprefix(PUBLIC)).status_code == 302


def test_a_single_card_decodes_from_a_cropped_card(app, signed_in, tmp_path):
    client = signed_in("chair")
    response = post_batch(client, questionnaires=["cp-conference-child"], cards_each="1")
    [[first, *others]] = decode_cards(response.data, tmp_path)
    assert CODE_URL.match(first), first
    assert others == [""] * 7


def test_cards_and_paper_forms_print_the_configured_address_whatever_host_the_request_names(app, signed_in,
                                                                                           tmp_path):
    """A request with a forged Host header must not make cards that send families to another site."""
    client = signed_in("admin")
    # The same signed-in browser, talking to the app under another Host name.
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    token = CSRF.search(client.get("/staff/invitations/new", headers={"Host": "evil.example"}).get_data(
        as_text=True)).group(1)
    cards = client.post("/staff/invitations/new", headers={"Host": "evil.example"}, data={
        "csrf_token": token, "questionnaires": ["cp-conference-parent"], "meeting_type": "initial_cp_conference",
        "month": "2026-11", "team": "", "cards_each": "1"})
    assert cards.status_code == 200 and cards.mimetype == "application/pdf"
    [[url, *_]] = decode_cards(cards.data, tmp_path)
    assert CODE_URL.match(url), url
    cards_text = pdf_text(cards.data, tmp_path)
    paper = client.get("/staff/paper/cp-conference-parent/standard.pdf", headers={"Host": "evil.example"})
    assert paper.status_code == 200
    paper_text = pdf_text(paper.data, tmp_path)
    for text in (cards_text, paper_text):
        assert "evil.example" not in text and "localhost" not in text
    assert f"{PUBLIC}/c" in cards_text
    assert f"Or answer online at {PUBLIC}/q/cp-conference-parent/standard" in " ".join(paper_text.split())
    (tmp_path / "paper").mkdir()
    first_page = render(paper.data, tmp_path / "paper", 200)[0]
    assert cv2.QRCodeDetectorAruco().detectAndDecode(first_page)[0] == f"{PUBLIC}/q/cp-conference-parent/standard"
