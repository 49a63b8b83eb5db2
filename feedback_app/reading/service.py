"""Which answers enter the reading queue, their deadlines, reading them, and reminders when late."""

from __future__ import annotations

import logging
import threading
import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from analysis.working_days import deadline, working_days_between
from feedback_app import safeguarding_tier2
from feedback_app.alerts.recipients import lead_emails
from feedback_app.concerns.models import REVIEWED, SafeguardingFlag
from feedback_app.concerns.service import record_review
from feedback_app.extensions import db
from feedback_app.models import Answer, Response, new_id
from feedback_app.paging import SlicedPage
from feedback_app.privacy import LONDON
from feedback_app.reading.models import RAISED, READ, ReadingEntry, ReadingReminder
from feedback_app.safeguarding import Concern
from feedback_app.staff import audit
from forms.model import TEXT, Questionnaire

log = logging.getLogger(__name__)

DEFAULT_DEADLINE_WORKING_DAYS = 2
#: The category a flag made by a reader carries (the detector found nothing, a person did).
RAISED_BY_READER = "raised_by_reader"


def deadline_working_days(deployment: dict) -> int:
    return int(deployment.get("reading_deadline_working_days") or DEFAULT_DEADLINE_WORKING_DAYS)


def read_by_a_person(questionnaire: Questionnaire, variant: str) -> bool:
    """A children's questionnaire or version (one that shows the child how to get help), or have-your-say
    (every response opens a register case: anyone, a child too, may tell of harm there)."""
    return questionnaire.opens_register_case or questionnaire.variant(variant).show_help


def entry_rows(questionnaire: Questionnaire, variant: str, response_id: str, answers: dict[str, list[str]],
               concern: Concern | None) -> list[dict]:
    """The reading-queue rows for a new response: one per non-empty free-text answer (contact details,
    kept apart, are not read here)."""
    if not read_by_a_person(questionnaire, variant):
        return []
    worrying = {match.question_id for match in concern.matches} if concern else set()
    return [{"id": new_id(), "response_id": response_id, "question_id": question.id,
             "likely_concern": question.id in worrying, "read_on": None, "read_by": None, "outcome": None}
            for question in questionnaire.questions
            if question.type == TEXT and not question.personal
            and any(value.strip() for value in answers.get(question.id) or [])]


@dataclass(frozen=True)
class Unread:
    count: int
    #: Working days since the oldest unread answer was sent (a response keeps only its date).
    oldest_working_days: int | None
    late: int  # past the deadline


def unread(on: date, deployment: dict) -> Unread:
    by_day = Counter(dict(db.session.execute(
        select(Response.submitted_on, func.count(ReadingEntry.id)).join(Response)
        .where(ReadingEntry.read_on.is_(None)).group_by(Response.submitted_on)).all()))
    days = deadline_working_days(deployment)
    late = sum(n for sent, n in by_day.items() if is_late(sent, on, days))
    oldest = min(by_day, default=None)
    return Unread(sum(by_day.values()), working_days_between(oldest, on) if oldest else None, late)


def is_late(sent_on: date, on: date, days: int) -> bool:
    return deadline(sent_on, days) < on


@dataclass(frozen=True)
class ToRead:
    entry: ReadingEntry
    question: str
    words: list[str]
    working_days_ago: int
    late: bool
    #: The second tier (not the rules) puts it among the likely disclosures: "please read first".
    possible_concern: bool = False


def _words(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """The answers' words by (response, question), in their order, a few hundred responses at a query."""
    keys = set(keys)
    response_ids = sorted({response_id for response_id, _ in keys})
    words: dict[tuple[str, str], list[str]] = {}
    for start in range(0, len(response_ids), 500):
        rows = db.session.execute(
            select(Answer.response_id, Answer.question_id, Answer.value)
            .where(Answer.response_id.in_(response_ids[start:start + 500])).order_by(Answer.position))
        for response_id, question_id, value in rows:
            if (response_id, question_id) in keys:
                words.setdefault((response_id, question_id), []).append(value)
    return words


#: Entry id -> whether the second tier flags its words. Worked out when the queue is read and kept only in this
#: process (the words of an entry never change): never stored with the answer (decision 0026).
_POSSIBLE: dict[str, bool] = {}
_POSSIBLE_KEPT = 50_000


def possible_concerns(entries: Sequence[tuple[str, str, str]]) -> dict[str, bool]:
    """For (entry id, response id, question id) triples, whether the second tier flags each entry's words.

    Scored in one call for all not yet known in this process. Should the tier fail (it trains at first use),
    the queue still lists every answer, in the rules' order, and the failure is logged."""
    missing = [entry for entry in entries if entry[0] not in _POSSIBLE]
    if missing:
        words = _words((response_id, question_id) for _, response_id, question_id in missing)
        texts = ["\n".join(words.get((response_id, question_id), [])) for _, response_id, question_id in missing]
        try:
            flags = safeguarding_tier2.tier().flags(texts)
        except Exception as error:
            # The kind of error and where, never its message: that could quote the words it was scoring.
            log.error("the safeguarding second tier failed (%s): the reading queue is in the rules' order\n%s",
                      type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
            return {}
        if len(_POSSIBLE) + len(missing) > _POSSIBLE_KEPT:
            _POSSIBLE.clear()
        _POSSIBLE.update((entry_id, flag) for (entry_id, _, _), flag in zip(missing, flags, strict=True))
    return {entry_id: _POSSIBLE.get(entry_id, False) for entry_id, _, _ in entries}


_WARM_UP = "second-tier-warm-up"  # the background thread's name: one at a time


def warm_up_second_tier() -> None:
    """Train the second tier in a background thread, unless it is trained or training: called when someone who
    reads the queue opens the staff home, so that the queue's first page after a restart need not wait for it."""
    if safeguarding_tier2.is_trained():
        return
    if any(thread.name == _WARM_UP and thread.is_alive() for thread in threading.enumerate()):
        return
    threading.Thread(target=_warm_up, name=_WARM_UP, daemon=True).start()


def _warm_up() -> None:
    try:
        safeguarding_tier2.tier()
    except Exception as error:  # the queue will try again, and log it, when it is read
        log.error("the safeguarding second tier failed to train in the background (%s)", type(error).__name__)


def unread_in_order() -> list[str]:
    """The unread entries' ids in the queue's order: the rules' likely concerns, then the second tier's possible
    concerns, then the rest, each oldest day first; the random id last, never arrival order."""
    rows = db.session.execute(
        select(ReadingEntry.id, ReadingEntry.response_id, ReadingEntry.question_id, ReadingEntry.likely_concern,
               Response.submitted_on).join(Response).where(ReadingEntry.read_on.is_(None))).all()
    possible = possible_concerns([(row.id, row.response_id, row.question_id) for row in rows
                                  if not row.likely_concern])
    rows.sort(key=lambda row: (not row.likely_concern, not possible.get(row.id, False), row.submitted_on, row.id))
    return [row.id for row in rows]


class QueuePage(SlicedPage):
    """One page of the queue's ordered entry ids."""

    def entries(self) -> list[ReadingEntry]:
        by_id = {entry.id: entry for entry in db.session.scalars(select(ReadingEntry).where(
            ReadingEntry.id.in_(self.items)))} if self.items else {}
        return [by_id[entry_id] for entry_id in self.items if entry_id in by_id]


def queue_page(entries: Sequence[ReadingEntry], questionnaires: dict, on: date, deployment: dict) -> list[ToRead]:
    """What the queue page shows of each entry: the question, the words, how long ago, whether late, and
    whether the second tier flags it (where the rules did not)."""
    answers = _words((e.response_id, e.question_id) for e in entries)
    possible = possible_concerns([(e.id, e.response_id, e.question_id) for e in entries if not e.likely_concern])
    days = deadline_working_days(deployment)
    shown = []
    for entry in entries:
        questionnaire = questionnaires.get(entry.response.questionnaire)
        try:
            question = questionnaire.question(entry.question_id).text if questionnaire else entry.question_id
        except KeyError:
            question = entry.question_id
        sent = entry.response.submitted_on
        shown.append(ToRead(entry, question, answers.get((entry.response_id, entry.question_id), []),
                            working_days_between(sent, on) if sent <= on else 0, is_late(sent, on, days),
                            possible.get(entry.id, False)))
    return shown


def mark_read(entry: ReadingEntry, reader, on: date) -> None:
    entry.read_on, entry.read_by, entry.outcome = on, reader.id, READ
    audit.record("answer read in the reading queue")  # nothing that points at the answer
    db.session.commit()


def raise_concern(entry: ReadingEntry, action_taken: str, reader, on: date) -> SafeguardingFlag:
    """Read and raised as a safeguarding concern, with what was done: the response's flag (made now if the
    detector found nothing) is reviewed with it, as on the concern's own page (``record_review``: its other
    answers are read and its alert rows go), and shows in the concerns list with the others."""
    flag = db.session.scalar(select(SafeguardingFlag).where(SafeguardingFlag.response_id == entry.response_id))
    if flag is None:
        flag = SafeguardingFlag(id=new_id(), response_id=entry.response_id, categories=RAISED_BY_READER)
        db.session.add(flag)
    elif flag.status == REVIEWED and flag.action_taken:
        action_taken = f"{flag.action_taken}\n\n{action_taken}"
    entry.read_on, entry.read_by, entry.outcome = on, reader.id, RAISED
    db.session.flush()
    audit.record("answer raised as a safeguarding concern from the reading queue", f"flag {flag.id[:8]}")
    record_review(flag, action_taken, reader)  # commits
    return flag


def read_with_review(response_id: str, reviewer, on: date) -> None:
    """A concern reviewed on its own page has had every answer of its response read: they leave the queue
    (the caller commits)."""
    for entry in db.session.scalars(select(ReadingEntry).where(ReadingEntry.response_id == response_id,
                                                               ReadingEntry.read_on.is_(None))):
        entry.read_on, entry.read_by, entry.outcome = on, reviewer.id, RAISED


def queue_reminders(deployment: dict, now: datetime) -> int:
    """One e-mail a lead a day while any answer is past its reading deadline. How many were queued."""
    on = now.astimezone(LONDON).date()
    if not unread(on, deployment).late:
        return 0
    told = set(db.session.scalars(select(ReadingReminder.recipient).where(ReadingReminder.due_on == on)))
    queued = [ReadingReminder(recipient=lead, due_on=on, kind="reading", created_at=now, attempts=0,
                              next_attempt_at=now)
              for lead in lead_emails(deployment) if lead not in told]
    db.session.add_all(queued)
    try:
        db.session.commit()
    except IntegrityError:  # another run queued them first
        db.session.rollback()
        return 0
    return len(queued)

