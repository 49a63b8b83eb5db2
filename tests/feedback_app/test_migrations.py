"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from feedback_app.extensions import db


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "write a migration: flask --app feedback_app db migrate -m '...'"


def test_downgrade_and_upgrade_again(tmp_path):
    from flask_migrate import downgrade, upgrade

    from feedback_app import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite3",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        assert db.inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "responses" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_responses_stored_before_choice_codes_get_theirs_from_their_answers(tmp_path):
    from flask_migrate import upgrade

    from feedback_app import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite3",
                      "RATELIMIT_ENABLED": False})
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

    from feedback_app import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite3",
                      "RATELIMIT_ENABLED": False})
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
