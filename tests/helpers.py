"""Helpers for tests: fetch a form as a browser would, then post it."""

from __future__ import annotations

import re
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

from feedback_app.extensions import db
from feedback_app.models import Answer, ContactDetail, Response

#: For tests that use no test database (their own SQLite file or databases, or none): the PostgreSQL pass of
#: ./test.sh would run them again unchanged, so it leaves them out (tests/conftest.py) and they run once, in the
#: SQLite pass. Needed only where the test's module names the pass's database for other tests.
same_on_every_database = pytest.mark.same_on_every_database

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return CSRF.search(page.get_data(as_text=True)).group(1)


def submit(client, url: str, answers: dict, **kwargs):
    """GET the form for a CSRF token and session cookie, then POST ``answers``."""
    return client.post(url, data={"csrf_token": csrf_token(client, url), **answers}, **kwargs)


def stored(app) -> list[dict]:
    """Every stored response as plain data: its columns and answers by question id."""
    with app.app_context():
        rows = []
        for response in db.session.scalars(db.select(Response)):
            answers: dict[str, list[str]] = {}
            for answer in sorted(response.answers, key=lambda a: (a.question_id, a.position)):
                answers.setdefault(answer.question_id, []).append(answer.value)
            rows.append({
                "questionnaire": response.questionnaire, "variant": response.variant, "channel": response.channel,
                "submitted_on": response.submitted_on, "definition_version": response.definition_version,
                "answers": answers, "choices": response.choices, "language": response.language,
                "contact": {detail.question_id: detail.value for detail in db.session.scalars(
                    db.select(ContactDetail).where(ContactDetail.response_id == response.id))},
            })
        return rows


def count_rows(app) -> dict[str, int]:
    with app.app_context():
        return {model.__tablename__: db.session.query(model).count() for model in (Response, Answer, ContactDetail)}


class _FormFields(HTMLParser):
    """Collects the hidden inputs of a page's form, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.hidden: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.hidden.append((attributes["name"], attributes.get("value") or ""))


def hidden_fields(html: str) -> list[tuple[str, str]]:
    parser = _FormFields()
    parser.feed(html)
    return parser.hidden


def press(client, url: str, page_html: str, go: str, answers: dict | None = None):
    """Post a paged-journey page as its button ``go`` would, with the hidden fields it carries."""
    data = MultiDict(hidden_fields(page_html))
    for name, value in (answers or {}).items():
        data.setlist(name, value if isinstance(value, list) else [value])
    data["_go"] = go
    return client.post(url, data=data)


def example_answers(variant) -> dict[str, str | list[str]]:
    """A full, valid set of answers for every question a variant asks."""
    answers: dict[str, str | list[str]] = {}
    for question in variant.questions:
        if question.type == "single":
            answers[question.id] = question.options[-1].value
        elif question.type == "multi":
            answers[question.id] = [question.options[0].value, question.options[-1].value]
        else:
            answers[question.id] = f"Words for {question.id}: it went well & <b>mostly</b> fine."
    return answers


@contextmanager
def another_app(app, **settings):
    """A second app on the test database with other settings (rate limits on, another
    deployment...). Flask-Limiter keeps its settings on its one object, so the test app
    gets them back afterwards."""
    from feedback_app import create_app
    from feedback_app.extensions import limiter
    from tests.conftest import TEST_SETTINGS

    other = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **settings})
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()
        limiter.init_app(app)
