"""Translations of what was built: a .po per questionnaire and language, and a language offered
on a questionnaire's pages only when every word of its live version is translated."""

from __future__ import annotations

import io
import shutil

from babel.messages.pofile import read_po, write_po

from feedback_app.extensions import db
from feedback_app.models import Response
from feedback_app.staff.models import AuditEvent
from tests.feedback_app.builder.youth_club import YOUTH_CLUB, publish
from tests.feedback_app.staff.test_paper import pdf_text
from tests.helpers import csrf_token

BUILDER = "/staff/questionnaires"
POLISH = {"Tell us about youth club": "Powiedz nam o klubie młodzieżowym",
          "Did you enjoy youth club?": "Czy podobał ci się klub młodzieżowy?",
          "Anything else about youth club?": "Coś jeszcze o klubie młodzieżowym?"}



def _catalogue(client, language="pl"):
    response = client.get(f"{BUILDER}/youth-club/translations/{language}.po")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="youth-club-{language}.po"'
    return read_po(io.BytesIO(response.data))


def _upload(client, catalogue, language="pl"):
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0)
    page = f"{BUILDER}/youth-club/translations"
    return client.post(page, data={"csrf_token": csrf_token(client, page), "language": language,
                                   "catalogue": (io.BytesIO(buffer.getvalue()), "youth-club-pl.po")},
                       content_type="multipart/form-data")


def _polish_offered(client) -> bool:
    page = client.get("/q/youth-club?lang=pl").get_data(as_text=True)
    return 'lang="pl"' in page and "Czy podobał ci się klub młodzieżowy?" in page


def test_a_language_is_offered_only_once_its_catalogue_is_complete(app, runner, signed_in, tmp_path):
    publish(runner, tmp_path, YOUTH_CLUB)
    manager = signed_in("manager")
    assert manager.get("/staff/paper/youth-club/standard.pdf?lang=pl").status_code == 404
    public = app.test_client()
    page = public.get("/q/youth-club?lang=pl").get_data(as_text=True)
    assert "Did you enjoy youth club?" in page and 'hreflang="pl"' not in page  # English, no Polish link
    editor = signed_in("editor")
    catalogue = _catalogue(editor)
    empty = sorted(message.id for message in catalogue if message.id and not message.string)
    assert empty == sorted(POLISH)  # "Yes" and "No" come translated from the shipped catalogue
    assert {message.id: message.string for message in catalogue if message.id}["Yes"] == "Tak"
    for message in catalogue:
        if message.id in POLISH:
            message.string = POLISH[message.id]
    response = _upload(editor, catalogue)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _polish_offered(public)
    if shutil.which("pdftotext"):  # the printed form in Polish has the uploaded words too
        pdf = manager.get("/staff/paper/youth-club/standard.pdf?lang=pl").data
        assert "Czy podobał ci się klub młodzieżowy?" in " ".join(pdf_text(pdf, tmp_path).split())
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="uploaded questionnaire translation").count() == 1
    # A reworded question is a new word: Polish is not offered for the new version until it is translated.
    publish(runner, tmp_path, YOUTH_CLUB.replace("Did you enjoy youth club?", "Was youth club fun?"))
    assert not _polish_offered(public)
    assert "Was youth club fun?" in public.get("/q/youth-club?lang=pl").get_data(as_text=True)
    empty = [message.id for message in _catalogue(editor) if message.id and not message.string]
    assert empty == ["Was youth club fun?"]
    listing = editor.get(f"{BUILDER}/youth-club/translations").get_data(as_text=True)
    assert "Polish" in listing and "4 of 5" in listing  # all but the reworded question


def test_an_upload_that_is_not_a_catalogue_of_its_language_changes_nothing(app, runner, signed_in, tmp_path):
    publish(runner, tmp_path, YOUTH_CLUB)
    editor = signed_in("editor")
    catalogue = _catalogue(editor, "ro")
    for message in catalogue:
        if message.id in POLISH:
            message.string = "Română"
    response = _upload(editor, catalogue, language="pl")
    assert response.status_code == 200
    assert "The file is a catalogue for &#39;ro&#39;, not &#39;pl&#39;" in response.get_data(as_text=True)
    page = f"{BUILDER}/youth-club/translations"
    garbage = editor.post(page, data={"csrf_token": csrf_token(editor, page), "language": "pl",
                                      "catalogue": (io.BytesIO(b"\x00\xffnot a po file"), "x.po")},
                          content_type="multipart/form-data")
    assert garbage.status_code == 200
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="uploaded questionnaire translation").count() == 0


def test_the_preview_shows_a_draft_in_any_language_as_on_a_phone_or_a_computer(app, runner, signed_in, tmp_path):
    """Issue 13: a half-translated draft is previewed in Polish (English where untranslated, saying
    so), at phone or computer width, without JavaScript; the preview stores nothing."""
    publish(runner, tmp_path, YOUTH_CLUB)
    editor = signed_in("editor")
    catalogue = _catalogue(editor)
    for message in catalogue:
        if message.id == "Did you enjoy youth club?":
            message.string = POLISH[message.id]
    assert _upload(editor, catalogue).status_code == 302
    page = f"{BUILDER}/youth-club/preview"
    start = {"csrf_token": csrf_token(editor, BUILDER)}
    assert editor.post(f"{BUILDER}/youth-club/start", data=start).status_code == 302
    english = editor.get(page).get_data(as_text=True)
    assert "Did you enjoy youth club?" in english and "app-preview--computer" in english
    assert 'href="/staff/questionnaires/youth-club/preview?language=en&amp;view=phone"' in english
    polish = editor.get(f"{page}?language=pl&view=phone").get_data(as_text=True)
    assert "app-preview--phone" in polish and '<div lang="pl" dir="ltr">' in polish
    assert "Czy podobał ci się klub młodzieżowy?" in polish and "> Tak <" in " ".join(polish.split())
    assert "Wyślij moje odpowiedzi" in polish  # the form's own words in Polish too
    assert "Anything else about youth club?" in polish  # untranslated: shown in English ...
    assert "2 of the 5 words are not translated into Polish yet: they are shown in English" in polish  # ... saying so
    answers = {"csrf_token": csrf_token(editor, page), "enjoyed": "yes"}
    sent = editor.post(f"{page}?language=pl&view=phone", data=answers)
    assert sent.status_code == 200 and "These answers would be accepted" in sent.get_data(as_text=True)
    assert editor.get(f"{page}?language=xx").status_code == 404
    assert editor.get(f"{page}?view=watch").status_code == 404
    with app.app_context():
        assert db.session.query(Response).count() == 0
