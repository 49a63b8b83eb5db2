"""One question a page: answers travel in the page, nothing is kept between pages."""

from __future__ import annotations

import pytest
from markupsafe import escape

from forms.registry import load_questionnaires
from tests.helpers import another_app, count_rows, example_answers, press, stored

URL = "/q/lac-review-child/young/paged"


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_whole_journey_with_back_and_change_stores_the_final_answers(app, client):
    html = _page(client.get(URL))
    assert "Question 1 of 6" in html
    html = _page(press(client, URL, html, "next", {"happy_with_iro": "no"}))
    assert "Question 2 of 6" in html
    html = _page(press(client, URL, html, "back"))
    assert "Question 1 of 6" in html
    assert 'value="no" checked' in html  # the answer came back with the page
    html = _page(press(client, URL, html, "next", {"happy_with_iro": "yes"}))
    html = _page(press(client, URL, html, "next", {"met_iro_before_review": "no"}))
    for _ in range(4):  # skip the rest
        html = _page(press(client, URL, html, "next"))
    assert "Check your answers before sending them" in html
    assert "Not answered" in html

    html = _page(press(client, URL, html, "change-met_iro_before_review"))
    assert "Question 2 of 6" in html
    html = _page(press(client, URL, html, "next", {"met_iro_before_review": "yes"}))
    assert "Check your answers before sending them" in html  # straight back after a change

    assert count_rows(app)["responses"] == 0  # nothing is stored before sending
    response = press(client, URL, html, "send")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/q/lac-review-child/young/thank-you")
    [row] = stored(app)
    assert row["answers"] == {"happy_with_iro": ["yes"], "met_iro_before_review": ["yes"]}


def test_a_wrong_answer_stays_on_its_page_with_an_error(app, client):
    html = _page(client.get(URL))
    html = _page(press(client, URL, html, "next", {"happy_with_iro": "sideways"}))
    assert "Question 1 of 6" in html
    assert "There is a problem" in html and "Select one of the answers shown" in html


def test_sending_nothing_is_refused_kindly(app, client):
    html = _page(client.get(URL))
    for _ in range(6):
        html = _page(press(client, URL, html, "next"))
    html = _page(press(client, URL, html, "send"))
    assert "You have not answered any questions yet" in html
    assert count_rows(app)["responses"] == 0


def test_a_tampered_hidden_answer_is_caught_when_sending(app, client):
    html = _page(client.get(URL))
    for _ in range(6):
        html = _page(press(client, URL, html, "next"))
    html = _page(press(client, URL, html, "send", {"felt_listened_to": "<script>alert(1)</script>"}))
    assert "Select one of the answers shown" in html
    assert "<script>alert(1)</script>" not in html
    assert count_rows(app)["responses"] == 0


def test_free_text_is_shown_escaped_on_the_check_page(client):
    url = "/q/lac-review-child/paged"
    html = _page(client.get(url))
    html = _page(press(client, url, html, "change-comments"))
    html = _page(press(client, url, html, "next", {"comments": "<script>alert('x')</script> & more"}))
    assert "Check your answers" in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert "<script>alert('x')</script>" not in html


def test_step_numbers_out_of_range_and_unknown_buttons_are_harmless(app, client):
    html = _page(client.get(URL))
    high = _page(press(client, URL, html.replace('name="_step" value="0"', 'name="_step" value="999"'), "next"))
    assert "Check your answers before sending them" in high
    negative = html.replace('name="_step" value="0"', 'name="_step" value="-5"')
    low = _page(press(client, URL, negative, "change-nonsense"))
    assert "Question 1 of 6" in low
    assert count_rows(app)["responses"] == 0


def test_a_post_without_the_csrf_token_keeps_the_answers_and_asks_again(app, client):
    _page(client.get(URL))  # a session cookie, as a real visit would have
    response = client.post(URL, data={"_step": "0", "_go": "next", "happy_with_iro": "yes"})
    page = _page(response)
    assert "Your answers were not sent" in page
    assert 'value="yes" checked' in page
    assert count_rows(app)["responses"] == 0


def test_only_sending_counts_against_the_rate_limit(app):
    """Every page of a paged journey is a POST; counting them all refused a second parent
    on the same Wi-Fi part-way through (docs/scaling.md). Only "Send" counts."""
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="2 per minute") as limited:
        client = limited.test_client()
        sent = []
        for _ in range(3):
            html = _page(client.get(URL))
            html = _page(press(client, URL, html, "next", {"happy_with_iro": "yes"}))
            for _ in range(5):  # eight page POSTs a journey in all, far over the limit of 2
                html = _page(press(client, URL, html, "next"))
            sent.append(press(client, URL, html, "send").status_code)
        assert sent == [303, 303, 429]
        assert count_rows(app)["responses"] == 2


# Every version's one-question journey, without a browser: the browser tests (axe, pictures, targets)
# walk a sample that covers every kind of page (tests/browser/test_accessibility.py, covering_sample).
EVERY_VARIANT = [(q.slug, name) for q in load_questionnaires().values() for name in q.variants]


@pytest.mark.parametrize(("slug", "name"), EVERY_VARIANT, ids=[f"{s}/{n}" for s, n in EVERY_VARIANT])
def test_every_versions_one_question_pages_ask_each_question_then_send(app, client, slug, name):
    questionnaire = app.extensions["questionnaires"][slug]
    variant = questionnaire.variants[name]
    url = f"/q/{slug}/{name}/paged"
    thanks = f"/q/{slug}/thank-you" if name == questionnaire.default_variant else f"/q/{slug}/{name}/thank-you"
    answers = example_answers(variant)
    html = _page(client.get(url))
    count = len(variant.questions)
    for number, question in enumerate(variant.questions, start=1):
        assert f"Question {number} of {count}" in html and escape(question.text) in html, question.id
        if question.required:  # its error, and the page again
            html = _page(press(client, url, html, "next"))
            assert f"Question {number} of {count}" in html and escape(question.required_message) in html
        html = _page(press(client, url, html, "next", {question.id: answers[question.id]}))
    assert "Check your answers before sending them" in html
    for question in variant.questions:
        assert escape(question.text) in html, question.id
    assert count_rows(app)["responses"] == 0  # nothing is stored before sending
    response = press(client, url, html, "send")
    assert response.status_code == 303 and response.headers["Location"].endswith(thanks)
    [row] = stored(app)
    expected = {q.id: answers[q.id] if isinstance(answers[q.id], list) else [answers[q.id]]
                for q in variant.questions if not q.personal}
    assert row["answers"] == expected
