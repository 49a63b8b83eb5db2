"""Staff pages for casework beyond the form: void a case, add a note, download the list.

On the staff blueprint, so ``feedback_app/staff/access.py`` decides who may use each.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from feedback_app.complaints import casework, listing, service
from feedback_app.complaints.forms import KIND_NAMES, MADE_BY_NAMES, STATUS_NAMES, NoteForm, VoidForm
from feedback_app.complaints.models import Representation
from feedback_app.complaints.routes import SEES_CONTACT_DETAILS
from feedback_app.extensions import db
from feedback_app.privacy import today
from feedback_app.staff import audit, bp

DOWNLOADS = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.route("/complaints/<rep_id>/void", methods=["GET", "POST"])
def void_complaint(rep_id: str):
    rep = db.session.get(Representation, rep_id) or abort(404)
    if rep.is_void:
        flash(f"{rep.reference} is already void.")
        return redirect(url_for("staff.complaint", rep_id=rep.id))
    form = VoidForm()
    if form.validate_on_submit():
        casework.void(rep, form.reason.data, current_user.email)
        try:
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            flash(f"Someone else changed {rep.reference} at the same moment: check it and void it again.")
            return redirect(url_for("staff.complaint", rep_id=rep_id))
        flash(f"{rep.reference} is void: it is kept, and left out of every figure.")
        return redirect(url_for("staff.complaint", rep_id=rep.id))
    return render_template("staff/complaints/void.html", rep=rep, form=form, kinds=KIND_NAMES), (
        400 if form.errors else 200)


@bp.post("/complaints/<rep_id>/notes")
def add_complaint_note(rep_id: str):
    rep = db.session.get(Representation, rep_id) or abort(404)
    form = NoteForm()
    if form.validate_on_submit():
        casework.add_note(rep, form.text.data.strip(), current_user.email)
        db.session.commit()
        flash("Note added.")
        return redirect(url_for("staff.complaint", rep_id=rep.id, _anchor="notes"))
    error = form.text.errors[0] if form.text.errors else "The form had expired: add the note again"
    return render_template("staff/complaints/record.html", rep=rep, stages=service.stages(rep),
                           current=service.current_stage(rep), today=today(), kinds=KIND_NAMES,
                           statuses=STATUS_NAMES, made_by=MADE_BY_NAMES,
                           acknowledgement=service.acknowledgement(rep),
                           contact_details=service.contact_details_of(rep),
                           submission=service.submission_of(rep), can_change=True,
                           note_error=error, note_form=form), 400


@bp.get("/complaints/export.csv", defaults={"fmt": "csv"})
@bp.get("/complaints/export.xlsx", defaults={"fmt": "xlsx"})
def export_complaints(fmt: str):
    """Every case the list's choices select (all its pages), in its order."""
    filters = listing.read_filters(request.args)
    if filters.errors:
        abort(400)
    found = list(db.session.scalars(listing.query(filters, me=current_user.id)))
    if listing.in_python(filters):
        found = listing.select_in_python(found, filters, today())
    with_contact = current_user.role in SEES_CONTACT_DETAILS
    columns = listing.LIST_EXPORT_COLUMNS + (("contact_details",) if with_contact else ())
    rows = [listing.list_row(rep, with_contact) for rep in found]
    audit.record("complaints register downloaded", f"{len(rows)} cases as {fmt}"
                                                   f"{', with contact details' if with_contact else ''}")
    db.session.commit()
    body = (listing.xlsx_bytes(columns, rows) if fmt == "xlsx" else
            listing.csv_text(columns, rows, for_spreadsheets=True).encode("utf-8-sig"))
    return Response(body, mimetype=DOWNLOADS[fmt], headers={
        "Content-Disposition": f"attachment; filename=complaints-register-{today().isoformat()}.{fmt}"})
