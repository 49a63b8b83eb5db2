"""Storing responses: one transaction per response, so a response is seen whole or not at all."""

from __future__ import annotations

from datetime import date

from feedback_app.extensions import db
from feedback_app.models import Answer, ContactDetail, Response
from feedback_app.privacy import today
from forms.model import CHANNELS, Questionnaire


def build_response(questionnaire: Questionnaire, variant: str, answers: dict[str, list[str]], *,
                   channel: str = "web", submitted_on: date | None = None,
                   meeting_type: str | None = None, team: str | None = None) -> Response:
    """A response ready to add to the session; personal answers go to ``ContactDetail``."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if variant not in questionnaire.variants:
        raise ValueError(f"{questionnaire.slug} has no variant {variant!r}")
    response = Response(questionnaire=questionnaire.slug, definition_version=questionnaire.version,
                        variant=variant, channel=channel, submitted_on=submitted_on or today(),
                        meeting_type=meeting_type, team=team)
    for question_id, values in answers.items():
        question = questionnaire.question(question_id)
        if question.personal:
            db.session.add(ContactDetail(response=response, question_id=question_id, value=values[0]))
            continue
        for position, value in enumerate(values):
            response.answers.append(Answer(question_id=question_id, position=position, value=value))
    return response


def store_response(questionnaire: Questionnaire, variant: str, answers: dict[str, list[str]], **context) -> None:
    db.session.add(build_response(questionnaire, variant, answers, **context))
    db.session.commit()
