"""The journey with an invitation card: a code opens its questionnaire once, with its context."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import Date, DateTime, Interval, Time, func, inspect, select, text, update

from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.invitations.models import InvitationBatch, InvitationCode, UsedCard
from feedback_app.invitations.quarters import Quarter
from feedback_app.models import Response
from feedback_app.privacy import today
from forms.registry import load_questionnaires
from tests.helpers import csrf_token, example_answers, submit

QUESTIONNAIRES = load_questionnaires()
PARENT = QUESTIONNAIRES["cp-conference-parent"]


def make_codes(app, slug="cp-conference-parent", count=2, team="Child Protection North") -> list[str]:
    with app.app_context():
        _, cards = codes.create_batch(questionnaires=[slug], meeting_type="initial_cp_conference", month="2026-11",
                                      team=team, cards_each=count, created_by="chair@council.example")
        db.session.commit()
    return [card.code for card in cards]


def answers():
    return example_answers(PARENT.variant())


def responses(app) -> list[Response]:
    with app.app_context():
        return list(db.session.scalars(select(Response)))


def test_a_code_opens_its_questionnaire_and_its_context_goes_with_the_answers(app, client):
    code = make_codes(app)[0]
    typed = f"{code[:4].lower()} {code[4:].lower()}"  # small letters and a space, as people type
    opened = client.get(f"/c/{typed}")
    assert opened.status_code == 302 and opened.headers["Location"] == "/q/cp-conference-parent"
    sent = submit(client, "/q/cp-conference-parent", answers())
    assert sent.status_code == 303
    [response] = responses(app)
    assert (response.meeting_type, response.team, response.channel) == (
        "initial_cp_conference", "Child Protection North", "web")
    with app.app_context():
        used = db.session.get(UsedCard, codes.used_card_hash(code))
        assert (used.team, used.quarter) == ("Child Protection North", Quarter.of(today()).key)
    # The visitor's next answers (another form, or the same one again) carry no context.
    submit(client, "/q/cp-conference-parent", answers())
    assert sorted((r.meeting_type or "") for r in responses(app)) == ["", "initial_cp_conference"]


def test_a_code_works_once(app, client):
    code = make_codes(app)[0]
    client.get(f"/c/{codes.pretty(code)}")
    submit(client, "/q/cp-conference-parent", answers())
    again = client.get(f"/c/{codes.pretty(code)}")
    assert again.status_code == 410
    assert "This code has already been used" in again.get_data(as_text=True)
    assert len(responses(app)) == 1


def test_a_code_used_meanwhile_stores_nothing_and_says_so_kindly(app):
    code = make_codes(app)[0]
    first, second = app.test_client(), app.test_client()
    for visitor in (first, second):
        assert visitor.get(f"/c/{code}").status_code == 302
    assert submit(first, "/q/cp-conference-parent", answers()).status_code == 303
    late = submit(second, "/q/cp-conference-parent", answers())
    assert late.status_code == 410
    assert "already been used" in late.get_data(as_text=True)
    assert len(responses(app)) == 1


@pytest.mark.parametrize("code", ["ABCD-EFGH", "nothing", "0000-0000", "x" * 300])
def test_an_unknown_code_gets_a_kind_page(client, code):
    page = client.get(f"/c/{code}")
    assert page.status_code == 404
    body = page.get_data(as_text=True)
    assert "We could not find that code" in body and "easy to do" in body
    assert 'href="/c"' in body


def test_an_old_code_has_expired(app, client):
    code = make_codes(app)[0]
    with app.app_context():
        db.session.execute(update(InvitationBatch).values(
            created_on=today() - timedelta(days=codes.DEFAULT_EXPIRY_DAYS + 1)))
        db.session.commit()
    page = client.get(f"/c/{code}")
    assert page.status_code == 410 and "This code is too old to use" in page.get_data(as_text=True)
    app.config["INVITATION_CODE_DAYS"] = 365
    try:
        assert client.get(f"/c/{code}").status_code == 302  # configurable
    finally:
        del app.config["INVITATION_CODE_DAYS"]


def test_the_code_page_takes_a_typed_code(app, client):
    code = make_codes(app)[0]
    page = client.get("/c")
    assert page.status_code == 200 and "Type the code from your card" in page.get_data(as_text=True)
    token = csrf_token(client, "/c")
    typed = client.post("/c", data={"csrf_token": token, "code": f" {code[:4].lower()}-{code[4:]} "})
    assert typed.status_code == 302 and typed.headers["Location"] == f"/c/{codes.pretty(code)}"
    assert client.get(typed.headers["Location"]).status_code == 302
    for bad, message in (("", "Enter the code from your card"), ("AB", "8 letters and numbers")):
        refused = client.post("/c", data={"csrf_token": token, "code": bad})
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)


def test_a_child_code_opens_the_child_version(app, client):
    code = make_codes(app, slug="cp-conference-child", team=None)[0]
    assert client.get(f"/c/{code}").headers["Location"] == "/q/cp-conference-child"
    child = QUESTIONNAIRES["cp-conference-child"]
    assert submit(client, "/q/cp-conference-child", example_answers(child.variant())).status_code == 303
    [response] = responses(app)
    assert (response.variant, response.meeting_type, response.team) == ("child", "initial_cp_conference", None)


def test_nothing_stored_links_the_code_to_the_response(app, client):
    code = make_codes(app, count=1)[0]
    client.get(f"/c/{code}")
    submit(client, "/q/cp-conference-parent", answers())
    with app.app_context():
        code_hash = codes.hash_code(code)
        [response] = db.session.scalars(select(Response))
        code_row = db.session.execute(text("SELECT * FROM invitation_codes")).mappings().one()
        assert set(code_row.keys()) == {"code_hash", "batch_id", "questionnaire"}
        used_row = db.session.execute(text("SELECT * FROM used_cards")).mappings().one()
        for row in (code_row, used_row):
            assert response.id not in [str(value) for value in row.values()]
        for table in ("responses", "answers", "contact_details"):
            for row in db.session.execute(text(f"SELECT * FROM {table}")).mappings():  # noqa: S608 (fixed names)
                assert code_hash not in [str(value) for value in row.values()]
                assert code not in " ".join(str(value) for value in row.values())


def test_two_submissions_with_one_code_at_once_exactly_one_is_stored(app):
    code = make_codes(app, count=1)[0]
    visitors = [app.test_client() for _ in range(2)]
    prepared = []
    for visitor in visitors:
        assert visitor.get(f"/c/{code}").status_code == 302
        prepared.append({"csrf_token": csrf_token(visitor, "/q/cp-conference-parent"), **answers()})
    start = threading.Barrier(len(visitors))
    results: list[int] = []

    def send(visitor, data):
        start.wait()
        results.append(visitor.post("/q/cp-conference-parent", data=data).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(visitors, prepared, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [303, 410]
    assert len(responses(app)) == 1
    with app.app_context():
        assert db.session.scalars(select(UsedCard.card_hash)).all() == [codes.used_card_hash(code)]


def test_a_card_used_while_another_use_is_not_yet_committed_waits_and_is_refused(app):
    """The interleaving the thread test may not hit: the first use has INSERTed its used_cards row
    but not committed. The second waits for it (no "database is locked", no 500), then is refused."""
    code = make_codes(app, count=1)[0]
    first_inserted, outcome = threading.Event(), {}

    def first():
        with app.app_context():
            codes.use(codes.check(code))
            first_inserted.set()
            time.sleep(0.5)
            db.session.commit()

    def second():
        first_inserted.wait(timeout=10)
        with app.app_context():
            invitation = codes.check(code)  # opened before the first use was committed
            try:
                codes.use(invitation)
                outcome["second"] = "stored"
            except codes.CodeProblem as problem:
                outcome["second"] = problem.reason
            finally:
                db.session.rollback()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome == {"second": "used"}
    with app.app_context():
        assert db.session.scalars(select(UsedCard.card_hash)).all() == [codes.used_card_hash(code)]


def test_the_meeting_type_on_the_card_is_already_chosen(app, client):
    code = make_codes(app)[0]
    client.get(f"/c/{code}")
    page = client.get("/q/cp-conference-parent").get_data(as_text=True)
    assert 'value="initial" checked' in page
    paged = client.get("/q/cp-conference-parent/paged").get_data(as_text=True)
    assert 'value="initial" checked' in paged
    # Without a card nothing is chosen, and the card's choice never leaks into the shared blank page.
    assert 'checked' not in app.test_client().get("/q/cp-conference-parent").get_data(as_text=True)


def test_a_code_opened_in_time_but_sent_after_it_expired_stores_nothing(app, client):
    """A quarter's response rates are shown once its codes have expired; a late submission must not change them."""
    code = make_codes(app)[0]
    assert client.get(f"/c/{code}").status_code == 302
    with app.app_context():
        db.session.execute(update(InvitationBatch).values(
            created_on=today() - timedelta(days=codes.DEFAULT_EXPIRY_DAYS + 1)))
        db.session.commit()
    late = submit(client, "/q/cp-conference-parent", answers())
    assert late.status_code == 410 and "This code is too old to use" in late.get_data(as_text=True)
    assert responses(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UsedCard)) == 0


def test_a_team_no_longer_configured_is_not_stored_with_the_response(app, client, monkeypatch):
    code = make_codes(app)[0]
    client.get(f"/c/{code}")
    monkeypatch.setitem(app.config["DEPLOYMENT"], "teams", ["Child Protection South"])
    assert submit(client, "/q/cp-conference-parent", answers()).status_code == 303
    [response] = responses(app)
    assert (response.meeting_type, response.team) == ("initial_cp_conference", None)


def test_a_response_keeps_no_meeting_month(app):
    with app.app_context():
        columns = {column["name"] for column in db.inspect(db.engine).get_columns("responses")}
    assert "meeting_month" not in columns
    assert columns == {"id", "questionnaire", "definition_version", "variant", "channel", "submitted_on",
                       "meeting_type", "team", "language", "choices"}


def test_a_card_opened_before_the_used_cards_upgrade_and_sent_after_it_stores_the_answers_without_it(app, client):
    """A session from before migration 0010 lacks the second hash: no 500, the answers are kept
    without the card's context and the card is not marked used (docs/decisions/0007)."""
    code = make_codes(app, count=1)[0]
    with app.app_context():
        [code_hash] = db.session.scalars(select(InvitationCode.code_hash)).all()
    with client.session_transaction() as session:
        session["invitation"] = {"code_hash": code_hash, "questionnaire": "cp-conference-parent",
                                 "meeting_type": "initial_cp_conference", "team": "Child Protection North"}
    assert submit(client, "/q/cp-conference-parent", answers()).status_code == 303
    [response] = responses(app)
    assert (response.meeting_type, response.team) == (None, None)
    assert client.get(f"/c/{code}").status_code == 302  # still unused


def _rows(table: str) -> list[dict]:
    """Every row of a table, in a fixed order, as the database holds it."""
    rows = db.session.execute(text(f"SELECT * FROM {table}")).mappings().all()  # noqa: S608 (fixed names)
    return sorted((dict(row) for row in rows), key=repr)


def test_using_a_card_changes_nothing_written_when_its_batch_was_made(app, client):
    """A used flag on the code's row told anyone with the database or a backup which batch, so
    which meeting and family, had answered (and, between two copies, when): the batch and its
    codes are written once and never change."""
    code = make_codes(app, count=3)[0]
    with app.app_context():
        before = {table: _rows(table) for table in ("invitation_batches", "invitation_codes")}
    client.get(f"/c/{code}")
    assert submit(client, "/q/cp-conference-parent", answers()).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UsedCard)) == 1  # the card was used
        after = {table: _rows(table) for table in ("invitation_batches", "invitation_codes")}
    assert after == before


def test_nothing_stored_links_a_used_card_to_its_batch(app, client):
    """A used card keeps its batch's team and quarter, which response rates need, and nothing that
    names or matches its batch or its code row: no batch id, no code hash, no date."""
    make_codes(app, count=2, team="Child Protection South")  # another batch, of the same team and quarter
    code = make_codes(app, count=3)[0]
    client.get(f"/c/{code}")
    assert submit(client, "/q/cp-conference-parent", answers()).status_code == 303
    with app.app_context():
        table = db.metadata.tables["used_cards"]
        assert {column.name for column in table.columns} == {"card_hash", "team", "quarter"}
        assert not table.foreign_keys
        for column in table.columns:
            assert not isinstance(column.type, Date | DateTime | Time | Interval), column.name
        # The real database agrees (the migration too): no column or key more.
        inspector = inspect(db.engine)
        assert {column["name"] for column in inspector.get_columns("used_cards")} == {"card_hash", "team", "quarter"}
        assert inspector.get_foreign_keys("used_cards") == []
        [used] = _rows("used_cards")
        batch_values = {str(value) for row in _rows("invitation_batches") for value in row.values()}
        code_values = {str(value) for row in _rows("invitation_codes") for value in row.values()}
        assert used == {"card_hash": codes.used_card_hash(code), "team": "Child Protection North",
                        "quarter": Quarter.of(today()).key}
        # Only the team (shared by every batch of that team) is found among the batch's values.
        assert {str(value) for value in used.values()} & (batch_values | code_values) == {"Child Protection North"}
        # The second hash is not the first, nor the first hashed again under SECRET_KEY or without a key.
        code_hash = codes.hash_code(code)
        key = app.config["SECRET_KEY"].encode()
        assert used["card_hash"] not in {code_hash, hmac.new(key, code_hash.encode(), hashlib.sha256).hexdigest(),
                                         hashlib.sha256(code.encode()).hexdigest(),
                                         hashlib.sha256(code_hash.encode()).hexdigest()}
