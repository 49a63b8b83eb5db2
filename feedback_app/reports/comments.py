"""Which free-text comments staff may read, and in what order.

An insider who reloads the comments page while a family fills in a card would see
that family's comment arrive (issue 9, "watching two pages"). So comments are
released by the month, like the satisfaction reports: only months that are over,
and only months with at least ``min_responses_shown`` responses to the questionnaire
(one comment in a month of two responses is nearly as good as a name). Within a
month they are in the order of the responses' random ids, which is stable from one
visit to the next but says nothing about which came first, and no comment shows its
day or the version of the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, extract, func, or_, select

from analysis.periods import first_of_month, last_of_month, last_released_day
from feedback_app import privacy
from feedback_app.extensions import db
from feedback_app.models import Answer
from feedback_app.models import Response as StoredResponse


@dataclass
class Month:
    """One released month's comments on a page: (question id, what they wrote) pairs."""

    first_day: date
    comments: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_day:%B %Y}"


def released_months(slug: str, minimum: int) -> list[date]:
    """The first days of the months whose comments may be read: over, and with at
    least ``minimum`` responses to ``slug``."""
    year = extract("year", StoredResponse.submitted_on)
    month = extract("month", StoredResponse.submitted_on)
    rows = db.session.execute(
        select(year, month, func.count())
        .where(StoredResponse.questionnaire == slug, StoredResponse.submitted_on <= last_released_day(privacy.today()))
        .group_by(year, month)).all()
    return sorted((date(int(y), int(m), 1) for y, m, n in rows if n >= minimum), reverse=True)


def count(slug: str, questions: dict[str, str], months: list[date], search: str) -> int:
    if not months:
        return 0
    query = select(func.count()).select_from(StoredResponse).join(Answer, Answer.response_id == StoredResponse.id)
    return db.session.execute(_where(query, slug, questions, months, search)).scalar_one()


def page_of_comments(slug: str, questions: dict[str, str], months: list[date], search: str, *, limit: int,
                     offset: int) -> list[Month]:
    """One page of comments, newest month first, grouped by month."""
    if not months:
        return []
    year = extract("year", StoredResponse.submitted_on)
    month = extract("month", StoredResponse.submitted_on)
    query = (select(year, month, Answer.question_id, Answer.value)
             .join(Answer, Answer.response_id == StoredResponse.id)
             .order_by(year.desc(), month.desc(), StoredResponse.id, Answer.question_id))
    rows = db.session.execute(_where(query, slug, questions, months, search).limit(limit).offset(offset)).all()
    grouped: list[Month] = []
    for y, m, question_id, value in rows:
        first_day = date(int(y), int(m), 1)
        if not grouped or grouped[-1].first_day != first_day:
            grouped.append(Month(first_day))
        grouped[-1].comments.append((question_id, value))
    return grouped


def _where(query, slug: str, questions: dict[str, str], months: list[date], search: str):
    query = query.where(StoredResponse.questionnaire == slug, Answer.question_id.in_(questions),
                        or_(*(and_(StoredResponse.submitted_on >= first_of_month(first),
                                   StoredResponse.submitted_on <= last_of_month(first)) for first in months)))
    if search:
        query = query.where(Answer.value.ilike(f"%{_escape_like(search)}%", escape="\\"))
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
