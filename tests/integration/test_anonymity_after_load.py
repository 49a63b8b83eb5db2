"""Anonymity audit after a load (issue 5): once real clients have hammered the app under
gunicorn, with its production config (bench/gunicorn.conf.py), a worker killed and some
bad requests thrown in, the database, the logs and the exports hold no IP address, no
user agent and no time finer than a date.

The load is ``bench/faults.py`` (a short run: one worker SIGKILLed, gunicorn's access log
switched on so its format is audited too, and ``--probes``: a malformed request line,
a 404 and a POST without a CSRF token, the kinds of request gunicorn and the app log).
Every client sends ``LoadClient/1.0 anonymity-probe`` as its User-Agent.

The code-to-response link: the schema is checked by
tests/integration/test_anonymity.py (no respondent table refers to a staff table,
no column about respondents can hold a time) and by
tests/integration/test_invitation_codes.py::test_nothing_stored_links_the_code_to_the_response;
here the migrated database after the load is checked for a foreign key or column
between invitation codes and responses, without repeating those.

SQLite by default; PostgreSQL under ``TEST_DATABASE=postgresql`` (TEST_POSTGRES_URL).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime, Time, create_engine, inspect, text

from feedback_app.privacy import today
from tests.bench.test_faults_smoke import run_faults

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
USER_AGENT = "LoadClient/1.0 anonymity-probe"
SLUG = "cp-conference-parent"

IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IPV6 = re.compile(r"(?<![\w:.])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){7}"
                  r"|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?)(?![\w:])",
                  re.IGNORECASE)
TIME = re.compile(r"(?<!\d)\d{2}:\d{2}:\d{2}(?!\d)|\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")
AGENT_PARTS = ("LoadClient", "anonymity-probe", "aiohttp", "Python/3")


def problems(text_: str) -> list[str]:
    """What in a text would break the promise, each with a little context."""
    found = []
    for name, pattern in (("IPv4 address", IPV4), ("IPv6 address", IPV6), ("time", TIME)):
        for match in pattern.finditer(text_):
            found.append(f"{name} {match.group(0)!r} in ...{text_[max(0, match.start() - 60):match.end() + 20]!r}")
    for part in AGENT_PARTS:
        if part.lower() in text_.lower():
            at = text_.lower().index(part.lower())
            found.append(f"user agent {part!r} in ...{text_[max(0, at - 60):at + 40]!r}")
    for literal in ("127.0.0.1", "::1", "203.0.113.9", "localhost"):
        if re.search(rf"(?<![\w.:]){re.escape(literal)}(?![\w.:])", text_):
            found.append(f"address {literal!r}")
    return found


def test_the_patterns_find_what_they_should():
    """The audit is only as good as its search: it must catch each kind of leak."""
    for leak in ("GET from 127.0.0.1", "peer ::1 said", "10.20.30.40:5000", "from 2001:db8::42 at",
                 "[24/Nov/2026:17:01:03 +0000]", "2026-11-24T17:01:03", "2026-11-24 17:01", USER_AGENT,
                 "Python/3.11 aiohttp/3.9"):
        assert problems(leak), leak
    for fine in ("2026-11-24", "[2026-11-24] [123] [WARNING] Invalid request from [address removed]",
                 "load-0123456789abcdef", "Class::method", "gunicorn 27.0.1", "GET 200 2 bytes 4 ms", "2026-11"):
        assert not problems(fine), (fine, problems(fine))


@pytest.fixture(scope="module")
def after_load(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("anonymity-load")
    output = workdir / "faults.json"
    args = ["--clients", "6", "--seconds", "4", "--kill-worker", "1", "--kill-server", "0", "--probes",
            "--access-log", "--keep-database", "--output", str(output)]
    if os.environ.get("TEST_DATABASE") == "postgresql":
        args += ["--database-url", POSTGRES_SERVER]
    run = run_faults(workdir, *args, timeout=150)
    assert run.returncode == 0, run.stdout + run.stderr
    phase = json.loads(output.read_text())["phases"]["worker"]
    assert phase["acknowledged"] > 0
    yield {"url": phase["database_url"], "workdir": workdir, "phase": phase}
    if phase["database_url"].startswith("postgresql"):
        name = phase["database_url"].rsplit("/", 1)[1]
        admin = create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_the_database_holds_no_address_agent_or_time(after_load):
    engine = create_engine(after_load["url"])
    inspector = inspect(engine)
    found, seen_tokens, tables_with_rows = [], 0, []
    with engine.connect() as connection:
        for table in inspector.get_table_names():
            columns = inspector.get_columns(table)
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608 (names from the schema)
            if rows:
                tables_with_rows.append(table)
            for column in columns:
                # A column that can hold a time may exist only where the load wrote nothing (staff tables).
                if isinstance(column["type"], DateTime | Time) and rows:
                    position = [c["name"] for c in columns].index(column["name"])
                    assert all(row[position] is None for row in rows), f"{table}.{column['name']} holds times"
            for row in rows:
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(column["type"], Date):
                        assert len(str(value)) == 10, f"{table}.{column['name']} = {value!r}"
                    value = str(value)
                    seen_tokens += value.startswith("load-")
                    found += [f"{table}.{column['name']}: {p}" for p in problems(value)]
    engine.dispose()
    assert seen_tokens == after_load["phase"]["stored_tokens"] > 0  # the search does see what was stored
    assert {"responses", "answers"} <= set(tables_with_rows)
    assert not found, "\n".join(found[:20])


def test_no_column_or_key_links_invitation_codes_to_responses(after_load):
    engine = create_engine(after_load["url"])
    inspector = inspect(engine)
    respondent = {"responses", "answers", "contact_details"}
    invitation = {t for t in inspector.get_table_names() if t.startswith("invitation") or t == "used_cards"}
    assert invitation, "no invitation tables: the check would prove nothing"
    for table in respondent | invitation:
        others = invitation if table in respondent else respondent
        referred = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
        assert not referred & others, f"{table} refers to {referred & others}"
    for table in respondent:
        names = {c["name"] for c in inspector.get_columns(table)}
        assert not {n for n in names if "code" in n or "batch" in n or "card" in n}, (table, names)
    for table in invitation:
        names = {c["name"] for c in inspector.get_columns(table)}
        assert not {n for n in names if "response" in n}, (table, names)
    engine.dispose()


def test_the_logs_hold_no_address_agent_or_time(after_load):
    logs = sorted(after_load["workdir"].glob("*.log"))
    error_log = next(p for p in logs if p.name.startswith("gunicorn-"))
    access_log = next(p for p in logs if p.name.startswith("access-"))
    error_text = error_log.read_text(errors="replace")
    access_text = access_log.read_text(errors="replace")
    # What the probes and the kill make gunicorn write: the search has something to search.
    assert "Invalid request" in error_text and "SIGKILL" in error_text, error_text[-2000:]
    assert len(access_text.splitlines()) >= after_load["phase"]["requests"] // 2
    found = [f"{path.name}: {p}" for path in logs for p in problems(path.read_text(errors="replace"))]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_the_exports_hold_no_address_agent_or_time(after_load, fmt, tmp_path):
    out = tmp_path / ("report" if fmt == "csv" else f"report.{fmt}")
    day = today()
    env = {**os.environ, "DATABASE_URL": after_load["url"], "SECRET_KEY": "audit"}
    # Reports count a month once it is over: the command runs with its clock on the 1st of next month.
    next_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    clock = (f"import datetime, feedback_app.privacy as p; p.today = lambda: datetime.date.fromisoformat("
             f"'{next_month.isoformat()}'); from flask.cli import main; main()")
    run = subprocess.run([sys.executable, "-c", clock, "--app", "feedback_app", "report", "satisfaction", SLUG,
                          "--from", str(day - timedelta(days=1)), "--to", str(day + timedelta(days=1)),
                          "--format", fmt, "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    if fmt == "csv":
        parts = {path.name: path.read_text() for path in sorted(out.iterdir())}
    elif fmt == "xlsx":
        with zipfile.ZipFile(out) as workbook:
            # docProps/core.xml is the file's own metadata (when the workbook was written), not
            # anything about a respondent: it is looked at separately below.
            parts = {name: workbook.read(name).decode() for name in workbook.namelist()
                     if name.endswith(".xml") and not name.startswith("docProps/")}
            metadata = workbook.read("docProps/core.xml").decode()
        # The workbook's own created/modified stamps say only the day the report was made (its clock's).
        stamps = re.findall(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", metadata)
        assert stamps and all(s == f"{next_month.isoformat()}T00:00:00" for s in stamps), (stamps, next_month)
        assert not [p for p in problems(TIME.sub("", metadata))], metadata
    else:
        parts = {out.name: out.read_text()}
    everything = "\n".join(parts.values())
    stored = after_load["phase"]["stored_responses"]
    assert str(stored) in everything or f"{stored:,}" in everything  # the export does count the load
    found = [f"{name}: {p}" for name, text_ in parts.items() for p in problems(text_)]
    assert not found, "\n".join(found[:20])
