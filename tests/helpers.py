"""Helpers for tests: fetch a form as a browser would, then post it."""

from __future__ import annotations

import re

from feedback_app.extensions import db
from feedback_app.models import Answer, ContactDetail, Response

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


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
                "answers": answers,
            })
        return rows


def count_rows(app) -> dict[str, int]:
    with app.app_context():
        return {model.__tablename__: db.session.query(model).count() for model in (Response, Answer, ContactDetail)}
