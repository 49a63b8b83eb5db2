"""Staff pages of the complaints register: the list (with due and overdue views), a record, add and change.

Registered on the staff blueprint, so ``feedback_app/staff/access.py`` decides who
sees each one. Contact details are shown only to the complaints officer and admin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from feedback_app.complaints import service
from feedback_app.complaints.forms import KIND_NAMES, MADE_BY_NAMES, STATUS_NAMES, RepresentationForm
from feedback_app.complaints.models import KINDS, STATUSES, Representation
from feedback_app.extensions import db
from feedback_app.paging import requested_page
from feedback_app.privacy import today
from feedback_app.staff import audit, bp
from feedback_app.staff.access import ADMIN, COMPLAINTS_OFFICER

PAGE_SIZE = 25
VIEWS = {"due": "Due this week", "overdue": "Overdue"}
STALE_MESSAGE = ("Someone else changed this complaint while you were editing it. Your changes have not been "
                 "saved. Check the complaint again and make your changes once more.")
SEES_CONTACT_DETAILS = frozenset({ADMIN, COMPLAINTS_OFFICER})


@dataclass
class Page:
    """A page of a list worked out in Python (the due and overdue views), shaped like Flask-SQLAlchemy's."""

    items: list
    page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / PAGE_SIZE), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _form(**kwargs) -> RepresentationForm:
    return RepresentationForm(service.configured("service_areas"), service.configured("complaint_categories"),
                              service.configured("contact_methods"), **kwargs)


def _sees_contact_details() -> bool:
    return current_user.role in SEES_CONTACT_DETAILS


@bp.get("/complaints")
def complaints():
    page = requested_page()
    filters = {name: request.args.get(name, "") for name in ("status", "kind", "service", "view")}
    query = select(Representation).order_by(Representation.received_on.desc(), Representation.reference)
    if filters["status"] in STATUSES:
        query = query.where(Representation.status == filters["status"])
    if filters["kind"] in KINDS:
        query = query.where(Representation.kind == filters["kind"])
    if filters["service"] == "none":
        query = query.where(Representation.service_area.is_(None))
    elif filters["service"]:
        query = query.where(Representation.service_area == filters["service"])
    on = today()
    if filters["view"] in VIEWS:
        test = service.due_this_week if filters["view"] == "due" else service.overdue
        query = query.where(Representation.kind == "complaint", Representation.status != "closed")
        found = [rep for rep in db.session.scalars(query) if test(rep, on)]
        found.sort(key=lambda rep: service.current_stage(rep).due)
        results = Page(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], page, len(found))
    else:
        results = db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)
    return render_template("staff/complaints/list.html", results=results, filters=filters, views=VIEWS,
                           statuses=STATUS_NAMES, kinds=KIND_NAMES, services=service.configured("service_areas"),
                           current_stage=service.current_stage, today=on,
                           can_change=current_user.role in SEES_CONTACT_DETAILS)


@bp.get("/complaints/<rep_id>")
def complaint(rep_id: str):
    rep = db.session.get(Representation, rep_id) or abort(404)
    return render_template("staff/complaints/record.html", rep=rep, stages=service.stages(rep),
                           current=service.current_stage(rep), today=today(), kinds=KIND_NAMES,
                           statuses=STATUS_NAMES, made_by=MADE_BY_NAMES,
                           contact_details=service.contact_details_of(rep) if _sees_contact_details() else None,
                           submission=service.submission_of(rep) if _sees_contact_details() else [],
                           can_change=current_user.role in SEES_CONTACT_DETAILS)


@bp.route("/complaints/new", methods=["GET", "POST"])
def new_complaint():
    form = _form()
    if request.method == "GET":
        form.status.data = "open"
        form.received_on.data = today()
    elif form.validate_on_submit() & form.dates_after_receipt():
        rep = Representation(**form.values())
        db.session.add(rep)
        audit.record("complaint added", rep.reference)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.reference.errors = ["That reference is already in the register: enter another"]
        else:
            flash(f"{rep.reference} added to the register.")
            return redirect(url_for("staff.complaint", rep_id=rep.id))
    return render_template("staff/complaints/form.html", form=form, rep=None, stale=False,
                           stale_message=STALE_MESSAGE), (
        400 if form.errors else 200)


@bp.route("/complaints/<rep_id>/edit", methods=["GET", "POST"])
def edit_complaint(rep_id: str):
    rep = db.session.get(Representation, rep_id) or abort(404)
    form = _form()
    stale = False
    if request.method == "GET":
        form.fill_from(rep)
    elif form.validate_on_submit() & form.dates_after_receipt():
        if form.version.data != str(rep.version):
            stale = True
        else:
            values = form.values()
            changed = sorted(name for name, value in values.items() if getattr(rep, name) != value)
            for name, value in values.items():
                setattr(rep, name, value)
            audit.record("complaint changed", f"{rep.reference}: {', '.join(changed) or 'nothing'}")
            try:
                db.session.commit()
            except StaleDataError:
                db.session.rollback()
                stale = True
            except IntegrityError:
                db.session.rollback()
                form.reference.errors = ["That reference is already in the register: enter another"]
            else:
                flash(f"{rep.reference} saved.")
                return redirect(url_for("staff.complaint", rep_id=rep.id))
    if stale:
        db.session.rollback()
        rep = db.session.get(Representation, rep_id) or abort(404)
    return render_template("staff/complaints/form.html", form=form, rep=rep, stale=stale,
                           stale_message=STALE_MESSAGE), (
        409 if stale else 400 if form.errors else 200)
