"""Migration 0012 (casework): references made distinct whatever their case, open compliments closed."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from feedback_app.extensions import db
from tests.feedback_app.test_migrations import empty_database  # noqa: F401  (fixture)


def test_case_twins_are_renamed_open_compliments_closed_and_the_index_refuses_new_twins(empty_database):  # noqa: F811
    from flask_migrate import downgrade, upgrade

    from feedback_app import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(revision="0010_used_cards_apart")
        with db.engine.begin() as connection:
            connection.execute(db.text(
                "INSERT INTO representations (id, reference, kind, status, received_on, made_by, stage1_extended, "
                "version) VALUES "
                "('a', '26C-UX1', 'complaint', 'open', '2026-01-05', 'child', false, 1), "
                "('b', '26c-ux1', 'complaint', 'open', '2026-01-06', 'child', false, 1), "
                "('c', '26K-1', 'compliment', 'open', '2026-02-03', 'parent', false, 1), "
                "('d', '26M-1', 'comment', 'new', '2026-02-04', 'parent', false, 1), "
                "('e', '26C-2', 'complaint', 'new', '2026-02-05', 'parent', false, 1)"))
        upgrade(revision="0012_casework")
        rows = {row.id: row for row in db.session.execute(db.text(
            "SELECT id, reference, reference_key, status, closed_on FROM representations"))}
        assert rows["a"].reference == "26C-UX1" and rows["b"].reference == "26c-ux1-2"
        assert rows["a"].reference_key == "26c-ux1" and rows["b"].reference_key == "26c-ux1-2"
        assert [rows[key].status for key in "abcde"] == ["open", "open", "closed", "new", "new"]
        assert str(rows["c"].closed_on) == "2026-02-03" and rows["d"].closed_on is None  # read first
        db.session.remove()
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(db.text(
                "INSERT INTO representations (id, reference, reference_key, kind, status, received_on, made_by, "
                "stage1_extended, version) VALUES ('f', '26k-1', '26k-1', 'compliment', 'closed', '2026-02-03', "
                "'child', false, 1)"))
        downgrade(revision="0010_used_cards_apart")
        assert "case_notes" not in db.inspect(db.engine).get_table_names()
        db.session.remove()
        db.engine.dispose()
