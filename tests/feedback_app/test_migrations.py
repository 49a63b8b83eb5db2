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
