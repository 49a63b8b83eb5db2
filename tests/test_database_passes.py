"""The PostgreSQL pass (./test.sh) leaves out the tests that touch no database; every test that does, however it
reaches one, still runs in it (tests/conftest.py: pytest_collection_modifyitems)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REACHES_A_DATABASE = [
    "tests/feedback_app/test_smoke.py",  # the app and client fixtures
    "tests/feedback_app/complaints/test_casework_migration.py",  # a fixture from another module (empty_database)
    "tests/bench/test_faults_smoke.py",  # its own servers, on TEST_POSTGRES_URL in this pass
]
TOUCHES_NONE = [
    "tests/forms/test_schema.py",
    "tests/analysis/test_periods.py",
    "tests/integration/test_database_faults.py",  # names PostgreSQL, but is marked same_on_every_database
]


def collected(database: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *REACHES_A_DATABASE,
         *TOUCHES_NONE], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "TEST_DATABASE": database})
    return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}


def test_the_postgresql_pass_keeps_every_test_that_reaches_a_database_and_only_those():
    assert collected("postgresql") == set(REACHES_A_DATABASE)


def test_the_sqlite_pass_runs_everything():
    assert collected("sqlite") == set(REACHES_A_DATABASE + TOUCHES_NONE)
