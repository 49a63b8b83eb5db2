"""Staff pages: invitation batches and their cards, paper forms and typing them in."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from feedback_app.extensions import db
from feedback_app.invitations.cards import cards_pdf
from feedback_app.invitations.codes import INVITATION_QUESTIONNAIRES, MEETING_TYPES, create_batch
from feedback_app.invitations.forms import BatchForm, PaperDateForm
from feedback_app.invitations.models import InvitationBatch
from feedback_app.invitations.paper import paper_pdf
from feedback_app.invitations.response_rates import MIN_CARDS_FOR_A_RATE, response_rates
from feedback_app.privacy import today
from feedback_app.public.forms import find, web_form
from feedback_app.staff import audit, bp
from feedback_app.submissions import Context, submit
from forms.builder import answers_from


def _questionnaires():
    return current_app.extensions["questionnaires"]


def _teams() -> list[str]:
    return [str(team) for team in current_app.config["DEPLOYMENT"].get("teams") or []]


def public_url(endpoint: str, **values) -> str:
    """A page's address as printed on paper: PUBLIC_BASE_URL, never the Host header a request sent."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def _pdf(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.get("/invitations")
def invitations():
    batches = db.session.scalars(select(InvitationBatch).order_by(InvitationBatch.created_on.desc(),
                                                                  InvitationBatch.month.desc())).all()
    # Never a batch's usage (see response_rates.py): only whole, finished quarters by team.
    deployment = current_app.config["DEPLOYMENT"]
    return render_template("invitations/batches.html", batches=batches, meeting_types=MEETING_TYPES,
                           rates=response_rates(deployment, today()), min_cards=MIN_CARDS_FOR_A_RATE,
                           min_responses=int(deployment.get("min_responses_shown", 5)))


@bp.route("/invitations/new", methods=["GET", "POST"])
def new_invitations():
    form = BatchForm()
    available = [slug for slug in INVITATION_QUESTIONNAIRES if slug in _questionnaires()]
    form.questionnaires.choices = [SelectChoice(slug, f"{_questionnaires()[slug].title} ({slug})")
                                   for slug in available]
    form.team.choices = [SelectChoice("", "Choose a team")] + [SelectChoice(team, team) for team in _teams()]
    if form.validate_on_submit():
        chosen = [slug for slug in available if slug in form.questionnaires.data]
        batch, cards = create_batch(questionnaires=chosen, meeting_type=form.meeting_type.data,
                                    month=form.month.data, team=form.chosen_team, cards_each=form.cards_each.data,
                                    created_by=current_user.email)
        audit.record("made invitation cards", f"batch {batch.id}: {len(cards)} cards, {batch.meeting_type}, "
                                              f"{batch.month}, team {batch.team or 'none'}")
        pdf = cards_pdf(cards, url_for_code=lambda code: public_url("public.code", code=code),
                        code_page=public_url("public.enter_code"),
                        council=current_app.config["DEPLOYMENT"]["authority"]["name"],
                        titles={slug: _questionnaires()[slug].title for slug in chosen})
        db.session.commit()
        # The only time the codes exist in plain text: they are in this PDF and nowhere else.
        return _pdf(pdf, f"invitation-cards-{batch.month}-{batch.id[:6]}.pdf")
    return render_template("invitations/new_batch.html", form=form), 400 if form.errors else 200


@bp.get("/paper")
def paper_forms():
    questionnaires = sorted(_questionnaires().values(), key=lambda q: q.title)
    return render_template("invitations/paper_forms.html", questionnaires=questionnaires)


@bp.get("/paper/<slug>/<variant>.pdf")
def paper_pdf_download(slug: str, variant: str):
    questionnaire, chosen = find(slug, variant)
    authority = current_app.config["DEPLOYMENT"]["authority"]
    online = public_url("public.questionnaire", slug=slug, variant=variant)
    data = paper_pdf(questionnaire, chosen, council=authority["name"], online_url=online,
                     return_to=f"{authority['name']}, {authority.get('complaints_email', '')}".rstrip(", "))
    return _pdf(data, f"{slug}-{variant}-paper.pdf")


@bp.route("/paper/<slug>/<variant>", methods=["GET", "POST"])
def paper_entry(slug: str, variant: str):
    questionnaire, chosen = find(slug, variant)
    form = web_form(questionnaire, chosen)
    date_form = PaperDateForm(prefix="paper")
    date_form.team.choices = [SelectChoice("", "Not known")] + [SelectChoice(team, team) for team in _teams()]
    if form.is_submitted():
        date_ok = date_form.validate()
        if form.validate() and date_ok:
            submit(questionnaire, chosen.name, answers_from(form), channel="paper",
                   submitted_on=date_form.filled_in_on.data,
                   context=Context(meeting_type=date_form.chosen_meeting_type, team=date_form.chosen_team))
            flash(f"Paper form saved: {chosen.title} dated {date_form.filled_in_on.data:%d %B %Y}. "
                  "You can type in the next one.")
            return redirect(url_for("staff.paper_entry", slug=slug, variant=variant))
    if not form.is_submitted():
        date_form.filled_in_on.errors = []
    status = 400 if form.is_submitted() else 200
    return render_template("invitations/paper_entry.html", questionnaire=questionnaire, variant=chosen, form=form,
                           date_form=date_form), status


