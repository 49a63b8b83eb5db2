"""Paper forms: a printable PDF of every questionnaire variant, and typing returned forms in."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest

from feedback_app.privacy import today
from forms.registry import load_questionnaires
from tests.helpers import csrf_token, example_answers, stored

QUESTIONNAIRES = load_questionnaires()
VARIANTS = [(slug, name) for slug, q in QUESTIONNAIRES.items() for name in q.variants]


def pdf_text(pdf: bytes, tmp_path) -> str:
    (tmp_path / "p.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", str(tmp_path / "p.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.parametrize(("slug", "variant"), VARIANTS)
def test_every_variant_prints(signed_in, slug, variant, tmp_path):
    response = signed_in("manager").get(f"/staff/paper/{slug}/{variant}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    text = " ".join(pdf_text(response.data, tmp_path).split())
    chosen = QUESTIONNAIRES[slug].variant(variant)
    assert "Example Council" in text
    for question in chosen.questions:
        assert " ".join(question.text.split())[:30] in text, question.id


def test_a_child_version_has_its_faces_as_words(signed_in, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = pdf_text(signed_in("chair").get("/staff/paper/cp-conference-child/child.pdf").data, tmp_path)
    assert "Happy face" in text and "Sad face" in text


def test_the_paper_forms_page_lists_every_variant(signed_in):
    page = signed_in("complaints_officer").get("/staff/paper").get_data(as_text=True)
    for slug, variant in VARIANTS:
        assert f"/staff/paper/{slug}/{variant}.pdf" in page
        assert f'/staff/paper/{slug}/{variant}"' in page


def test_unknown_questionnaire_or_variant_is_not_found(signed_in):
    client = signed_in("admin")
    assert client.get("/staff/paper/nope/standard.pdf").status_code == 404
    assert client.get("/staff/paper/cp-conference-parent/nope").status_code == 404


def entry(client, url, answers, filled_in_on):
    return client.post(url, data={"csrf_token": csrf_token(client, url), "paper-filled_in_on": filled_in_on,
                                  **answers})


def test_a_typed_in_paper_form_is_stored_with_its_date_and_channel(app, signed_in):
    client = signed_in("manager")
    url = "/staff/paper/cp-conference-child/child"
    answers = example_answers(QUESTIONNAIRES["cp-conference-child"].variant("child"))
    response = entry(client, url, answers, "2026-10-03")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert "Paper form saved" in client.get(url).get_data(as_text=True)
    [row] = stored(app)
    assert row["channel"] == "paper" and row["variant"] == "child"
    assert row["submitted_on"] == date(2026, 10, 3)
    assert row["answers"] == {k: v if isinstance(v, list) else [v] for k, v in answers.items()}


@pytest.mark.parametrize(("filled_in_on", "message"), [
    ("", "Enter the date on the form"),
    ("3 October", "Enter the date on the form"),
    ((today() + timedelta(days=1)).isoformat(), "today or in the past"),
])
def test_a_missing_or_future_date_is_refused(app, signed_in, filled_in_on, message):
    client = signed_in("chair")
    response = entry(client, "/staff/paper/cp-conference-parent/standard", {}, filled_in_on)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page or "Not a valid date value" in page
    assert stored(app) == []


def test_the_same_validation_as_online(app, signed_in):
    client = signed_in("chair")
    response = entry(client, "/staff/paper/cp-conference-parent/standard", {"conference_type": "not-an-option"},
                     "2026-10-03")
    assert response.status_code == 400
    assert "There is a problem" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_paper_form_keeps_the_language_it_was_printed_in_and_english_by_default(app, signed_in):
    client = signed_in("manager")
    url = "/staff/paper/cp-conference-parent/standard"
    assert '<option value="ar">Arabic</option>' in client.get(url).get_data(as_text=True)
    answers = {"conference_type": "initial"}
    assert entry(client, url, {**answers, "paper-language": "ar"}, "2026-10-03").status_code == 302
    assert entry(client, url, answers, "2026-10-04").status_code == 302
    assert sorted(row["language"] for row in stored(app)) == ["ar", "en"]


def test_a_language_not_on_the_list_is_refused_and_nothing_is_stored(app, signed_in):
    client = signed_in("manager")
    response = entry(client, "/staff/paper/cp-conference-parent/standard",
                     {"conference_type": "initial", "paper-language": "xx"}, "2026-10-03")
    assert response.status_code == 400
    assert "Select the language the form was filled in from the list" in response.get_data(as_text=True)
    assert stored(app) == []
