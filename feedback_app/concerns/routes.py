"""The designated reviewer's pages: flagged responses, newest first, and recording what was done."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from feedback_app.concerns.models import NEW, SafeguardingFlag
from feedback_app.concerns.service import record_review
from feedback_app.extensions import db
from feedback_app.models import Answer, Response
from feedback_app.paging import requested_page
from feedback_app.reading.service import RAISED_BY_READER
from feedback_app.safeguarding import CATEGORIES
from feedback_app.staff import bp
from forms.model import TEXT

PAGE_SIZE = 25
#: The detector's categories, and the one a reader gives an answer raised from the reading queue.
_CATEGORY_NAMES = {**CATEGORIES, RAISED_BY_READER: "Raised by a reader"}


class ReviewForm(FlaskForm):
    action_taken = TextAreaField("What was done", validators=[
        InputRequired("Say what was done, for example 'Referred to MASH' or 'No action: not a disclosure'"),
        Length(max=2000, message="What was done must be 2,000 characters or fewer")])


@bp.get("/safeguarding")
def concerns():
    status = request.args.get("status", NEW)
    query = (select(SafeguardingFlag).join(Response).where(SafeguardingFlag.status == status)
             .order_by(Response.submitted_on.desc(), SafeguardingFlag.id))
    flags = db.paginate(query, page=requested_page(), per_page=PAGE_SIZE,
                        error_out=False)
    return render_template("staff/concerns/list.html", flags=flags, status=status, categories=_CATEGORY_NAMES)


@bp.route("/safeguarding/<flag_id>", methods=["GET", "POST"])
def concern(flag_id: str):
    flag = db.session.get(SafeguardingFlag, flag_id) or abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        record_review(flag, form.action_taken.data.strip(), current_user)
        flash("Review recorded.")
        return redirect(url_for("staff.concerns"))
    questionnaire = current_app.extensions["questionnaires"][flag.response.questionnaire]
    text_questions = {q.id: q.text for q in questionnaire.questions if q.type == TEXT}
    answers = db.session.scalars(select(Answer).where(Answer.response_id == flag.response_id,
                                                      Answer.question_id.in_(text_questions))).all()
    texts = [(text_questions[answer.question_id], answer.value) for answer in answers]
    return render_template("staff/concerns/review.html", flag=flag, form=form, categories=CATEGORIES,
                           questionnaire=questionnaire, texts=texts)
