"""Anonymity is the promise: no address, device or time is stored or logged."""

from __future__ import annotations

import logging

from sqlalchemy import Date, DateTime, Time, inspect, text

from feedback_app.extensions import db
from tests.helpers import submit

ADDRESS = "203.0.113.77"
RESPONDENT_TABLES = {"responses", "answers", "contact_details"}
AGENT = "Mozilla/5.0 (Linux; Android 14; MarkerPhone-7x) UniqueAgentMarker/9.9"


def _every_stored_value(app) -> list[str]:
    with app.app_context():
        values = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(table.select()):
                values.extend(str(value) for value in row)
        return values


def test_no_address_agent_or_time_reaches_the_database_or_the_logs(app, client, caplog):
    caplog.set_level(logging.DEBUG)
    headers = {"User-Agent": AGENT, "X-Forwarded-For": ADDRESS, "X-Real-IP": ADDRESS}
    environ = {"REMOTE_ADDR": ADDRESS}
    page = client.get("/q/lac-review-child/child", headers=headers, environ_base=environ)
    assert page.status_code == 200
    response = submit(client, "/q/cp-conference-parent", {"conference_type": "review", "comments": "All fine"},
                      headers=headers, environ_base=environ)
    assert response.status_code == 303

    values = " ".join(_every_stored_value(app))
    assert "All fine" in values  # the search does see what was stored
    for marker in (ADDRESS, "UniqueAgentMarker", "MarkerPhone"):
        assert marker not in values
        assert marker not in caplog.text


def test_no_column_about_respondents_can_hold_a_time(app):
    """Staff tables (accounts, audit log) record times: staff are not anonymous. Respondents are."""
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name not in RESPONDENT_TABLES:
                continue
            for column in table.columns:
                assert not isinstance(column.type, DateTime | Time), f"{table.name}.{column.name} holds a time"
        dates = [c for t in db.metadata.sorted_tables if t.name in RESPONDENT_TABLES for c in t.columns
                 if isinstance(c.type, Date)]
        assert [f"{c.table.name}.{c.name}" for c in dates] == ["responses.submitted_on"]


def test_no_respondent_table_refers_to_a_staff_table(app):
    with app.app_context():
        for name in RESPONDENT_TABLES:
            targets = {fk.column.table.name for fk in db.metadata.tables[name].foreign_keys}
            assert targets <= RESPONDENT_TABLES, name


def test_ids_are_random_not_sequential(app, client):
    for _ in range(3):
        submit(client, "/q/lac-review-child/young", {"happy_with_iro": "yes"})
    with app.app_context():
        ids = [row[0] for row in db.session.execute(text("SELECT id FROM responses"))]
    assert len(set(ids)) == 3
    for response_id in ids:
        assert len(response_id) == 32 and response_id[12] == "4"  # a version 4 (random) UUID


def test_sqlite_keeps_no_hidden_arrival_order(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        # used_cards too: a hidden row number would keep the order cards were used in.
        for table in ("responses", "answers", "contact_details", "invitation_codes", "used_cards"):
            sql = db.session.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
            assert "WITHOUT ROWID" in sql


def test_the_only_cookie_is_the_strictly_necessary_session(client):
    response = client.get("/q/cp-conference-parent")
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1
    assert cookies[0].startswith("session=")
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    assert "Expires" not in cookies[0]  # gone when the browser closes
    for url in ("/q/cp-conference-parent", "/privacy", "/q/lac-review-child/young"):
        # Later pages send no cookie at all: not the session again, not Flask-Login clearing a
        # remember_token (its session protection is for staff sessions only).
        assert client.get(url).headers.getlist("Set-Cookie") == [], url


def test_the_database_has_only_the_tables_the_models_define(app):
    with app.app_context():
        names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert names == {t.name for t in db.metadata.sorted_tables}
