"""scripts/backup.sh and scripts/restore.sh on the test run's own database (SQLite, or
PostgreSQL with TEST_DATABASE=postgresql): back up, wipe, restore, and every row is back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import MetaData, Table, inspect, select, text

from feedback_app.extensions import db
from feedback_app.staff.accounts import create_user
from tests.helpers import submit

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"


def _run(script: Path, argument: Path, database_url: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([str(script), str(argument)], env=environment, capture_output=True, text=True, timeout=60)


def _needs_client_tools(database_url: str) -> None:
    if database_url.startswith("postgresql") and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are needed to back up PostgreSQL")


def _everything(app) -> dict[str, list[tuple]]:
    """Every row of every table, the Alembic version included, in a stable order."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            tables = [Table(name, MetaData(), autoload_with=connection)
                      for name in sorted(inspect(connection).get_table_names())]
            return {table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                    for table in tables}


def _fill(app, client) -> None:
    """Responses (with answers and contact details), a complaints register, a population and staff accounts."""
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    answers = {"kind": "compliment", "what_happened": "The social worker listened to us.", "contact": "07700 900123"}
    assert submit(client, "/q/have-your-say", answers).status_code == 303
    with app.app_context():
        create_user("admin@example.org", "admin", "a long enough password 1")
        create_user("officer@example.org", "complaints_officer", "another long password 2")
        db.session.remove()


def _wipe(app) -> None:
    """Every table dropped, the Alembic version too: the restore has to bring back the schema as well."""
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()
        assert inspect(db.engine).get_table_names() == []


def _schema_back(app) -> None:
    """After a failed restore, the schema again, so later tests still have their tables."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        upgrade()


def test_backup_wipe_restore_brings_back_every_row(app, client, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    _needs_client_tools(url)
    _fill(app, client)
    before = _everything(app)
    counts = {name: len(rows) for name, rows in before.items()}
    for table in ("responses", "answers", "contact_details", "representations", "population", "staff_users",
                  "audit_events"):
        assert counts[table] > 0, (table, counts)

    made = _run(BACKUP, tmp_path, url)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert backup.parent == tmp_path and backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o077 == 0  # answers and contact details: readable by the owner only

    _wipe(app)
    restored = False
    try:
        done = _run(RESTORE, backup, url)
        assert done.returncode == 0, done.stderr
        restored = True
    finally:
        if not restored:
            _schema_back(app)
    with app.app_context():
        db.engine.dispose()  # connections from before the restore are not reused

    after = _everything(app)
    assert {name: len(rows) for name, rows in after.items()} == counts
    assert after == before  # not only as many rows: the same values in each
    # And the app reads them: a stored answer and a staff account, through the ORM.
    from feedback_app.models import Answer
    from feedback_app.staff.models import StaffUser
    with app.app_context():
        assert db.session.scalar(select(StaffUser.role).where(StaffUser.email == "admin@example.org")) == "admin"
        assert "The social worker listened to us." in db.session.scalars(select(Answer.value)).all()


def test_a_damaged_backup_changes_nothing(app, client, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    _needs_client_tools(url)
    _fill(app, client)
    before = _everything(app)
    damaged = tmp_path / "feedback-damaged.dump"
    damaged.write_bytes(b"not a backup at all\n" * 100)

    done = _run(RESTORE, damaged, url)
    assert done.returncode != 0
    assert _everything(app) == before


def test_a_backup_to_a_missing_database_fails_and_leaves_no_file(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    _needs_client_tools(url)
    missing = ("sqlite:///" + str(tmp_path / "no-such.sqlite3") if url.startswith("sqlite")
               else url.rsplit("/", 1)[0] + "/no_such_database_here")
    made = _run(BACKUP, tmp_path / "out", missing)
    assert made.returncode != 0
    assert list(tmp_path.glob("out*")) == []
