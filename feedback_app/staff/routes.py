"""Staff routes: sign in and out, the home page, accounts, changing a password and the audit log."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from sqlalchemy import select

from feedback_app import privacy
from feedback_app.concerns.service import is_safeguarding_lead
from feedback_app.extensions import db, limiter
from feedback_app.paging import requested_page
from feedback_app.reading import service as reading
from feedback_app.staff import (
    TOKEN_KEY,
    audit,
    bp,
    finish_sign_in,
    may_open,
    needs_doing,
    sessions,
    throttle,
    two_factor,
)
from feedback_app.staff import audit_log as audit_log_filter
from feedback_app.staff import two_factor_routes as second_step
from feedback_app.staff.access import ROLE_NAMES, ROUTE_ROLES, allowed
from feedback_app.staff.accounts import (
    AccountError,
    authenticate,
    change_own_password,
    create_user,
    reset_password,
    unlock,
    update_user,
)
from feedback_app.staff.forms import ChangePasswordForm, EditUserForm, LoginForm, NewUserForm, ResetPasswordForm
from feedback_app.staff.models import AuditEvent, StaffUser
from feedback_app.staff.throttle import PAIR_BLOCK, PAIR_FAILURES

AUDIT_PAGE_SIZE = 50


def _login_limit() -> str:
    return current_app.config.get("RATELIMIT_LOGIN", "10 per minute")


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if target and target.startswith("/staff/") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("staff.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user, error = authenticate(form.email.data, form.password.data)
        if user and two_factor.required():
            # Not signed in yet: only the second step's pages open for this browser (two_factor_routes).
            second_step.begin(user, _safe_next(request.args.get("next")))
            return redirect(url_for("staff.two_factor" if user.two_factor_on else "staff.two_factor_setup"))
        if user:
            finish_sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("staff/login.html", form=form, error=error, tries=PAIR_FAILURES,
                           wait_minutes=int(PAIR_BLOCK.total_seconds() // 60)), 200


@bp.post("/logout")
def logout():
    audit.record("signed out")
    sessions.end(session.get(TOKEN_KEY))  # the row goes: this cookie, and any copy of it, stops working
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("staff.login"))


@bp.get("/")
def home():
    lead = is_safeguarding_lead(current_user.email, current_app.config["DEPLOYMENT"])
    pages = [endpoint for endpoint in ROUTE_ROLES if allowed(endpoint, current_user.role, safeguarding_lead=lead)]
    on = privacy.today()
    concerns = needs_doing.concerns_waiting(on) if may_open("staff.concerns") else None
    cases = needs_doing.cases_to_act_on(on, current_user.id) if may_open("staff.complaints") else None
    # Only for those who read the queue: anyone else seeing it move would see someone answer (decision 0024).
    unread = (reading.unread(on, current_app.config["DEPLOYMENT"]) if may_open("staff.reading") else None)
    if unread is not None and current_app.config["SECOND_TIER_WARM_UP"]:
        reading.warm_up_second_tier()  # their next page is likely the queue, which needs the tier trained
    return render_template("staff/home.html", pages=pages, role_name=ROLE_NAMES[current_user.role],
                           concerns=concerns, cases=cases, unread=unread)


@bp.get("/users")
def users():
    people = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    slowed = {person.id for person in people if throttle.slowed_down(person.email)}
    return render_template("staff/users.html", people=people, role_names=ROLE_NAMES, slowed=slowed)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            create_user(form.email.data, form.role.data, form.password.data, actor=current_user)
        except AccountError as error:
            _field_error(form, str(error))
        else:
            flash(f"Account created for {form.email.data.strip().lower()}.")
            return redirect(url_for("staff.users"))
    return render_template("staff/new_user.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    person = db.session.get(StaffUser, user_id) or abort(404)
    form = EditUserForm(obj=person) if request.method == "GET" else EditUserForm()
    reset = ResetPasswordForm(prefix="reset")
    if request.form.get("action") == "reset" and reset.validate_on_submit():
        try:
            reset_password(person, reset.password.data, actor=current_user)
        except AccountError as error:
            reset.password.errors = [str(error)]
        else:
            flash(f"Password reset for {person.email}. Their open sessions have ended.")
            return redirect(url_for("staff.users"))
    elif request.form.get("action") == "update" and form.validate_on_submit():
        try:
            update_user(person, form.role.data, form.active.data, actor=current_user,
                        safeguarding_lead=form.safeguarding_lead.data)
        except AccountError as error:
            form.role.errors = [str(error)]
        else:
            flash(f"Account updated for {person.email}.")
            return redirect(url_for("staff.users"))
    return render_template("staff/edit_user.html", person=person, form=form, reset=reset,
                           slowed=throttle.slowed_down(person.email))


@bp.post("/users/<int:user_id>/unlock")
def unlock_user(user_id: int):
    person = db.session.get(StaffUser, user_id) or abort(404)  # CSRFProtect has checked the form's token
    unlock(person, actor=current_user)
    flash(f"Sign-in is no longer slowed down for {person.email}.")
    return redirect(url_for("staff.edit_user", user_id=person.id))


@bp.post("/users/<int:user_id>/two-factor/reset")
def reset_two_factor(user_id: int):
    person = db.session.get(StaffUser, user_id) or abort(404)  # CSRFProtect has checked the form's token
    two_factor.reset(person, actor=current_user)
    flash(f"Two-factor sign-in reset for {person.email}. They will set it up again when they next sign in; "
          "their open sessions have ended.")
    return redirect(url_for("staff.edit_user", user_id=person.id))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(current_user, form.current_password.data, form.new_password.data,
                                keep_session=session.get(TOKEN_KEY))
        except AccountError as error:
            message, field = error.args
            (form.current_password if field == "current" else form.new_password).errors = [message]
        else:
            flash("Your password has been changed. You have been signed out everywhere else.")
            return redirect(url_for("staff.home"))
    return render_template("staff/change_password.html", form=form)


@bp.get("/languages")
def languages():
    """The languages: names, direction, how each translation was made and checked, how complete."""
    from feedback_app.i18n import language_status

    return render_template("staff/languages.html", languages=language_status())


@bp.get("/audit")
def audit_log():
    chosen = audit_log_filter.read_filter(request.args)
    # A date that is not understood filters nothing: the page says so beside it.
    events = db.paginate(chosen.query(), page=requested_page(), per_page=AUDIT_PAGE_SIZE, error_out=False)
    return render_template("staff/audit.html", events=events, chosen=chosen,
                           people=audit_log_filter.choices(AuditEvent.actor),
                           actions=audit_log_filter.choices(AuditEvent.action))


@bp.get("/audit.csv")
def audit_log_csv():
    """The filtered log as a file; an export is itself recorded (who took a copy, of what)."""
    chosen = audit_log_filter.read_filter(request.args)
    if chosen.problems:
        abort(400)
    text = audit_log_filter.as_csv(db.session.scalars(chosen.query()))
    audit.record("audit log exported", chosen.describe())
    db.session.commit()
    return Response(text.encode("utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'})


def _field_error(form: NewUserForm, message: str) -> None:
    field = form.password if "assword" in message else form.role if "Role" in message else form.email
    field.errors = [message]
