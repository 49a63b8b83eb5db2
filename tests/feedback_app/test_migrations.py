"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from feedback_app.extensions import db


def _app_on_a_new_file(tmp_path):
    """An app on an empty SQLite file of its own, to migrate step by step."""
    from feedback_app import create_app

    return create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite3",
                       "RATELIMIT_ENABLED": False})


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "write a migration: flask --app feedback_app db migrate -m '...'"


def test_downgrade_and_upgrade_again(tmp_path):
    from flask_migrate import downgrade, upgrade

    app = _app_on_a_new_file(tmp_path)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert db.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "responses" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_responses_stored_before_choice_codes_get_theirs_from_their_answers(tmp_path):
    from flask_migrate import upgrade

    app = _app_on_a_new_file(tmp_path)
    with app.app_context():
        upgrade(revision="0006_meeting_month")
        with db.engine.begin() as connection:
            connection.execute(db.text(
                "INSERT INTO responses (id, questionnaire, definition_version, variant, channel, submitted_on) "
                "VALUES ('r1', 'fgc-referrer-outcome', 1, 'standard', 'paper', '2012-01-05'), "
                "('r2', 'no-longer-exists', 1, 'standard', 'web', '2012-01-05')"))
            connection.execute(db.text(
                "INSERT INTO answers (response_id, question_id, position, value) VALUES "
                "('r1', 'objective', 0, 'support_cin_plan'), ('r1', 'objective', 1, 'facilitate_contact'), "
                "('r1', 'concerns_addressed', 0, 'partly'), ('r1', 'comments', 0, 'free text'), "
                "('r2', 'x', 0, 'y')"))
        upgrade()
        codes = dict(db.session.execute(db.text("SELECT id, choices FROM responses")).all())
        db.engine.dispose()
    # objective: 7 option slots (2nd and 7th chosen); concerns_addressed "partly" is option 2; then 4 unanswered.
    assert codes == {"r1": "0100001" "2" "0000", "r2": None}


def test_the_card_context_migration_drops_the_meeting_month_and_teams_not_on_the_list(tmp_path):
    """Responses keep only what the threat model allows: a team typed freely may be a family's name."""
    from flask_migrate import downgrade, upgrade

    app = _app_on_a_new_file(tmp_path)
    with app.app_context():
        upgrade(revision="0007_response_choice_codes")
        with db.engine.begin() as connection:
            connection.execute(db.text(
                "INSERT INTO responses (id, questionnaire, definition_version, variant, channel, submitted_on, "
                "meeting_type, meeting_month, team) VALUES "
                "('listed', 'cp-conference-parent', 1, 'standard', 'web', '2026-11-02', 'fgc', '2026-10', "
                "'Child Protection North'), "
                "('typed', 'cp-conference-parent', 1, 'standard', 'web', '2026-11-02', 'fgc', '2026-10', "
                "'Jayden Smith family'), "
                "('none', 'cp-conference-parent', 1, 'standard', 'paper', '2026-11-02', NULL, NULL, NULL)"))
            connection.execute(db.text(
                "INSERT INTO invitation_batches (id, meeting_type, month, team, questionnaires, cards_each, "
                "created_on, created_by) VALUES "
                "('b-listed', 'fgc', '2026-10', 'Looked After Children', 'fgc-family', 3, '2026-10-01', 'c@x'), "
                "('b-typed', 'fgc', '2026-10', 'Smith 2015', 'fgc-family', 3, '2026-10-01', 'c@x')"))
        upgrade(revision="0008_card_context")
        columns = {column["name"] for column in db.inspect(db.engine).get_columns("responses")}
        assert "meeting_month" not in columns
        teams = dict(db.session.execute(db.text("SELECT id, team FROM responses")).all())
        assert teams == {"listed": "Child Protection North", "typed": None, "none": None}
        batches = dict(db.session.execute(db.text("SELECT id, team FROM invitation_batches")).all())
        assert batches == {"b-listed": "Looked After Children", "b-typed": None}
        db.session.remove()
        downgrade(revision="0007_response_choice_codes")
        months = db.session.execute(db.text("SELECT meeting_month FROM responses")).scalars().all()
        assert months == [None, None, None]  # the column is back, empty: what was dropped is gone
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_database(tmp_path):
    """A database with nothing in it yet: SQLite, or a fresh PostgreSQL one under TEST_DATABASE=postgresql."""
    if os.environ.get("TEST_DATABASE", "sqlite") == "postgresql":
        from tests.conftest import _postgres_database

        url, drop = _postgres_database()
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path}/m.sqlite3"


def test_used_codes_move_out_of_their_batch_into_counts_by_team_and_quarter(empty_database):
    """Migration 0010: codes used before it leave invitation_codes (so they stay unusable, as unknown
    codes) and become used_cards rows with only their batch's team and quarter; rates stay right."""
    from datetime import date

    from flask_migrate import downgrade, upgrade

    from feedback_app import create_app
    from feedback_app.invitations.response_rates import response_rates

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(revision="0009_staff_sessions")
        with db.engine.begin() as connection:
            connection.execute(db.text(
                "INSERT INTO invitation_batches (id, meeting_type, month, team, questionnaires, cards_each, "
                "created_on, created_by) VALUES "
                "('north-oct', 'fgc', '2026-10', 'Child Protection North', 'fgc-family', 20, '2026-10-05', 'c@x'), "
                "('north-nov', 'fgc', '2026-11', 'Child Protection North', 'fgc-family', 3, '2026-11-20', 'c@x'), "
                "('none-feb', 'fgc', '2026-02', NULL, 'fgc-family,fgc-young-person', 10, '2026-02-01', 'c@x')"))
            used = {"north-oct": 4, "north-nov": 2, "none-feb": 5}
            rows = [{"code_hash": f"{batch}-{n}", "batch_id": batch, "used": n < used[batch]}
                    for batch, cards in (("north-oct", 20), ("north-nov", 3), ("none-feb", 20)) for n in range(cards)]
            connection.execute(db.text("INSERT INTO invitation_codes (code_hash, batch_id, questionnaire, used) "
                                       "VALUES (:code_hash, :batch_id, 'fgc-family', :used)"), rows)
        upgrade()
        columns = {column["name"] for column in db.inspect(db.engine).get_columns("invitation_codes")}
        assert columns == {"code_hash", "batch_id", "questionnaire"}
        left = set(db.session.scalars(db.text("SELECT code_hash FROM invitation_codes")))
        assert left == {row["code_hash"] for row in rows if not row["used"]}  # used codes are gone: unknown
        moved = db.session.execute(db.text("SELECT card_hash, team, quarter FROM used_cards")).all()
        counts: dict[tuple, int] = {}
        for _, team, quarter in moved:
            counts[team, quarter] = counts.get((team, quarter), 0) + 1
        assert counts == {("Child Protection North", "2026Q3"): 6, (None, "2025Q4"): 5}
        hashes = [card_hash for card_hash, _, _ in moved]
        assert len(set(hashes)) == 11 and all(len(value) == 64 and int(value, 16) >= 0 for value in hashes)
        assert not set(hashes) & {row["code_hash"] for row in rows}
        rates = response_rates(app.config["DEPLOYMENT"], date(2028, 1, 1))
        assert {(row.quarter.key, row.team, row.cards, row.used) for row in rates.shown} == {
            ("2026Q3", "Child Protection North", 23, 6), ("2025Q4", None, 20, 5)}
        db.session.remove()
        downgrade(revision="0009_staff_sessions")
        assert "used_cards" not in db.inspect(db.engine).get_table_names()
        flags = db.session.execute(db.text("SELECT used FROM invitation_codes")).scalars().all()
        assert len(flags) == 43 - 11 and not any(flags)  # back, as unused: which codes were used is lost
        db.session.remove()
        db.engine.dispose()


def test_responses_stored_before_languages_were_kept_were_answered_in_english(tmp_path):
    from flask_migrate import downgrade, upgrade

    app = _app_on_a_new_file(tmp_path)
    with app.app_context():
        upgrade(revision="0012_casework")
        with db.engine.begin() as connection:
            connection.execute(db.text(
                "INSERT INTO responses (id, questionnaire, definition_version, variant, channel, submitted_on) "
                "VALUES ('r1', 'cp-conference-parent', 1, 'standard', 'paper', '2012-01-05')"))
        upgrade(revision="0013_response_language")
        assert db.session.execute(db.text("SELECT language FROM responses")).scalar_one() == "en"
        indexed = {index["name"]: index["column_names"] for index in db.inspect(db.engine).get_indexes("responses")}
        assert "language" in indexed["ix_responses_report"]  # reports by language still read the index alone
        db.session.remove()
        downgrade(revision="0012_casework")
        assert "language" not in {c["name"] for c in db.inspect(db.engine).get_columns("responses")}
        db.engine.dispose()
