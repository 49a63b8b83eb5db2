"""The reading queue with the second tier (decision 0026): the rules' concerns, then the tier's "please read first",
then the oldest; worked out when the queue is read and never stored."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import select

from feedback_app import safeguarding_tier2
from feedback_app.extensions import db
from feedback_app.models import Answer, Response
from feedback_app.privacy import today
from feedback_app.reading import routes, service
from feedback_app.reading.models import ReadingEntry, ReadingReminder
from feedback_app.responses import store_response
from tests.feedback_app.staff import conftest as staff_fixtures

make_user, signed_in = staff_fixtures.make_user, staff_fixtures.signed_in  # fixtures shared with the staff tests
RULES = "my step dad hits me when mum is out"  # the rules flag it
TIER_TAG = "Possible concern: please read first"
RULES_TAG = "Likely concern: read first"


class WordsTier:
    """A stand-in for the trained tier: flags what says "tier two", and counts what it was asked."""

    threshold = 0.5

    def __init__(self):
        self.asked: list[str] = []

    def flags(self, texts):
        texts = list(texts)
        self.asked += texts
        return ["tier two" in text for text in texts]


def _stand_in(monkeypatch) -> WordsTier:
    tier = WordsTier()
    monkeypatch.setattr(safeguarding_tier2, "tier", lambda: tier)
    monkeypatch.setattr(service, "_POSSIBLE", {})
    return tier


def _store(app, comments, days_ago=0):
    with app.app_context():
        store_response(app.extensions["questionnaires"]["lac-review-child"], "child", {"comments": [comments]},
                       submitted_on=today() - timedelta(days=days_ago))


def _cards(page: str) -> list[str]:
    return page.split('class="govuk-summary-card app-reading-item"')[1:]


def test_the_rules_concerns_come_first_then_the_tier_s_then_the_oldest(app, signed_in, monkeypatch):
    tier = _stand_in(monkeypatch)
    _store(app, "Oldest ordinary", days_ago=9)
    _store(app, "Newest ordinary")
    _store(app, "Newer, tier two words")
    _store(app, "Older, tier two words", days_ago=3)
    _store(app, RULES)
    page = signed_in("manager").get("/staff/reading").get_data(as_text=True)
    cards = _cards(page)
    order = ["my step dad", "Older, tier two", "Newer, tier two", "Oldest ordinary", "Newest ordinary"]
    assert [next(words for words in order if words in card) for card in cards] == order
    assert [(RULES_TAG in card, TIER_TAG in card) for card in cards] == [
        (True, False), (False, True), (False, True), (False, False), (False, False)]
    assert RULES not in tier.asked  # what the rules flagged needs no second opinion


def test_the_trained_tier_puts_what_the_rules_miss_before_older_answers(app, signed_in):
    _store(app, "The meeting was fine and I liked the biscuits", days_ago=5)
    _store(app, "nobody at home feeds me so i eat at my friends")
    cards = _cards(signed_in("manager").get("/staff/reading").get_data(as_text=True))
    assert "nobody at home feeds me" in cards[0] and TIER_TAG in cards[0] and RULES_TAG not in cards[0]
    assert "biscuits" in cards[1] and "Possible concern" not in cards[1]


def test_each_answer_is_scored_once_in_a_process(app, signed_in, monkeypatch):
    tier = _stand_in(monkeypatch)
    _store(app, "tier two once")
    manager = signed_in("manager")
    for _ in range(3):
        assert TIER_TAG in manager.get("/staff/reading").get_data(as_text=True)
    assert tier.asked == ["tier two once"]


def test_the_order_runs_across_pages(app, signed_in, monkeypatch):
    _stand_in(monkeypatch)
    for n in range(routes.PAGE_SIZE):
        _store(app, f"ordinary {n}", days_ago=1)
    _store(app, "last of all: newest")
    _store(app, "tier two, newest")
    manager = signed_in("manager")
    first = manager.get("/staff/reading").get_data(as_text=True)
    assert "tier two, newest" in _cards(first)[0] and "last of all" not in first and "page=2" in first
    second = manager.get("/staff/reading?page=2").get_data(as_text=True)
    assert len(_cards(second)) == 2 and "last of all: newest" in _cards(second)[-1] and "page=1" in second
    assert _cards(manager.get("/staff/reading?page=3").get_data(as_text=True)) == []


def test_a_failing_tier_leaves_the_queue_in_the_rules_order(app, signed_in, monkeypatch, caplog):
    def broken():
        raise RuntimeError("no model today")

    monkeypatch.setattr(safeguarding_tier2, "tier", broken)
    monkeypatch.setattr(service, "_POSSIBLE", {})
    _store(app, "tier two, newest")
    _store(app, "Oldest ordinary", days_ago=4)
    _store(app, RULES)
    with caplog.at_level(logging.ERROR):
        page = signed_in("manager").get("/staff/reading")
    assert page.status_code == 200
    cards = _cards(page.get_data(as_text=True))
    assert ["my step dad" in cards[0], "Oldest" in cards[1], "tier two" in cards[2]] == [True] * 3
    assert "second tier failed" in caplog.text



def test_a_failing_tier_logs_where_it_failed_but_never_the_words(app, signed_in, monkeypatch, caplog):
    words = "nobody at home feeds me so i eat at my friends"

    def quoting(texts):
        raise ValueError(f"cannot score {texts!r}")

    class Quoting:
        flags = staticmethod(quoting)

    monkeypatch.setattr(safeguarding_tier2, "tier", lambda: Quoting)
    monkeypatch.setattr(service, "_POSSIBLE", {})
    _store(app, words)
    with caplog.at_level(logging.ERROR):
        assert signed_in("manager").get("/staff/reading").status_code == 200
    assert "second tier failed (ValueError)" in caplog.text and "quoting" in caplog.text  # what, and where
    assert "nobody at home" not in caplog.text

def _everything(app) -> dict[str, list[tuple]]:
    with app.app_context():
        return {model.__tablename__: sorted(tuple(row) for row in db.session.execute(select(model.__table__)))
                for model in (ReadingEntry, ReadingReminder, Response, Answer)}


def test_nothing_about_the_score_is_stored(app, signed_in, monkeypatch):
    _stand_in(monkeypatch)
    _store(app, "tier two words")
    _store(app, "nobody at home feeds me so i eat at my friends")
    before = _everything(app)
    assert TIER_TAG in signed_in("manager").get("/staff/reading").get_data(as_text=True)
    assert _everything(app) == before
    with app.app_context():
        inspector = sa.inspect(db.engine)
        assert {c["name"] for c in inspector.get_columns("reading_queue")} == {
            "id", "response_id", "question_id", "likely_concern", "read_on", "read_by", "outcome"}
        assert {c["name"] for c in inspector.get_columns("reading_reminders")} == {
            "id", "recipient", "due_on", "kind", "created_at", "attempts", "next_attempt_at", "sent_at"}


def _warm_ups() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == service._WARM_UP]


def test_a_reader_opening_the_staff_home_has_the_tier_trained_in_the_background(app, signed_in, monkeypatch):
    monkeypatch.setitem(app.config, "SECOND_TIER_WARM_UP", True)
    safeguarding_tier2._trained.cache_clear()
    assert signed_in("admin").get("/staff/").status_code == 200  # may not read the queue: nothing starts
    assert not _warm_ups() and not safeguarding_tier2.is_trained()

    manager = signed_in("manager")
    assert manager.get("/staff/").status_code == 200
    (warm_up,) = _warm_ups()
    warm_up.join(timeout=300)
    assert safeguarding_tier2.is_trained()
    start = time.perf_counter()
    assert manager.get("/staff/reading").status_code == 200
    assert time.perf_counter() - start < 3  # the queue did not train it again
    assert manager.get("/staff/").status_code == 200 and not _warm_ups()  # trained: nothing starts again
