"""The staff page listing each language, how its translation was made and checked, and how complete it is."""

from __future__ import annotations

import html
import re

from babel.messages.pofile import read_po

from feedback_app.i18n import MESSAGES_DIR, QUESTIONNAIRES_DIR, catalogue_progress, shipped_languages

ROW = re.compile(r"<tr class=\"govuk-table__row\">\s*<th scope=\"row\".*?</tr>", re.S)


def _cells(row: str) -> list[list[str]]:
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", cell)).split() for cell in cells]


def test_every_shipped_language_with_its_status(signed_in):
    page = signed_in("chair").get("/staff/languages")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<html lang="en"' in text and "made by machine" in text
    rows = ROW.findall(text)
    languages = shipped_languages()
    assert len(rows) == len(languages)
    for row, (code, about) in zip(rows, languages.items(), strict=True):
        cells = [" ".join(words) for words in _cells(row)]
        assert f"( {code} )" in cells[0]
        assert cells[1] == ("Right to left" if code in {"ar", "fa", "ps", "ckb", "ur"} else "Left to right")
        assert cells[2] == "Yes"  # the default deployment offers every shipped language
        if code != "en":
            assert cells[3] == about["made_by"]
            assert cells[4] == (about["checked_by"] or "Not checked") or about["checked_by"] in cells[4]
        messages, questionnaires = catalogue_progress(code, "messages"), catalogue_progress(code, "questionnaires")
        assert cells[5].startswith(f"{messages['translated']} of {messages['total']}")
        assert cells[6].startswith(f"{questionnaires['translated']} of {questionnaires['total']}")
    assert 'lang="ar" dir="rtl">العربية' in text


def test_progress_counts_translated_messages_only(tmp_path):
    """English is complete by definition; a missing catalogue is 0 of everything."""
    with (MESSAGES_DIR / "messages.pot").open("rb") as handle:
        total = len([message for message in read_po(handle) if message.id])
    assert catalogue_progress("en", "messages") == {"translated": total, "fuzzy": 0, "total": total}
    with (QUESTIONNAIRES_DIR / "questionnaires.pot").open("rb") as handle:
        wanted = len([message for message in read_po(handle) if message.id])
    assert catalogue_progress("xx", "questionnaires") == {"translated": 0, "fuzzy": 0, "total": wanted}


def test_the_staff_home_links_to_it(signed_in):
    assert 'href="/staff/languages"' in signed_in("manager").get("/staff/").get_data(as_text=True)
