"""The reading queue's pages: every child's free-text answer, likely concerns first (the rules', then the
second tier's), then the oldest."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from feedback_app.concerns.routes import ReviewForm
from feedback_app.extensions import db
from feedback_app.paging import requested_page
from feedback_app.privacy import today
from feedback_app.reading import service
from feedback_app.reading.models import ReadingEntry
from feedback_app.staff import bp

PAGE_SIZE = 20


class MarkReadForm(FlaskForm):
    """Only the CSRF token: the entry is in the address."""


class RaiseForm(ReviewForm):
    action_taken = TextAreaField("What was done", validators=[
        DataRequired("Say what was done, for example 'Referred to MASH' or 'Talked to the child's social worker'"),
        Length(max=2000, message="What was done must be 2,000 characters or fewer")])


def _unread(entry_id: str) -> ReadingEntry:
    entry = db.session.get(ReadingEntry, entry_id)
    if entry is None or entry.read_on is not None:
        abort(404)
    return entry


@bp.get("/reading")
def reading():
    on = today()
    deployment = current_app.config["DEPLOYMENT"]
    page = service.QueuePage.of(service.unread_in_order(), requested_page(), PAGE_SIZE)
    shown = service.queue_page(page.entries(), current_app.extensions["questionnaires"], on, deployment)
    return render_template("staff/reading/list.html", page=page, shown=shown, form=MarkReadForm(),
                           unread=service.unread(on, deployment),
                           days=service.deadline_working_days(deployment))


@bp.post("/reading/<entry_id>/read")
def mark_read(entry_id: str):
    entry = _unread(entry_id)
    if not MarkReadForm().validate_on_submit():
        abort(400)
    service.mark_read(entry, current_user, today())
    flash("Marked as read.")
    return redirect(url_for("staff.reading"))


@bp.route("/reading/<entry_id>/concern", methods=["GET", "POST"])
def raise_from_reading(entry_id: str):
    entry = _unread(entry_id)
    form = RaiseForm()
    if form.validate_on_submit():
        service.raise_concern(entry, form.action_taken.data.strip(), current_user, today())
        flash("Raised as a safeguarding concern, with what was done.")
        return redirect(url_for("staff.reading"))
    shown = service.queue_page([entry], current_app.extensions["questionnaires"], today(),
                               current_app.config["DEPLOYMENT"])[0]
    return render_template("staff/reading/raise.html", form=form, item=shown)


