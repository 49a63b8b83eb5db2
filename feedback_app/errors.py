"""Kind error pages: every failure a person can meet gets words, never a traceback."""

from __future__ import annotations

import contextlib

from flask import Flask, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from feedback_app.extensions import db
from feedback_app.i18n import N_

# Public words are marked N_ for the messages catalogue and translated when shown; the 403 page
# is only ever met by staff, whose pages stay English (decision 0013).
PAGES = {
    400: (N_("Sorry, there is a problem with what was sent"), [N_("Go back and try again.")]),
    403: ("You cannot see this page",
          ["Your account does not have access to it. Ask an administrator if you need it."]),
    404: (N_("Page not found"), [N_("If you typed the web address, check it is correct."),
                                N_("If you were given a card or a link, check you typed all of it.")]),
    405: (N_("Sorry, there is a problem with what was sent"), [N_("Go back and try again.")]),
    413: (N_("That was too much to send at once"), [N_("Please make your answers shorter and try again.")]),
    429: (N_("Too many answers from one place"), [N_("Please wait a few minutes, then try again.")]),
    500: (N_("Sorry, there is a problem with the service"),
          [N_("Please try again later. Your answers were not sent.")]),
    503: (N_("Sorry, the service is unavailable"),
          [N_("Please try again in a few minutes. Your answers were not sent.")]),
}
#: Too many tries at the staff sign-in form is no matter of "answers": it gets its own words.
SIGN_IN_LIMIT = ("Too many tries at signing in", ["Please wait a minute, then try again.",
                                                  "If you have forgotten your password, ask an administrator "
                                                  "to reset it."])
SIGN_IN_ENDPOINT = "staff.login"

#: Database faults that are not the program's mistake, each a 503 with its own words.
UNAVAILABLE = "unavailable"  # cannot be reached: down, restarting, a dropped connection, too busy
CANNOT_SAVE = "cannot-save"  # reachable but cannot write: a full disk, a read-only database
DATABASE_PAGES = {
    UNAVAILABLE: N_("Sorry, the service is unavailable"),
    CANNOT_SAVE: N_("Sorry, the service cannot save answers at the moment"),
}
#: Seconds a browser or a monitoring tool is asked to wait before trying again.
RETRY_AFTER = {UNAVAILABLE: 30, CANNOT_SAVE: 120}

#: SQLite's primary result codes (the low byte of ``sqlite_errorcode``). SQLITE_ERROR (1) is
#: left out on purpose: it is "no such table", a syntax error... a programming error, 500.
SQLITE_FAULTS = {
    3: CANNOT_SAVE,   # SQLITE_PERM
    5: UNAVAILABLE,   # SQLITE_BUSY: still locked after busy_timeout
    6: UNAVAILABLE,   # SQLITE_LOCKED
    7: UNAVAILABLE,   # SQLITE_NOMEM
    8: CANNOT_SAVE,   # SQLITE_READONLY: "attempt to write a readonly database"
    10: UNAVAILABLE,  # SQLITE_IOERR
    11: UNAVAILABLE,  # SQLITE_CORRUPT
    13: CANNOT_SAVE,  # SQLITE_FULL: "database or disk is full"
    14: UNAVAILABLE,  # SQLITE_CANTOPEN
    15: UNAVAILABLE,  # SQLITE_PROTOCOL
    26: UNAVAILABLE,  # SQLITE_NOTADB
}
#: PostgreSQL SQLSTATEs: exact codes first, then classes (the first two characters).
#: A full disk on PostgreSQL is 53100 (disk_full), an OperationalError like a lost server;
#: it cannot be simulated safely in a test, but it takes the same path as SQLite's SQLITE_FULL.
POSTGRES_CODES = {"53100": CANNOT_SAVE, "25006": CANNOT_SAVE}  # disk_full, read_only_sql_transaction
POSTGRES_CLASSES = {
    "08": UNAVAILABLE,  # connection exception
    "53": UNAVAILABLE,  # insufficient resources: out of memory, too many connections
    "57": UNAVAILABLE,  # operator intervention: shutdown, restart, cannot connect now, statement timeout
    "58": UNAVAILABLE,  # system error: I/O
}


def database_fault(error: BaseException) -> str | None:
    """UNAVAILABLE or CANNOT_SAVE when ``error`` means the database cannot serve the request;
    None for anything else (a bad query, a broken constraint: the program's mistake, a 500)."""
    if isinstance(error, (sa_exc.TimeoutError, sa_exc.DisconnectionError)):
        return UNAVAILABLE  # every pooled connection busy for pool_timeout; a connection that could not be made
    if not isinstance(error, sa_exc.DBAPIError):
        return None
    if error.connection_invalidated:
        return UNAVAILABLE
    original = error.orig
    sqlite_code = getattr(original, "sqlite_errorcode", None)
    if sqlite_code is not None:
        return SQLITE_FAULTS.get(sqlite_code & 0xFF)
    sqlstate = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if sqlstate:
        return POSTGRES_CODES.get(sqlstate) or POSTGRES_CLASSES.get(sqlstate[:2])
    # No code at all: the driver lost or never had its connection ("connection refused",
    # "server closed the connection unexpectedly", "the connection is closed").
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return UNAVAILABLE
    return None


def _describe(error: BaseException) -> str:
    """The driver's error, its code and first line: never the SQL's values (hidden anyway) or the request."""
    original = getattr(error, "orig", None) or error
    code = (getattr(original, "sqlite_errorname", None) or getattr(original, "sqlstate", None)
            or getattr(original, "pgcode", None))
    first_line = (str(original).strip().splitlines() or [""])[0][:200]
    name = f"{type(original).__module__}.{type(original).__qualname__}"
    return f"{name}{f' [{code}]' if code else ''}: {first_line}"


def _rollback() -> None:
    """Leave the session clean for the next request; on a dead connection even this can fail."""
    with contextlib.suppress(Exception):  # the request is already failing; its page matters more
        db.session.rollback()


def _way_back() -> str | None:
    """For a form that was sent: the address of the page it came from, built from the route
    (never the raw path), when that page can be fetched."""
    rule = request.url_rule
    if request.method != "POST" or rule is None or "GET" not in (rule.methods or ()) or not request.endpoint:
        return None
    try:
        return url_for(request.endpoint, **(request.view_args or {}))
    except Exception:
        return None


def render_error(status: int):
    title, paragraphs = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
    if status == 429 and request.endpoint == SIGN_IN_ENDPOINT:
        title, paragraphs = SIGN_IN_LIMIT
    return render_template("errors/error.html", title=gettext(title),
                           paragraphs=[gettext(paragraph) for paragraph in paragraphs]), status


def render_database_fault(fault: str):
    """The 503 page for a database that cannot be reached or cannot save: a person who sent
    a form is told plainly that their answers were not sent, and how to get back to them."""
    back = _way_back()
    if request.method == "POST":
        paragraphs = [gettext("Your answers were not sent."),
                      gettext("Please try again in a few minutes. Your browser's back button should take you "
                              "back to your answers, so you can send them again.")]
    else:
        paragraphs = [gettext("Please try again in a few minutes.")]
    html = render_template("errors/error.html", title=gettext(DATABASE_PAGES[fault]), paragraphs=paragraphs,
                           back_url=back)
    return html, 503, {"Retry-After": str(RETRY_AFTER[fault])}


def log_refused_staff_access(app: Flask, status: int) -> None:
    """A refused staff page is logged (OWASP ASVS 7.2.2): which account, which page. Staff are
    not anonymous, so their account id may be logged; a member of the public never is."""
    if status != 403 or not (request.endpoint or "").startswith("staff."):
        return
    from flask_login import current_user

    if current_user.is_authenticated:
        app.logger.warning("Access refused: staff account %s (%s) to %s", current_user.id, current_user.role,
                           request.endpoint)


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        log_refused_staff_access(app, error.code or 500)
        return render_error(error.code or 500)

    @app.errorhandler(sa_exc.SQLAlchemyError)
    def database_error(error: sa_exc.SQLAlchemyError):
        fault = database_fault(error)
        if fault is None:
            return unexpected_error(error)
        _rollback()
        # One line, no stack: the driver's words and where, never the request's data.
        app.logger.error("Database %s (%s %s): %s", fault, request.method, request.endpoint, _describe(error))
        return render_database_fault(fault)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        _rollback()
        app.logger.exception("Unhandled error")  # the message and stack, never the request's data
        return render_error(500)
