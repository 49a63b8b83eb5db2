"""Every questionnaire in every variant, submitted through the Flask test client:
exactly what was answered is stored, bad submissions store nothing, and nothing
that could identify the person is kept."""

from __future__ import annotations

import pytest

from feedback_app.privacy import today
from forms.codebook import pinned_codebook
from forms.registry import load_questionnaires
from tests.helpers import count_rows, example_answers, stored, submit

QUESTIONNAIRES = load_questionnaires()
EVERY_VARIANT = [(q, v) for q in QUESTIONNAIRES.values() for v in q.variants.values()]
IDS = [f"{q.slug}/{v.name}" for q, v in EVERY_VARIANT]
NOTHING = {"responses": 0, "answers": 0, "contact_details": 0}


def url_for(questionnaire, variant) -> str:
    return f"/q/{questionnaire.slug}/{variant.name}"


@pytest.mark.parametrize(("questionnaire", "variant"), EVERY_VARIANT, ids=IDS)
def test_a_full_submission_is_stored_exactly(app, client, questionnaire, variant):
    answers = example_answers(variant)
    response = submit(client, url_for(questionnaire, variant), answers)

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/thank-you")
    thank_you = client.get(response.headers["Location"])
    assert thank_you.status_code == 200
    assert "Your answers have been sent" in thank_you.get_data(as_text=True)

    [row] = stored(app)
    personal = {q.id for q in variant.questions if q.personal}
    expected = {k: (v if isinstance(v, list) else [v]) for k, v in answers.items() if k not in personal}
    # Typed text is stored as typed (tags and all); escaping is the job of whatever displays it.
    assert row["answers"] == expected
    assert row["contact"] == {k: answers[k] for k in personal}
    assert (row["questionnaire"], row["variant"], row["channel"]) == (questionnaire.slug, variant.name, "web")
    assert row["submitted_on"] == today()
    assert row["definition_version"] == questionnaire.version
    # The choice code reports read says the same as the answer rows, in the pinned codebook.
    assert row["choices"] == pinned_codebook(questionnaire.slug, questionnaire.version).encode(row["answers"])
    assert set(row["choices"]) != {"0"} or not any(q.type != "text" for q in variant.questions)


@pytest.mark.parametrize(("questionnaire", "variant"), EVERY_VARIANT, ids=IDS)
def test_an_answer_that_is_not_an_option_is_refused_and_nothing_stored(app, client, questionnaire, variant):
    answers = example_answers(variant)
    single = next(q for q in variant.questions if q.type == "single")
    answers[single.id] = "not-an-option"

    response = submit(client, url_for(questionnaire, variant), answers)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'href="#{single.id}"' in page  # the error summary links to the question
    assert "Select one of the answers shown" in page
    assert count_rows(app) == NOTHING


@pytest.mark.parametrize(("questionnaire", "variant"), EVERY_VARIANT, ids=IDS)
def test_an_empty_submission_is_not_stored(app, client, questionnaire, variant):
    response = submit(client, url_for(questionnaire, variant), {})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    required = [q for q in variant.questions if q.required]
    if required:
        for question in required:
            assert question.required_message in page
    else:
        assert "You have not answered any questions yet" in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: " in page
    assert count_rows(app) == NOTHING


@pytest.mark.parametrize(("questionnaire", "variant"), EVERY_VARIANT, ids=IDS)
def test_a_required_answer_alone_is_enough_or_any_one_answer_is(app, client, questionnaire, variant):
    required = [q for q in variant.questions if q.required]
    full = example_answers(variant)
    if required:
        answers = {q.id: full[q.id] for q in required}
    else:
        first = variant.questions[0]
        answers = {first.id: full[first.id]}

    assert submit(client, url_for(questionnaire, variant), answers).status_code == 303
    assert count_rows(app)["responses"] == 1


def test_the_default_variant_is_served_at_the_plain_address(client):
    for questionnaire in QUESTIONNAIRES.values():
        page = client.get(f"/q/{questionnaire.slug}").get_data(as_text=True)
        assert questionnaire.variant().title in page


def test_unknown_questionnaires_and_variants_are_not_found(client):
    assert client.get("/q/no-such-thing").status_code == 404
    assert client.get("/q/cp-conference-parent/no-such-variant").status_code == 404
    assert "Page not found" in client.get("/q/no-such-thing").get_data(as_text=True)


def test_a_refreshed_thank_you_page_sends_nothing_again(app, client):
    response = submit(client, "/q/lac-review-child/young", {"happy_with_iro": "yes"})
    for _ in range(3):
        assert client.get(response.headers["Location"]).status_code == 200
    assert count_rows(app)["responses"] == 1
