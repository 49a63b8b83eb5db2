"""The rows a response becomes, and their INSERTs (the transaction is ``feedback_app.submissions``'s).

Rows are written with plain INSERTs (SQLAlchemy Core) rather than through the ORM's
unit of work: a submission is a handful of new rows that never change, and the
ORM's bookkeeping was most of the cost of a submission under load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import insert

from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.concerns.service import assess_response, flag_row
from feedback_app.extensions import db
from feedback_app.models import Answer, ContactDetail, Response, new_id
from feedback_app.privacy import today
from feedback_app.reading.models import ReadingEntry
from feedback_app.reading.service import entry_rows
from forms.codebook import Codebook
from forms.i18n import SOURCE_LANGUAGE, shipped_languages
from forms.model import CHANNELS, Question, Questionnaire


@dataclass
class NewResponse:
    """The rows one response becomes: its own, its answers, any contact details (kept apart),
    a safeguarding flag when its free text suggests a child may be at risk, and the reading
    queue's entries for a child's free-text answers."""

    response: dict
    answers: list[dict] = field(default_factory=list)
    contact_details: list[dict] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)
    #: One row per free-text answer a person must read (feedback_app/reading).
    readings: list[dict] = field(default_factory=list)

    @property
    def raises_concern(self) -> bool:
        return bool(self.flags)


def new_response(questionnaire: Questionnaire, variant: str, answers: dict[str, list[str]], *,
                 channel: str = "web", submitted_on: date | None = None,
                 meeting_type: str | None = None, team: str | None = None,
                 language: str = SOURCE_LANGUAGE) -> NewResponse:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if language not in shipped_languages():
        raise ValueError(f"unknown language {language!r}")  # every way in offers only these
    if variant not in questionnaire.variants:
        raise ValueError(f"{questionnaire.slug} has no variant {variant!r}")
    response_id = new_id()
    rows = NewResponse(response={
        "id": response_id, "questionnaire": questionnaire.slug, "definition_version": questionnaire.version,
        "variant": variant, "channel": channel, "submitted_on": submitted_on or today(),
        "meeting_type": meeting_type, "team": team, "language": language,
        "choices": _codebook(questionnaire.slug, questionnaire.version, questionnaire.questions).encode(answers),
    })
    for question_id, values in answers.items():
        if questionnaire.question(question_id).personal:
            rows.contact_details.append({"id": new_id(), "response_id": response_id, "question_id": question_id,
                                         "value": values[0]})
        else:
            rows.answers.extend({"response_id": response_id, "question_id": question_id, "position": position,
                                 "value": value} for position, value in enumerate(values))
    concern = assess_response(questionnaire, answers)
    if flag := flag_row(questionnaire, response_id, answers, concern):
        rows.flags.append(flag)
    rows.readings = entry_rows(questionnaire, variant, response_id, answers, concern)
    return rows


@lru_cache(maxsize=64)
def _codebook(slug: str, version: int, questions: tuple[Question, ...]) -> Codebook:
    # Keyed on the questions too, so a test's made-up questionnaire never borrows a real one's codebook.
    return Codebook.for_questionnaire(Questionnaire(slug=slug, version=version, title="", questions=questions))


def insert_rows(responses: list[NewResponse]) -> None:
    """INSERT the responses' rows in the session's transaction; ``feedback_app.submissions``
    commits them with everything else a submission does, or rolls all of it back."""
    for table, rows in ((Response, [r.response for r in responses]),
                        (Answer, [a for r in responses for a in r.answers]),
                        (ContactDetail, [c for r in responses for c in r.contact_details]),
                        (SafeguardingFlag, [f for r in responses for f in r.flags]),
                        (ReadingEntry, [e for r in responses for e in r.readings])):
        if rows:
            # Core's executemany on the session's connection: the ORM's bulk-insert path
            # (session.execute(insert(Model), rows)) costs as much again in Python.
            db.session.connection().execute(insert(table.__table__), rows)


def store_response(questionnaire: Questionnaire, variant: str, answers: dict[str, list[str]], *,
                   channel: str = "web", submitted_on: date | None = None, meeting_type: str | None = None,
                   team: str | None = None):
    """Kept for callers written before ``feedback_app.submissions`` (tests making data): the
    same as ``submissions.submit``, which new code calls."""
    from feedback_app.submissions import Context, submit  # submissions builds on this module

    return submit(questionnaire, variant, answers, channel=channel, submitted_on=submitted_on,
                  context=Context(meeting_type=meeting_type, team=team))
