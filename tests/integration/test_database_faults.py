"""A database that is down, read-only or full: a kind 503 page saying the answers were not
sent, nothing half-stored, and the app recovers by itself when the database does.

These tests make their own databases (a private PostgreSQL server they stop and start, and
SQLite files), so they run once, in the default pass, not again under TEST_DATABASE=postgresql.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from feedback_app import create_app
from feedback_app.errors import CANNOT_SAVE, UNAVAILABLE, database_fault
from feedback_app.extensions import db
from tests.helpers import count_rows, same_on_every_database, submit
from tests.pg_instance import PrivatePostgres, Unavailable

pytestmark = same_on_every_database  # makes its own databases

URL = "/q/cp-conference-parent"
ANSWERS = {"conference_type": "initial", "comments": "It went well."}
SETTINGS = {"TESTING": True, "SECRET_KEY": "test-secret-key", "RATELIMIT_ENABLED": False}


def migrated(database_url: str):
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
    return app


def dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def assert_not_sent(response, title: str) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page
    assert response.headers["Retry-After"].isdigit()
    assert title in page
    assert "Your answers were not sent." in page
    assert f'href="{URL}"' in page  # a way back to the form
    assert "Traceback" not in page and "sqlalchemy" not in page.lower()


# -- PostgreSQL goes down and comes back ------------------------------------------------------


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    try:
        server = PrivatePostgres()
    except Unavailable as reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the database fault tests: {reason}")
        pytest.skip(str(reason))
    with server:
        yield server


@pytest.fixture(scope="module")
def postgres_app(postgres):
    app = migrated(postgres.url)
    yield app
    dispose(app)


def test_postgres_down_gives_a_kind_503_and_the_app_recovers_by_itself(postgres, postgres_app, caplog):
    client = postgres_app.test_client()
    assert submit(client, URL, ANSWERS).status_code == 303
    assert count_rows(postgres_app)["responses"] == 1

    postgres.stop("immediate")  # a crash: every pooled connection is cut
    try:
        # The blank form may come from the page cache: still shown, and the CSRF token still works.
        with caplog.at_level(logging.ERROR, logger=postgres_app.logger.name):
            sent = submit(client, URL, ANSWERS)
        assert_not_sent(sent, "Sorry, the service is unavailable")
        faults = [r for r in caplog.records if r.name == postgres_app.logger.name]
        assert len(faults) == 1 and faults[0].exc_info is None  # logged once, one line, no stack
        assert "unavailable" in faults[0].getMessage()
        assert "It went well" not in caplog.text

        health = client.get("/healthz")
        assert health.status_code == 503 and health.headers["Retry-After"]
        assert client.get("/").status_code == 200  # pages that need no database still work
        assert client.get("/staff/login").status_code in (200, 503)  # never a 500
    finally:
        postgres.start()

    # No restart of the app: the dead pooled connections are replaced on the next use.
    started = time.monotonic()
    assert client.get("/healthz").status_code == 200
    assert submit(client, URL, ANSWERS).status_code == 303
    assert time.monotonic() - started < 10
    assert count_rows(postgres_app)["responses"] == 2  # the first and the last: nothing from the failed one


def test_a_quick_restart_costs_no_request(postgres, postgres_app):
    """The server restarts between two requests: the pooled connection is dead, and
    pool_pre_ping swaps it for a fresh one, so even the first request afterwards works."""
    client = postgres_app.test_client()
    assert client.get("/healthz").status_code == 200  # a connection now waits in the pool
    before = count_rows(postgres_app)["responses"]
    postgres.stop("immediate")
    postgres.start()
    assert submit(client, URL, ANSWERS).status_code == 303
    assert count_rows(postgres_app)["responses"] == before + 1


# -- SQLite that cannot write: read-only, or full ---------------------------------------------


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory):
    app = migrated(f"sqlite:///{tmp_path_factory.mktemp('faults') / 'feedback.sqlite3'}")
    yield app
    dispose(app)


@contextmanager
def every_connection_runs(app, *pragmas: str):
    """New connections run ``pragmas`` after the app's own; the pool is emptied before and after."""
    def run(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    with app.app_context():
        engine = db.engine
        db.session.remove()
        engine.dispose()
        event.listen(engine, "connect", run)
        try:
            yield
        finally:
            db.session.remove()
            event.remove(engine, "connect", run)
            engine.dispose()


def test_a_read_only_database_says_answers_cannot_be_saved(sqlite_app):
    client = sqlite_app.test_client()
    # Tests run as root, which ignores file permissions: query_only makes SQLite refuse
    # every write with SQLITE_READONLY, as a read-only file or mount does.
    with every_connection_runs(sqlite_app, "PRAGMA query_only=ON"):
        sent = submit(client, URL, ANSWERS)
        assert client.get("/healthz").status_code == 200  # reads still work
    assert_not_sent(sent, "Sorry, the service cannot save answers at the moment")
    assert count_rows(sqlite_app) == {"responses": 0, "answers": 0, "contact_details": 0}
    assert submit(client, URL, ANSWERS).status_code == 303  # writable again: saved at once


def test_a_full_disk_says_answers_cannot_be_saved(sqlite_app):
    client = sqlite_app.test_client()
    with sqlite_app.app_context():
        pages = db.session.connection().exec_driver_sql("PRAGMA page_count").scalar()
    # max_page_count at the file's present size: the first write that needs one more page
    # fails with SQLITE_FULL, "database or disk is full", exactly what a full disk gives. (A
    # real full disk on PostgreSQL cannot be made safely here; its error, disk_full 53100, goes
    # through the same handler in feedback_app/errors.py.) Long answers fill the free space
    # left in the pages there are, as submissions arriving while the disk fills would.
    long_answers = {**ANSWERS, "comments": "It went well. " * 140}
    accepted = 0
    with every_connection_runs(sqlite_app, f"PRAGMA max_page_count={pages}"):
        before = count_rows(sqlite_app)
        for _ in range(20):
            sent = submit(client, URL, long_answers)
            if sent.status_code != 303:
                break
            accepted += 1
        assert_not_sent(sent, "Sorry, the service cannot save answers at the moment")
        after = count_rows(sqlite_app)
    # The ones saved before the disk filled are whole; the one refused left nothing behind.
    assert after["responses"] == before["responses"] + accepted
    assert after["answers"] == before["answers"] + 2 * accepted
    assert submit(client, URL, long_answers).status_code == 303  # room again: saved at once


def test_a_database_that_cannot_be_opened_says_unavailable(tmp_path):
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing-folder/db.sqlite3"})
    sent = submit(app.test_client(), URL, ANSWERS)
    assert_not_sent(sent, "Sorry, the service is unavailable")
    dispose(app)


@pytest.mark.parametrize(("error", "fault"), [
    (sa_exc.OperationalError("INSERT", {}, psycopg.errors.AdminShutdown("terminating connection")), UNAVAILABLE),
    (sa_exc.OperationalError("INSERT", {}, psycopg.OperationalError("server closed the connection")), UNAVAILABLE),
    (sa_exc.InterfaceError("INSERT", {}, psycopg.InterfaceError("the connection is closed")), UNAVAILABLE),
    (sa_exc.OperationalError("INSERT", {}, psycopg.errors.DiskFull("could not extend file")), CANNOT_SAVE),
    (sa_exc.InternalError("INSERT", {}, psycopg.errors.ReadOnlySqlTransaction("read-only")), CANNOT_SAVE),
    (sa_exc.TimeoutError("QueuePool limit reached"), UNAVAILABLE),
    (sa_exc.ProgrammingError("SELECT", {}, psycopg.errors.UndefinedTable("no such table")), None),
    (sa_exc.IntegrityError("INSERT", {}, psycopg.errors.UniqueViolation("duplicate key")), None),
    (sa_exc.NoResultFound("no row"), None),
], ids=["admin-shutdown", "connection-lost", "connection-closed", "disk-full", "read-only", "pool-timeout",
        "undefined-table", "unique-violation", "no-result"])
def test_which_postgres_errors_mean_the_database_cannot_serve(error, fault):
    assert database_fault(error) == fault


def test_a_programming_error_is_still_a_500(sqlite_app, caplog):
    # A missing table is SQLite's generic SQLITE_ERROR: the program's mistake, not the database's.
    with sqlite_app.app_context():
        db.session.connection().exec_driver_sql("ALTER TABLE responses RENAME TO responses_away")
        db.session.commit()
    try:
        with caplog.at_level(logging.ERROR, logger=sqlite_app.logger.name):
            sent = submit(sqlite_app.test_client(), URL, ANSWERS)
        assert sent.status_code == 500
        assert "Sorry, there is a problem with the service" in sent.get_data(as_text=True)
        assert "It went well" not in caplog.text  # SQL values are hidden from the logged error
    finally:
        with sqlite_app.app_context():
            db.session.connection().exec_driver_sql("ALTER TABLE responses_away RENAME TO responses")
            db.session.commit()
