"""The second step of signing in: setting up two-factor sign-in, and typing a code.

After the right password (with two-factor on), the browser is *not* signed in: its session
cookie holds only who passed the password step, when, and a fingerprint of their password
hash. No server-side staff session exists yet, so every other staff page still sends it to
sign in. The state lasts ``PENDING_LIMIT`` and ends if the password changes meanwhile.
Wrong codes count towards the same sign-in slow-down as wrong passwords (throttle.py).
"""

from __future__ import annotations

import hashlib
import time

from flask import current_app, flash, redirect, render_template, session, url_for

from feedback_app.extensions import db, limiter
from feedback_app.staff import audit, bp, finish_sign_in, throttle
from feedback_app.staff import two_factor as totp
from feedback_app.staff.forms import CodeForm
from feedback_app.staff.models import StaffUser
from feedback_app.staff.throttle import PAIR_BLOCK, PAIR_FAILURES

PENDING_KEY = "staff_second_step"
#: How long after the password step the code may be typed.
PENDING_LIMIT = 10 * 60

ENTER_CODE = "Enter the 6-digit code from your authenticator app"
ENTER_CODE_OR_RECOVERY = "Enter the 6-digit code from your authenticator app, or a recovery code"
CODE_FORMAT = "The code must be 6 digits"
CODE_OR_RECOVERY_FORMAT = "Enter 6 digits, or a recovery code of 12 letters and numbers"
WRONG_CODE = "The code is not right. Enter the code your authenticator app shows now"


def _login_limit() -> str:
    return current_app.config.get("RATELIMIT_LOGIN", "10 per minute")


def _fingerprint(user: StaffUser) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def begin(user: StaffUser, next_path: str) -> None:
    """The password was right: remember that (and nothing more) until the code is typed."""
    from feedback_app.staff import TOKEN_KEY, sessions

    sessions.end(session.get(TOKEN_KEY))  # whoever was signed in here before is no longer
    db.session.commit()
    session.clear()
    session[PENDING_KEY] = {"user": user.id, "since": int(time.time()), "password": _fingerprint(user),
                            "next": next_path}


def _pending() -> tuple[StaffUser | None, str]:
    state = session.get(PENDING_KEY)
    if not isinstance(state, dict) or not isinstance(state.get("user"), int):
        return None, ""
    user = db.session.get(StaffUser, state["user"])
    fresh = isinstance(state.get("since"), int) and 0 <= time.time() - state["since"] <= PENDING_LIMIT
    if user is None or not user.active or not fresh or state.get("password") != _fingerprint(user):
        session.pop(PENDING_KEY, None)
        flash("Sign in again to carry on.")
        return None, ""
    return user, str(state.get("next") or url_for("staff.home"))


def _wrong(user: StaffUser, during: str) -> None:
    """A wrong code: counted like a wrong password, and recorded."""
    slowed = throttle.failed(user.email)
    audit.record("two-factor code wrong", during, actor=user)
    if slowed:
        why = (f"{PAIR_FAILURES} wrong passwords or codes from one address" if slowed == throttle.ADDRESS
               else f"{throttle.ACCOUNT_FAILURES} wrong passwords or codes in an hour")
        audit.record("sign-in slowed down", f"{user.email}: {why}", actor=user)
    db.session.commit()


def _page_values() -> dict:
    return {"tries": PAIR_FAILURES, "wait_minutes": int(PAIR_BLOCK.total_seconds() // 60)}


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def two_factor():
    user, next_path = _pending()
    if user is None:
        return redirect(url_for("staff.login"))
    if not user.two_factor_on:
        return redirect(url_for("staff.two_factor_setup"))
    form = CodeForm()
    if form.validate_on_submit():
        code = (form.code.data or "").strip()
        normal = code.replace(" ", "").replace("-", "")
        if not code:
            form.code.errors = [ENTER_CODE_OR_RECOVERY]
        elif not ((len(normal) == 6 and normal.isascii() and normal.isdigit())
                  or len(normal) == totp.RECOVERY_LENGTH):
            form.code.errors = [CODE_OR_RECOVERY_FORMAT]
        elif throttle.refused(user.email) or (how := totp.check(user, code)) is None:
            _wrong(user, "signing in")
            form.code.errors = [WRONG_CODE]
        else:
            throttle.succeeded(user.email)
            finish_sign_in(user, "with a recovery code" if how == "recovery" else "with a two-factor code")
            if how == "recovery":
                flash(f"You used a recovery code. You have {totp.recovery_codes_left(user)} left. "
                      "If you have lost your authenticator app, ask an administrator to reset your two-factor "
                      "sign-in.")
            return redirect(next_path)
    return render_template("staff/two_factor.html", form=form, **_page_values())


@bp.route("/two-factor/set-up", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def two_factor_setup():
    user, next_path = _pending()
    if user is None:
        return redirect(url_for("staff.login"))
    if user.two_factor_on:
        return redirect(url_for("staff.two_factor"))
    secret = totp.key_being_set_up(user)
    form = CodeForm()
    if form.validate_on_submit():
        code = (form.code.data or "").replace(" ", "")
        if not code:
            form.code.errors = [ENTER_CODE]
        elif not (len(code) == 6 and code.isascii() and code.isdigit()):
            form.code.errors = [CODE_FORMAT]
        elif throttle.refused(user.email) or (codes := totp.confirm(user, code)) is None:
            _wrong(user, "setting up")
            form.code.errors = [WRONG_CODE]
        else:
            throttle.succeeded(user.email)
            finish_sign_in(user, "after setting up two-factor sign-in")
            # Shown this once: only their hashes are kept.
            return render_template("staff/recovery_codes.html", codes=codes, next_path=next_path)
    return render_template("staff/two_factor_setup.html", form=form, key=totp.grouped(secret),
                           qr=totp.qr_data_uri(totp.setup_uri(user, secret)), **_page_values())
