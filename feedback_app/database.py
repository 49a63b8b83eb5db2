"""Database set-up that depends on the engine: SQLite is made safe for concurrent writers,
PostgreSQL connections are checked before use so the app recovers by itself after a restart."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from feedback_app.extensions import db

#: SQLite's own advice for WAL mode: NORMAL survives a crashed or killed process
#: with every committed transaction; only a power cut or OS crash can lose the last
#: few. FULL closes that gap at the cost of an fsync per submission (p99 166 ms
#: against 92 ms at 50 clients, bench/load.py). See docs/decisions/0006.
SQLITE_SYNCHRONOUS_MODES = ("NORMAL", "FULL")


#: Pages in SQLite's write-ahead log before a commit checkpoints it (``sqlite_pragmas``).
WAL_CHECKPOINT_PAGES = 10_000


def sqlite_pragmas(synchronous: str = "NORMAL") -> Callable:
    """A connect hook setting the PRAGMAs every SQLite connection needs (the benchmark's baseline uses it too)."""
    if synchronous not in SQLITE_SYNCHRONOUS_MODES:
        raise ValueError(f"SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS_MODES)}")

    def tune(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers carry on while one writer commits; busy_timeout makes a second
        # writer wait its turn instead of failing with "database is locked".
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # The commit that takes the WAL past this many pages copies them into the database and syncs it:
        # 8-13 ms, in a person's request. SQLite's default (1,000 pages) did it every 200 or so submissions
        # (a response writes 4-6 pages: random ids touch a leaf of each table and index), and those commits
        # were over a quarter of all commit time. Every 10,000 pages (a WAL of up to 40 MB) it is ten times
        # rarer: the mean commit fell from 375 to 286 µs (bench/README.md, "SQLite checkpoints").
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cursor.close()

    return tune


def engine_options(database_url: str) -> dict:
    """Options for the app's engine, by database.

    ``hide_parameters``: an SQL error's message never carries the values sent (a person's
    answers), so logging one cannot leak them. ``pool_pre_ping`` (PostgreSQL): a pooled
    connection is tested as it is taken from the pool, and one the server dropped (a
    restart, a failover) is replaced by a fresh one; without it the first request after
    the server came back would fail on a dead connection.
    """
    options: dict = {"hide_parameters": True}
    if not database_url.startswith("sqlite"):
        options["pool_pre_ping"] = True
    return options


def configure(app: Flask) -> None:
    """Engine options laid under any the app was given; call before ``db.init_app``."""
    given = app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**engine_options(app.config["SQLALCHEMY_DATABASE_URI"]), **given}


def init_app(app: Flask) -> None:
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", sqlite_pragmas(app.config["SQLITE_SYNCHRONOUS"]))
