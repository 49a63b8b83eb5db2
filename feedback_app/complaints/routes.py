"""Staff pages of the complaints register: the list (with due and overdue views), a record, add and change.

Void, notes and the list's downloads are in ``case_routes``.

Registered on the staff blueprint, so ``feedback_app/staff/access.py`` decides who
sees each one. Contact details are shown only to the complaints officer and admin.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from feedback_app.complaints import casework, listing, service
from feedback_app.complaints.forms import KIND_NAMES, MADE_BY_NAMES, SECTIONS, STATUS_NAMES, RepresentationForm
from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from feedback_app.paging import SlicedPage, requested_page
from feedback_app.privacy import today
from feedback_app.staff import audit, bp
from feedback_app.staff.access import ADMIN, COMPLAINTS_OFFICER
from feedback_app.staff.models import StaffUser

PAGE_SIZE = 25
ATTEMPTS = 3  # at making a new reference, when another officer takes the same one first
STALE_MESSAGE = ("Someone else changed this complaint while you were editing it. Your changes have not been "
                 "saved. Check the complaint again and make your changes once more.")
SEES_CONTACT_DETAILS = frozenset({ADMIN, COMPLAINTS_OFFICER})


def officers(rep: Representation | None = None) -> list[tuple[int, str]]:
    """Who can be a case's investigating officer: active accounts that may change the register,
    and the case's own officer even if their account has since been closed (so its page still saves)."""
    found = db.session.execute(select(StaffUser.id, StaffUser.email).where(
        StaffUser.active.is_(True), StaffUser.role.in_(SEES_CONTACT_DETAILS)).order_by(StaffUser.email)).all()
    if rep is not None and rep.owner is not None and rep.owner_id not in {user_id for user_id, _ in found}:
        found.append((rep.owner_id, rep.owner.email))
    return found


def _form(rep: Representation | None = None, **kwargs) -> RepresentationForm:
    return RepresentationForm(service.configured("service_areas"), service.configured("complaint_categories"),
                              service.configured("contact_methods"), officers=officers(rep), **kwargs)


def _sees_contact_details() -> bool:
    return current_user.role in SEES_CONTACT_DETAILS


@bp.get("/complaints")
def complaints():
    page = requested_page()
    filters = listing.read_filters(request.args)
    statement = listing.query(filters, me=current_user.id)
    on = today()
    if listing.in_python(filters):
        found = listing.select_in_python(list(db.session.scalars(statement)), filters, on)
        results = SlicedPage.of(found, page, PAGE_SIZE)
    else:
        results = db.paginate(statement, page=page, per_page=PAGE_SIZE, error_out=False)
    return render_template("staff/complaints/list.html", results=results, filters=filters, views=listing.VIEWS,
                           sorts=listing.SORTS, owners=listing.OWNERS, statuses=STATUS_NAMES, kinds=KIND_NAMES,
                           services=service.configured("service_areas"), current_stage=service.current_stage,
                           today=on, can_change=current_user.role in SEES_CONTACT_DETAILS), (
        400 if filters.errors else 200)


@bp.get("/complaints/<rep_id>")
def complaint(rep_id: str):
    rep = db.session.get(Representation, rep_id) or abort(404)
    return render_template("staff/complaints/record.html", rep=rep, stages=service.stages(rep),
                           current=service.current_stage(rep), today=today(), kinds=KIND_NAMES,
                           statuses=STATUS_NAMES, made_by=MADE_BY_NAMES,
                           acknowledgement=service.acknowledgement(rep),
                           contact_details=service.contact_details_of(rep) if _sees_contact_details() else None,
                           submission=service.submission_of(rep) if _sees_contact_details() else [],
                           can_change=current_user.role in SEES_CONTACT_DETAILS, note_error=None)


@bp.route("/complaints/new", methods=["GET", "POST"])
def new_complaint():
    form = _form()
    if request.method == "GET":
        form.status.data = "open"
        form.received_on.data = today()
    elif form.validate_on_submit():
        for _attempt in range(ATTEMPTS):
            values = form.values()
            rep = Representation(reference=casework.next_reference(values["kind"], values["received_on"]), **values)
            db.session.add(rep)
            audit.record("complaint added", rep.reference)
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()  # another officer took that reference a moment ago: take the next
            else:
                flash(f"{rep.reference} added to the register.")
                return redirect(url_for("staff.complaint", rep_id=rep.id))
        abort(503)
    return render_template("staff/complaints/form.html", form=form, rep=None, stale=False,
                           stale_message=STALE_MESSAGE, section="received", sections=SECTIONS), (
        400 if form.errors else 200)


@bp.route("/complaints/<rep_id>/edit", methods=["GET", "POST"])
def edit_complaint(rep_id: str):
    """A task list linking to a page per stage (``?section=``); each page saves the whole case.

    A section's page carries the other sections' saved values as hidden fields, so the
    rules across fields (a closed complaint needs its stage 1 response) are checked on
    every save; a field of another section with an error is shown on the page to fix.
    """
    rep = db.session.get(Representation, rep_id) or abort(404)
    section = request.args.get("section", "")
    section = section if section in SECTIONS else ""
    form = _form(rep)
    stale = False
    if request.method == "GET":
        form.fill_from(rep)
        if not section:
            return render_template("staff/complaints/tasks.html", rep=rep, sections=SECTIONS,
                                   progress=_progress(rep), kinds=KIND_NAMES,
                                   submission=service.submission_of(rep))
    elif form.validate_on_submit():
        if form.version.data != str(rep.version):
            stale = True
        else:
            changed = casework.apply_changes(rep, form.values(), current_user.email)
            audit.record("complaint changed", f"{rep.reference}: {', '.join(changed) or 'nothing'}")
            try:
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                stale = True
            else:
                flash(f"{rep.reference} saved.")
                if section:
                    return redirect(url_for("staff.edit_complaint", rep_id=rep.id))
                return redirect(url_for("staff.complaint", rep_id=rep.id))
    if stale:
        # Show what is saved now, not the stale values: the officer checks it and makes the change again.
        db.session.rollback()
        rep = db.session.get(Representation, rep_id) or abort(404)
        form = _form(rep, formdata=None)
        form.fill_from(rep)
    return render_template("staff/complaints/form.html", form=form, rep=rep, stale=stale,
                           stale_message=STALE_MESSAGE, section=section, sections=SECTIONS), (
        409 if stale else 400 if form.errors else 200)


def _progress(rep: Representation) -> dict[str, str]:
    """What the task list says of each section."""
    def day(value) -> str:
        return value.strftime("%-d %b %Y")

    if rep.kind != "complaint":
        stages = {name: "Complaints only" for name in ("stage1", "stage2", "stage3")}
    else:
        stages = {
            "stage1": f"Response sent {day(rep.stage1_responded_on)}" if rep.stage1_responded_on else "Waiting",
            "stage2": (f"Response sent {day(rep.stage2_responded_on)}" if rep.stage2_responded_on else
                       f"Started {day(rep.stage2_started_on)}" if rep.stage2_started_on else "Not started"),
            "stage3": (f"Response sent {day(rep.stage3_responded_on)}" if rep.stage3_responded_on else
                       f"Requested {day(rep.stage3_requested_on)}" if rep.stage3_requested_on else "Not requested"),
        }
    outcome = STATUS_NAMES[rep.status] + (f": {rep.outcome}" if rep.outcome else "")
    return {"received": f"Received {day(rep.received_on)}", **stages, "outcome": outcome}
