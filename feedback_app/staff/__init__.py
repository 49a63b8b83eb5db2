"""Staff pages under /staff/: sign-in, roles from one table, the audit log.

The blueprint's pages are in several packages' ``routes`` modules, all listed in
``feedback_app/routes.py``; ``init_app`` sets up sign-in and sessions only."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Flask, abort, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user, login_user
from itsdangerous import URLSafeTimedSerializer

from feedback_app.security import refuse_nul_in_the_address
from feedback_app.staff import sessions, throttle
from feedback_app.staff.access import PUBLIC, SECOND_STEP, allowed

bp = Blueprint("staff", __name__, url_prefix="/staff")
#: Keys of Flask's session cookie: the server-side session's token, and when it ends at the latest.
TOKEN_KEY = "staff_session"  # noqa: S105  (the name of a cookie key, not a secret)
ENDS_KEY = "staff_session_ends"


class StaffLoginManager(LoginManager):
    """Flask-Login for the staff pages only. Its "strong" session protection would otherwise run on
    every public page (its template context loads the user) and, finding a public session (a CSRF
    token, a language) without a staff sign-in, rewrite it and send a cookie clearing
    ``remember_token`` with every page: cookies on public pages must be only the one strictly
    necessary (ASVS map, decision 0011)."""

    def _session_protection_failed(self) -> bool:
        if TOKEN_KEY not in session:
            return False  # no staff session in this cookie: nothing to protect
        return super()._session_protection_failed()


login_manager = StaffLoginManager()


@login_manager.user_loader
def load_user(user_id: str):
    user_id = str(user_id)
    if not user_id.isascii() or not user_id.isdecimal():  # e.g. a cookie from before server-side sessions
        return None
    return sessions.user_for(session.get(TOKEN_KEY), int(user_id))


def sign_in_browser(token: str, ends_at: datetime) -> None:
    """Put a new server-side session's token in this browser's cookie."""
    session[TOKEN_KEY] = token
    session[ENDS_KEY] = int(ends_at.timestamp())
    session.permanent = True  # expires PERMANENT_SESSION_LIFETIME after the last request, see below


def complete_sign_in(user) -> None:
    """A new server-side session for ``user`` in this browser, replacing any it had (no fixation),
    and no half-finished sign-in left over."""
    sessions.end(session.get(TOKEN_KEY))  # signing in again, perhaps as someone else: the old one ends
    session.clear()
    token = sessions.start(user)
    login_user(user)
    sign_in_browser(token, sessions.ends_at(token))


def finish_sign_in(user, how: str = "") -> None:
    """The person is now signed in: a new server-side session (and cookie) for them, recorded.
    Called after the password, or after the second step when two-factor sign-in is on."""
    from feedback_app.staff import audit

    complete_sign_in(user)
    audit.record("signed in", how, actor=user)
    from feedback_app.extensions import db

    db.session.commit()


@bp.before_request
def require_role():
    if request.endpoint in PUBLIC or request.endpoint in SECOND_STEP:
        # The second step checks for itself that the password step has just succeeded.
        return None
    if not current_user.is_authenticated:
        if session.pop(TOKEN_KEY, None):  # a session that has ended (idle, 12 hours, or ended elsewhere)
            session.pop(ENDS_KEY, None)
            flash("You have been signed out. Sign in again to carry on.")
        return redirect(url_for("staff.login", next=request.full_path if request.method == "GET" else None))
    from feedback_app.concerns.service import is_safeguarding_lead

    lead = is_safeguarding_lead(current_user.email, current_app.config["DEPLOYMENT"])
    if not allowed(request.endpoint, current_user.role, safeguarding_lead=lead):
        abort(403)
    refuse_nul_in_the_address()
    return None


def may_open(endpoint: str) -> bool:
    """Whether the signed-in member of staff may open ``endpoint``: pages link only to what
    their reader may open (a link that answers 403 is a dead end)."""
    from feedback_app.concerns.service import is_safeguarding_lead

    if not current_user.is_authenticated:
        return False
    lead = is_safeguarding_lead(current_user.email, current_app.config["DEPLOYMENT"])
    return allowed(endpoint, current_user.role, safeguarding_lead=lead)


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, whose expiry for a signed-in member of staff is also capped at the
    end of their session (12 hours after signing in). The public pages never set ``permanent``,
    so their cookie still ends when the browser closes."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, made once for each set of keys. Flask makes a new one twice a request (to open
        the cookie and to save it), and each time itsdangerous dumps ``{}`` to learn whether the serializer
        gives text: about 5 % of the work of showing a blank questionnaire (bench/README.md)."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

    def get_expiration_time(self, app: Flask, session) -> datetime | None:
        expires = super().get_expiration_time(app, session)
        ends = session.get(ENDS_KEY)
        if expires is not None and isinstance(ends, int):
            expires = min(expires, datetime.fromtimestamp(ends, UTC))
        return expires


def init_app(app: Flask) -> None:
    # Flask already defines PERMANENT_SESSION_LIFETIME (31 days), so setdefault would do nothing:
    # a staff cookie lives 30 minutes from the last request (each response sends it again).
    app.config["PERMANENT_SESSION_LIFETIME"] = sessions.IDLE_LIMIT
    app.session_interface = SessionCookie()
    throttle.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "staff.login"
    app.jinja_env.globals["may_open"] = may_open
    from feedback_app.staff import sso

    sso.init_app(app)  # single sign-on, when OIDC_ISSUER is set; STAFF_LOCAL_PASSWORDS
