"""Shared fixtures: an app on a real, migrated database, a client and a CLI runner.

The database is SQLite in a temporary folder by default. With
``TEST_DATABASE=postgresql`` a fresh PostgreSQL database is created for the run
(on ``TEST_POSTGRES_URL``) and dropped afterwards. Under CI (``CI=true``) a
PostgreSQL run that cannot reach its server fails instead of skipping.
"""

from __future__ import annotations

import os
import sys
import uuid
from functools import cache
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from feedback_app import create_app
from feedback_app.extensions import db
from feedback_app.staff import accounts, passwords

# Argon2 at the app's cost (64 MiB, 3 passes, 4 lanes) takes 60-150 ms for each hash and each
# check on these machines, and the tests make and sign in hundreds of accounts. They use the same
# algorithm (argon2id) at its smallest cost; the app's own parameters are checked by
# tests/feedback_app/staff/test_accounts.py::test_the_app_hashes_with_argon2id_at_owasp_cost.
APP_PASSWORD_HASHER = passwords._hasher
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
# The hash an unknown email is checked against (so it takes as long as a wrong password): the same cost.
accounts._DUMMY_HASH = passwords.hash_password("not-a-real-password-just-for-timing")

POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _postgres_database():
    name = f"feedback_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"TEST_DATABASE=postgresql but no PostgreSQL server at {POSTGRES_SERVER}: {error}")
    url = POSTGRES_SERVER.rsplit("/", 1)[0] + f"/{name}"

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if os.environ.get("TEST_DATABASE", "sqlite") == "postgresql":
        url, drop = _postgres_database()
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


# Two-factor sign-in is off for most tests (their fixtures sign in with a password); the two-factor
# tests and one walk of every staff route switch it on (tests/feedback_app/staff/test_two_factor.py).
TEST_SETTINGS = {"TESTING": True, "SECRET_KEY": "test-secret-key", "RATELIMIT_ENABLED": False,
                 "STAFF_TWO_FACTOR": False, "SECOND_TIER_WARM_UP": False}


@pytest.fixture(scope="session")
def migrated_app(database_url):
    """One app for the session, its schema made by the real Alembic migrations."""
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections before the database is dropped


@pytest.fixture
def app(migrated_app):
    yield migrated_app
    with migrated_app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


#: What a module that reaches a database names: the pass's database (``TEST_DATABASE``, as this file's fixtures
#: do), a PostgreSQL server of its own, or a temporary instance (tests/pg_instance.py).
_DATABASE_SETTINGS = ("TEST_DATABASE", "TEST_POSTGRES_URL", "pg_instance")


@cache
def _module_names_a_database(module_name: str) -> bool:
    module = sys.modules.get(module_name)
    path = getattr(module, "__file__", None)
    return bool(path) and any(setting in Path(path).read_text(encoding="utf-8") for setting in _DATABASE_SETTINGS)


def _reaches_a_database(item: pytest.Item) -> bool:
    """Whether the test's own module, or the module of any fixture it uses (however indirectly), names a
    database. Cautious by construction: a fixture defined in this file counts, whatever it does."""
    fixture_info = getattr(item, "_fixtureinfo", None)  # pytest's own record of the fixtures a test uses
    if fixture_info is None or getattr(item, "module", None) is None:
        return True  # cannot tell: keep it in both passes
    modules = {item.module.__name__}
    for definitions in fixture_info.name2fixturedefs.values():
        modules.update(definition.func.__module__ for definition in definitions)
    return any(_module_names_a_database(name) for name in modules)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In the PostgreSQL pass, leave out the tests that touch no database (the questionnaire library, the analysis
    library, the detector's rules, the benchmarks' own checks) and those marked ``same_on_every_database`` (they
    make their own): they ran, identically, in the SQLite pass."""
    if os.environ.get("TEST_DATABASE") != "postgresql":
        return
    kept, left_out = [], []
    for item in items:
        runs_here = _reaches_a_database(item) and not item.get_closest_marker("same_on_every_database")
        (kept if runs_here else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
