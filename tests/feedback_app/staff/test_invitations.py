"""Invitation batches and codes: making them, what is stored, and what never is."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import Date, DateTime, Integer, Interval, Time, insert, select

from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.invitations.models import InvitationBatch, InvitationCode, UsedCard
from feedback_app.invitations.response_rates import Quarter
from feedback_app.names import looks_like_a_case_reference
from feedback_app.privacy import today
from feedback_app.staff.models import AuditEvent
from tests.helpers import csrf_token

NEW = "/staff/invitations/new"


def batch_form(**changes) -> dict:
    data = {"questionnaires": ["cp-conference-parent", "cp-conference-child"], "meeting_type": "review_cp_conference",
            "month": "2026-11", "team": "Child Protection North", "cards_each": "3"}
    data.update(changes)
    return data


def post_batch(client, **changes):
    return client.post(NEW, data={"csrf_token": csrf_token(client, NEW), **batch_form(**changes)})


def test_codes_are_short_unambiguous_and_typed_any_way(app):
    with app.app_context():
        made = {codes.new_code() for _ in range(500)}
    assert len(made) == 500
    for code in made:
        assert re.fullmatch(r"[A-Z2-9]{8}", code)
        assert not set(code) & set("0O1IL")
    assert codes.pretty("ABCDEFGH") == "ABCD-EFGH"
    for typed in ("abcd-efgh", " ABCD EFGH ", "abcdefgh", "AbCd - eFgH"):
        assert codes.normalise(typed) == "ABCDEFGH"
    for bad in ("", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0", "../../etc", "ABCD_EFGH"):
        assert codes.normalise(bad) is None


def test_only_a_keyed_hash_of_a_code_is_kept(app):
    with app.app_context():
        hashed = codes.hash_code("ABCDEFGH")
        assert re.fullmatch(r"[0-9a-f]{64}", hashed)
        assert hashed == codes.hash_code("ABCDEFGH")
        assert hashed != codes.hash_code("ABCDEFGJ")
        app.config["SECRET_KEY"], old = "another-key", app.config["SECRET_KEY"]
        try:
            assert codes.hash_code("ABCDEFGH") != hashed  # the key matters: no table of precomputed hashes
        finally:
            app.config["SECRET_KEY"] = old


def test_a_chair_makes_a_batch_and_gets_its_cards_once(app, signed_in):
    client = signed_in("chair")
    response = post_batch(client)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF")
    with app.app_context():
        batch = db.session.scalars(select(InvitationBatch)).one()
        assert (batch.meeting_type, batch.month, batch.team, batch.cards_each) == (
            "review_cp_conference", "2026-11", "Child Protection North", 3)
        assert batch.created_by == "chair@council.example"
        rows = db.session.scalars(select(InvitationCode)).all()
        assert len(rows) == 6
        assert sorted(row.questionnaire for row in rows) == ["cp-conference-child"] * 3 + ["cp-conference-parent"] * 3
        assert db.session.scalars(select(UsedCard)).all() == []
        assert all(re.fullmatch(r"[0-9a-f]{64}", row.code_hash) for row in rows)
        newest = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first()
        assert newest == "made invitation cards"
    page = client.get("/staff/invitations").get_data(as_text=True)
    assert "Review child protection conference" in page and "Child Protection North" in page
    assert "chair@council.example" in page and ">6<" in page  # who made it, and how many cards


def test_a_team_can_only_be_chosen_from_the_list_and_the_admin_may_make_batches(app, signed_in):
    client = signed_in("admin")
    page = client.get(NEW).get_data(as_text=True)
    assert "other_team" not in page and "Or another team" not in page
    # An old form (or a hand-made request) that still sends typed text: the text is ignored.
    assert post_batch(client, team="", other_team="Jayden Smith family").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(InvitationBatch.team)).one() is None


@pytest.mark.parametrize(("changes", "message"), [
    ({"questionnaires": []}, "Select at least one questionnaire"),
    ({"questionnaires": ["have-your-say"]}, "valid choice"),
    ({"meeting_type": ""}, "Select the type of meeting"),
    ({"month": "November"}, "like 2026-11"),
    ({"month": "2026-13"}, "like 2026-11"),
    ({"cards_each": "0"}, "from 1 to 200"),
    ({"cards_each": "201"}, "from 1 to 200"),
    ({"cards_each": "ten"}, "as a number, like 10"),
    ({"team": "Not a team"}, "valid choice"),
    ({"team": "Jayden Smith family"}, "valid choice"),
    ({"team": "CP/2231"}, "valid choice"),
])
def test_a_bad_batch_is_refused_and_nothing_is_made(app, signed_in, changes, message):
    client = signed_in("chair")
    response = post_batch(client, **changes)
    assert response.status_code == 400
    assert message.lower() in response.get_data(as_text=True).lower()
    assert "There is a problem" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(InvitationCode)).all() == []
        assert db.session.scalars(select(InvitationBatch)).all() == []


@pytest.mark.parametrize("text", ["12345", "Smith 123", "AB-1234", "CP/22/31", "Case ref 100234", "2015/0431"])
def test_case_numbers_and_references_do_not_look_like_teams(text):
    assert looks_like_a_case_reference(text)


@pytest.mark.parametrize("text", ["Child Protection North", "Team 2", "Area 12 East", "Edge-of-care team", "FGC"])
def test_team_names_are_accepted(text):
    assert not looks_like_a_case_reference(text)


def test_the_form_says_never_a_name_or_case_number(signed_in):
    page = signed_in("chair").get(NEW).get_data(as_text=True)
    assert "Never a child&#39;s name, a case number" in page or "Never a child's name, a case number" in page
    assert "Child Protection South" in page  # the deployment's teams


def test_the_code_table_cannot_link_a_code_to_a_response(app):
    """A code row: its hash, its batch and its questionnaire. No used flag, no response id, no time of use."""
    with app.app_context():
        table = db.metadata.tables["invitation_codes"]
        assert {column.name for column in table.columns} == {"code_hash", "batch_id", "questionnaire"}
        for column in table.columns:
            assert not isinstance(column.type, DateTime | Date | Time | Interval | Integer), column.name
            assert "response" not in column.name and "time" not in column.name and "_at" not in column.name
        assert {fk.column.table.name for fk in table.foreign_keys} == {"invitation_batches"}
        # Nothing refers to a code or a batch from the respondents' side either.
        for name in ("responses", "answers", "contact_details"):
            assert not {fk.column.table.name for fk in db.metadata.tables[name].foreign_keys} & {
                "invitation_codes", "invitation_batches", "used_cards"}
        # And the real database has exactly these columns (the migration too).
        columns = {column["name"] for column in db.inspect(db.engine).get_columns("invitation_codes")}
        assert columns == {"code_hash", "batch_id", "questionnaire"}


def _batch_used(app, *, cards_each: int, used: int, team: str | None = "Child Protection North",
                made_days_ago: int = 0) -> None:
    with app.app_context():
        batch, cards = codes.create_batch(questionnaires=["cp-conference-parent"], meeting_type="fgc",
                                          month="2026-10", team=team, cards_each=cards_each,
                                          created_by="chair@council.example")
        batch.created_on = today() - timedelta(days=made_days_ago)
        # As codes.use() records them (which refuses an expired batch's codes, so not called here).
        for card in cards[:used]:
            db.session.execute(insert(UsedCard).values(card_hash=codes.used_card_hash(card.code), team=team,
                                                       quarter=Quarter.of(batch.created_on).key))
        db.session.commit()


def test_the_batch_page_never_shows_a_live_batch_s_usage(app, signed_in):
    """The two-page attack: a batch's "0 of 3" becoming "1 of 3" told its maker that one family answered."""
    client = signed_in("chair")
    _batch_used(app, cards_each=3, used=0)
    before = client.get("/staff/invitations").get_data(as_text=True)
    with app.app_context():
        db.session.execute(insert(UsedCard).values(card_hash="a" * 64, team="Child Protection North",
                                                   quarter=Quarter.of(today()).key))
        db.session.commit()
    after = client.get("/staff/invitations").get_data(as_text=True)
    assert re.sub(r'name="csrf_token"[^>]*', "", before) == re.sub(r'name="csrf_token"[^>]*', "", after)
    assert "0 of 3" not in before and "1 of 3" not in after and "33%" not in after
    assert "Family group conference" in after and "2026-10" in after


def test_response_rates_are_shown_by_team_for_quarters_whose_codes_have_all_expired(app, signed_in):
    long_ago = codes.DEFAULT_EXPIRY_DAYS + 200  # a quarter that ended before its codes' last day
    quarter = Quarter.of(today() - timedelta(days=long_ago))
    _batch_used(app, cards_each=20, used=5, made_days_ago=long_ago)  # 25%
    _batch_used(app, cards_each=10, used=0, made_days_ago=long_ago)  # the same team and quarter: 5 of 30
    _batch_used(app, cards_each=25, used=4, team="Looked After Children", made_days_ago=long_ago)  # under 5 answers
    _batch_used(app, cards_each=19, used=10, team="Child Protection South", made_days_ago=long_ago)  # under 20 cards
    _batch_used(app, cards_each=40, used=30, team="Child Protection South")  # this quarter: not yet
    page = signed_in("chair").get("/staff/invitations").get_data(as_text=True)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)]
    assert f"{quarter.label} Child Protection North 30 5 17%" in cells
    assert f"{quarter.label} Looked After Children 25 fewer than 5 Not shown" in cells
    assert f"{quarter.label} Child Protection South 19 Not shown: fewer than 20 cards" in cells
    assert not any(Quarter.of(today()).label in cell for cell in cells)  # the live quarter is not in the table
    assert f"{Quarter.of(today()).label}: shown from" in page
    assert "30 75%" not in " ".join(cells) and "75%" not in page


def test_cards_are_counted_from_the_batches_and_responses_from_the_used_cards(app, signed_in):
    """A batch of 10 cards for each of 2 questionnaires is 20 cards; used cards count by their team and quarter."""
    long_ago = codes.DEFAULT_EXPIRY_DAYS + 200
    made_on = today() - timedelta(days=long_ago)
    with app.app_context():
        batch, _ = codes.create_batch(questionnaires=["cp-conference-parent", "cp-conference-child"],
                                      meeting_type="fgc", month="2026-10", team="Looked After Children",
                                      cards_each=10, created_by="chair@council.example")
        batch.created_on = made_on
        db.session.execute(insert(UsedCard), [
            {"card_hash": f"{n:064x}", "team": team, "quarter": quarter}
            for n, (team, quarter) in enumerate([("Looked After Children", Quarter.of(made_on).key)] * 6
                                                + [("Child Protection North", Quarter.of(made_on).key),
                                                   ("Looked After Children", Quarter.of(today()).key)])])
        db.session.commit()
    page = signed_in("chair").get("/staff/invitations").get_data(as_text=True)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)]
    assert f"{Quarter.of(made_on).label} Looked After Children 20 6 30%" in cells


def test_no_responses_at_all_is_shown_as_none(app, signed_in):
    long_ago = codes.DEFAULT_EXPIRY_DAYS + 200
    _batch_used(app, cards_each=20, used=0, made_days_ago=long_ago)
    page = signed_in("chair").get("/staff/invitations").get_data(as_text=True)
    assert " ".join(re.sub(r"<[^>]+>", " ", page).split()).count("Child Protection North 20 0 0%") == 1


@pytest.mark.parametrize(("day", "label", "key"), [
    (date(2026, 11, 30), "Q3 2026/27 (October to December 2026)", "2026Q3"),
    (date(2027, 1, 1), "Q4 2026/27 (January to March 2027)", "2026Q4"),
    (date(2026, 4, 1), "Q1 2026/27 (April to June 2026)", "2026Q1"),
    (date(2026, 3, 31), "Q4 2025/26 (January to March 2026)", "2025Q4"),
    (date(2099, 9, 30), "Q2 2099/00 (July to September 2099)", "2099Q2"),
])
def test_financial_quarters(day, label, key):
    quarter = Quarter.of(day)
    assert quarter.label == label
    assert quarter.key == key and Quarter.from_key(key) == quarter  # as a used card keeps it
    assert quarter.first_day <= day <= quarter.last_day
    assert Quarter.of(quarter.first_day) == Quarter.of(quarter.last_day) == quarter


def test_a_quarter_is_released_the_day_after_its_last_possible_code_expired(app):
    with app.app_context():
        quarter = Quarter(2026, 3)
        assert quarter.last_day == date(2026, 12, 31)
        assert quarter.shown_from == date(2026, 12, 31) + timedelta(days=codes.DEFAULT_EXPIRY_DAYS + 1)
        assert not quarter.released(quarter.shown_from - timedelta(days=1))
        assert quarter.released(quarter.shown_from)
