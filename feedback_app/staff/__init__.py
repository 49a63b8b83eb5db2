"""Staff pages under /staff/: sign-in, roles from one table, the audit log."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask, abort, current_app, redirect, request, session, url_for
from flask_login import LoginManager, current_user

from feedback_app.extensions import db
from feedback_app.staff.access import allowed

bp = Blueprint("staff", __name__, url_prefix="/staff")
login_manager = LoginManager()
#: Staff are signed out after this long without a request (the session cookie's signed age is checked).
INACTIVITY_LIMIT = timedelta(minutes=30)


@login_manager.user_loader
def load_user(user_id: str):
    from feedback_app.staff.models import StaffUser

    try:
        number, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(StaffUser, number)
    return user if user is not None and user.active and user.session_version == version else None


@bp.before_request
def require_role():
    if request.endpoint == "staff.login":
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("staff.login", next=request.full_path if request.method == "GET" else None))
    from feedback_app.concerns.service import is_safeguarding_lead

    lead = is_safeguarding_lead(current_user.email, current_app.config["DEPLOYMENT"])
    if not allowed(request.endpoint, current_user.role, safeguarding_lead=lead):
        abort(403)
    session.permanent = True  # each request restarts the inactivity clock
    return None


def init_app(app: Flask) -> None:
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", INACTIVITY_LIMIT)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "staff.login"
    from feedback_app.concerns import routes as concern_routes  # noqa: F401  (safeguarding review pages)
    from feedback_app.reports import routes as report_routes  # noqa: F401  (report pages)
    from feedback_app.staff import cli, routes  # noqa: F401  (routes register on bp)

    app.register_blueprint(bp)
    cli.init_app(app)
