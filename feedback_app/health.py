import contextlib

from flask import Blueprint
from sqlalchemy import text

from feedback_app.extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not ready", never a traceback
        with contextlib.suppress(Exception):  # on a connection that is gone, even this can fail
            db.session.rollback()
        # Retry-After as on the kind 503 pages; a load balancer stops sending traffic meanwhile.
        return "database unavailable", 503, {"Content-Type": "text/plain; charset=utf-8", "Retry-After": "30"}
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
