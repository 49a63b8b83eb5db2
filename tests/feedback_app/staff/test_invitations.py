"""Invitation batches and codes: making them, what is stored, and what never is."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, Interval, Time, select

from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.invitations.forms import looks_like_a_case_reference
from feedback_app.invitations.models import InvitationBatch, InvitationCode
from feedback_app.staff.models import AuditEvent
from tests.helpers import csrf_token

NEW = "/staff/invitations/new"


def batch_form(**changes) -> dict:
    data = {"questionnaires": ["cp-conference-parent", "cp-conference-child"], "meeting_type": "review_cp_conference",
            "month": "2026-11", "team": "Child Protection North", "other_team": "", "cards_each": "3"}
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
        assert not any(row.used for row in rows)
        assert all(re.fullmatch(r"[0-9a-f]{64}", row.code_hash) for row in rows)
        assert db.session.scalars(select(AuditEvent.action)).all()[-1] == "made invitation cards"
    page = client.get("/staff/invitations").get_data(as_text=True)
    assert "0 of 6" in page and "Review child protection conference" in page and "Child Protection North" in page


def test_a_typed_team_is_kept_and_the_admin_may_make_batches(app, signed_in):
    client = signed_in("admin")
    assert post_batch(client, team="", other_team="  Edge of care team ").status_code == 200
    with app.app_context():
        assert db.session.scalars(select(InvitationBatch.team)).one() == "Edge of care team"


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
    ({"team": "", "other_team": "x" * 65}, "64 characters or fewer"),
    ({"team": "", "other_team": "Jayden Smith 2015043"}, "a case number or a reference"),
    ({"team": "", "other_team": "CP/2231"}, "a case number or a reference"),
    ({"other_team": "Edge of care"}, "not both"),
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
    """A code row: its hash, its batch, its questionnaire and a used flag. No response id, no time of use."""
    with app.app_context():
        table = db.metadata.tables["invitation_codes"]
        assert {column.name for column in table.columns} == {"code_hash", "batch_id", "questionnaire", "used"}
        for column in table.columns:
            assert not isinstance(column.type, DateTime | Date | Time | Interval | Integer), column.name
            assert "response" not in column.name and "time" not in column.name and "_at" not in column.name
        assert isinstance(table.c.used.type, Boolean)
        assert {fk.column.table.name for fk in table.foreign_keys} == {"invitation_batches"}
        # Nothing refers to a code or a batch from the respondents' side either.
        for name in ("responses", "answers", "contact_details"):
            assert not {fk.column.table.name for fk in db.metadata.tables[name].foreign_keys} & {
                "invitation_codes", "invitation_batches"}
        # And the real database has exactly these columns (the migration too).
        columns = {column["name"] for column in db.inspect(db.engine).get_columns("invitation_codes")}
        assert columns == {"code_hash", "batch_id", "questionnaire", "used"}


def test_the_batch_page_shows_the_response_rate(app, signed_in):
    client = signed_in("chair")
    with app.app_context():
        _, cards = codes.create_batch(questionnaires=["cp-conference-parent"], meeting_type="fgc", month="2026-10",
                                      team=None, cards_each=4, created_by="chair@council.example")
        db.session.commit()
        db.session.execute(InvitationCode.__table__.update().where(
            InvitationCode.code_hash == codes.hash_code(cards[0].code)).values(used=True))
        db.session.commit()
    page = client.get("/staff/invitations").get_data(as_text=True)
    assert "1 of 4" in page and "25%" in page and "Family group conference" in page
