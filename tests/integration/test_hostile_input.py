"""Hostile or broken submissions get a clear answer, never a 500, and store nothing."""

from __future__ import annotations

import threading

import pytest
from werkzeug.datastructures import MultiDict

from tests.helpers import count_rows, csrf_token, stored, submit

URL = "/q/cp-conference-parent"


@pytest.mark.parametrize("answers", [
    {"conference_type": ["initial", "review"]},                     # a single answer sent twice
    {"conference_type": "initial", "relationship": "mother'; DROP TABLE responses; --"},
    {"conference_type": "initial", "plan_will_help": "\x00\x01"},
    {"conference_type": "<script>alert(1)</script>"},
    {"conference_type": "initial", "eq_ethnicity": "white", "eq_disability": "maybe"},
], ids=["repeated-single", "sql-in-choice", "control-chars-in-choice", "script-in-choice", "bad-equality-answer"])
def test_bad_choices_are_refused_and_nothing_is_stored(app, client, answers):
    response = submit(client, URL, answers)
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert count_rows(app)["responses"] == 0


def test_unknown_fields_are_ignored_not_stored(app, client):
    response = submit(client, URL, {"conference_type": "initial", "is_admin": "1", "ip_address": "203.0.113.1"})
    assert response.status_code == 303
    [row] = stored(app)
    assert row["answers"] == {"conference_type": ["initial"]}


def test_sql_and_markup_in_free_text_are_stored_as_text(app, client):
    text = "Robert'); DROP TABLE responses;-- <img src=x onerror=alert(1)>"
    assert submit(client, URL, {"conference_type": "initial", "comments": text}).status_code == 303
    assert stored(app)[0]["answers"]["comments"] == [text]


def test_text_that_is_only_invisible_characters_is_no_answer(app, client):
    response = submit(client, URL, {"conference_type": "initial", "comments": "\u200b\u200b \x00\t"})
    assert response.status_code == 303
    assert "comments" not in stored(app)[0]["answers"]


def test_invalid_utf8_is_not_a_server_error(app, client):
    token = csrf_token(client, URL)
    body = b"csrf_token=" + token.encode() + b"&conference_type=initial&comments=%FF%FE%C3%28"
    response = client.post(URL, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 303, 400)
    for row in stored(app):
        "".join(row["answers"].get("comments", [])).encode("utf-8")  # whatever was kept is valid text


def test_too_many_form_parts_are_refused_kindly(app, client):
    data = MultiDict([("csrf_token", csrf_token(client, URL)), ("conference_type", "initial")])
    for n in range(400):
        data.add(f"field{n}", "x")
    response = client.post(URL, data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)
    assert count_rows(app)["responses"] == 0


def test_a_json_body_or_a_get_with_answers_stores_nothing(app, client):
    assert client.post(URL, json={"conference_type": "initial"}).status_code == 415  # forms only
    assert client.get(URL + "?conference_type=initial").status_code == 200
    assert client.put(URL).status_code == 405
    assert count_rows(app)["responses"] == 0


def test_concurrent_submissions_are_each_stored_exactly_once(app):
    """SQLite in WAL mode with a busy timeout: simultaneous writers all succeed."""
    statuses: list[int] = []

    def person():
        client = app.test_client()
        for _ in range(5):
            statuses.append(submit(client, "/q/lac-review-child/young", {"happy_with_iro": "yes"}).status_code)

    threads = [threading.Thread(target=person) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * 40
    assert count_rows(app)["responses"] == 40
