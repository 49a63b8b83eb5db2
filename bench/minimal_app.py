"""Baseline for bench/load.py: about the least a Flask app can do for the same two requests.

GET /form returns a tiny page; POST /form inserts one row into a one-table
database and answers 303, like the real questionnaire. No templates, forms,
CSRF, sessions or ORM: what is left is Flask, gunicorn, SQLAlchemy Core and
the database's commit. The real app's figures divided by these say how much
the app's own work costs on top of the stack it runs on.

The database is BASELINE_DATABASE_URL (an SQLAlchemy URL). On SQLite the
connection gets the app's own PRAGMAs (``feedback_app.database.sqlite_pragmas``,
with the same SQLITE_SYNCHRONOUS), so both pay the same for every commit.

Served by ``gunicorn -c bench/gunicorn.conf.py --pythonpath bench 'minimal_app:create_app()'``;
``bench/load.py`` creates the table first with ``init_db``.
"""

from __future__ import annotations

import os
import uuid

from flask import Flask, redirect, request
from sqlalchemy import Column, MetaData, String, Table, create_engine, event, func, insert, select, text
from sqlalchemy.engine import Engine

from feedback_app.database import sqlite_pragmas

metadata = MetaData()
submissions = Table(
    "submissions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("value", String(64), nullable=False),
)

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>'
    '<body><form method="post"><input name="answer" value="yes"><button>Send</button></form></body></html>'
)


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", sqlite_pragmas(os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()))
    return engine


def init_db(url: str) -> None:
    engine = make_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def count_rows(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(submissions)).scalar_one()
    engine.dispose()
    return count


def create_app(url: str | None = None) -> Flask:
    app = Flask(__name__)
    engine = make_engine(url or os.environ["BASELINE_DATABASE_URL"])

    @app.get("/healthz")
    def healthz():
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}

    @app.get("/form")
    def form():
        return PAGE, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}

    @app.post("/form")
    def submit():
        value = request.form.get("answer", "")[:64]
        with engine.begin() as connection:
            connection.execute(insert(submissions).values(id=uuid.uuid4().hex, value=value))
        return redirect("/thanks", code=303)

    @app.get("/thanks")
    def thanks():
        return "Thank you", 200, {"Content-Type": "text/plain; charset=utf-8"}

    return app
