"""Staff pages: invitation batches and their cards, paper forms and typing them in."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from feedback_app.builder.translations import known
from feedback_app.extensions import db
from feedback_app.invitations.cards import cards_pdf
from feedback_app.invitations.codes import (
    MEETING_TYPES,
    create_batch,
    invitation_questionnaires,
    questionnaires_for_meeting,
)
from feedback_app.invitations.forms import PaperDateForm, batch_form, batch_id_from, new_batch_token
from feedback_app.invitations.languages import gettexts, in_language, language_choices
from feedback_app.invitations.models import InvitationBatch
from feedback_app.invitations.paper import paper_pdf
from feedback_app.invitations.response_rates import MIN_CARDS_FOR_A_RATE, response_rates
from feedback_app.privacy import today
from feedback_app.public.forms import find, web_form
from feedback_app.staff import audit, bp
from feedback_app.submissions import Context, submit
from forms.builder import answers_from
from forms.catalogues import missing, words_of
from forms.i18n import names_in_english, shipped_languages


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
    available = list(invitation_questionnaires(_questionnaires()))
    form = batch_form(_versions_offered(available))
    form.questionnaires.choices = [SelectChoice(slug, f"{_questionnaires()[slug].title} ({slug})")
                                   for slug in available]
    form.team.choices = [SelectChoice("", "Choose a team")] + [SelectChoice(team, team) for team in _teams()]
    form.language.choices = [SelectChoice(code, name) for code, name in language_choices()]
    if form.validate_on_submit() and not _for_other_teams(form, available):
        batch_id = batch_id_from(form.batch.data)
        if batch_id and (made := db.session.get(InvitationBatch, batch_id)) is not None:
            return _already_made(made)
        chosen = [slug for slug in available if slug in form.questionnaires.data]
        versions = {slug: version for slug, version in form.chosen_versions.items()
                    if version != _questionnaires()[slug].default_variant}
        try:
            batch, cards = create_batch(questionnaires=chosen, meeting_type=form.meeting_type.data,
                                        month=form.month.data, team=form.chosen_team,
                                        cards_each=form.cards_each.data, created_by=current_user.email,
                                        versions=versions, batch_id=batch_id)
        except IntegrityError:  # the same form, sent twice at once: the other request made the batch
            db.session.rollback()
            if batch_id is None:
                raise
            return _already_made(db.session.get(InvitationBatch, batch_id) or abort(409))
        audit.record("made invitation cards", f"batch {batch.id}: {len(cards)} cards, {batch.meeting_type}, "
                                              f"{batch.month}, team {batch.team or 'none'}"
                                              + "".join(f", {slug} {version}" for slug, version in versions.items()))
        language = form.language.data or "en"
        uploads = current_app.extensions.get("questionnaire_translations", {})
        translated = {slug: in_language(_questionnaires()[slug], language, uploads.get((slug, language)))
                      for slug in chosen}
        # A card in a language opens its questionnaire in that language (/c/<code> passes ?lang= on).
        in_it = {"lang": language} if language != "en" else {}
        pdf = cards_pdf(cards, url_for_code=lambda code: public_url("public.code", code=code, **in_it),
                        code_page=public_url("public.enter_code", **in_it),
                        council=current_app.config["DEPLOYMENT"]["authority"]["name"],
                        titles={slug: questionnaire.title for slug, (questionnaire, _) in translated.items()},
                        language=language, gettext=gettexts(language)[1])
        db.session.commit()
        flash(f"Cards made: {len(cards)} cards, downloaded as {cards_filename(batch)}.")
        # The only time the codes exist in plain text: they are in this PDF and nowhere else.
        return _pdf(pdf, cards_filename(batch))
    if not form.batch.data or batch_id_from(form.batch.data) is None:
        form.batch.data = new_batch_token()
    return render_template("invitations/new_batch.html", form=form,
                           fits={slug: [MEETING_TYPES[meeting] for meeting, slugs
                                        in questionnaires_for_meeting(_questionnaires()).items() if slug in slugs]
                                 for slug in available}), 400 if form.errors else 200


def _for_other_teams(form, available: list[str]) -> bool:
    """A chosen questionnaire built for some teams only (its settings, decision 0025) on another
    team's cards: refused with a GOV.UK error beside the questionnaires."""
    limited = [_questionnaires()[slug] for slug in available if slug in (form.questionnaires.data or [])
               and _questionnaires()[slug].teams and form.chosen_team not in _questionnaires()[slug].teams]
    if limited:
        form.questionnaires.errors = [f"{limited[0].title} is only for cards made by "
                                      f"{' or '.join(limited[0].teams)}: choose that team, or another questionnaire"]
    return bool(limited)


def cards_filename(batch: InvitationBatch) -> str:
    return f"invitation-cards-{batch.month}-{batch.id[:6]}.pdf"


def _versions_offered(available: list[str]) -> dict[str, tuple[str, str, list[tuple[str, str]]]]:
    """The questionnaires with more than one version, each with its title, default and versions."""
    offered = {}
    for slug in available:
        questionnaire = _questionnaires()[slug]
        if len(questionnaire.variants) > 1:
            offered[slug] = (questionnaire.title, questionnaire.default_variant,
                             [(name, variant.audience or variant.title or name)
                              for name, variant in questionnaire.variants.items()])
    return offered


def _already_made(batch: InvitationBatch):
    """A second sending of a form whose cards were made: no second batch (its codes would be a second set)."""
    return render_template("invitations/already_made.html", batch=batch, meeting_types=MEETING_TYPES,
                           filename=cards_filename(batch)), 409


@bp.get("/paper")
def paper_forms():
    questionnaires = sorted(_questionnaires().values(), key=lambda q: q.title)
    language = request.args.get("lang", "en")
    if language not in shipped_languages():
        language = "en"
    return render_template("invitations/paper_forms.html", questionnaires=questionnaires, language=language,
                           languages=language_choices())


@bp.get("/paper/<slug>/<variant>.pdf")
def paper_pdf_download(slug: str, variant: str):
    """The paper form, in English or ``?lang=CODE`` (a shipped language; any other: not found)."""
    questionnaire, chosen = find(slug, variant)
    language = request.args.get("lang", "en")
    if language not in shipped_languages():
        abort(404)
    if language != "en" and missing(words_of([questionnaire]), known(slug, language)):
        abort(404)  # a built questionnaire not (yet) wholly translated: never half in English on paper
    uploaded = current_app.extensions.get("questionnaire_translations", {}).get((slug, language))
    translated, gettext = in_language(questionnaire, language, uploaded)
    authority = current_app.config["DEPLOYMENT"]["authority"]
    # The online version opens in the same language (the public pages take ?lang=).
    online = public_url("public.questionnaire", slug=slug, variant=variant,
                        **({"lang": language} if language != "en" else {}))
    data = paper_pdf(translated, translated.variant(chosen.name), council=authority["name"], online_url=online,
                     return_to=f"{authority['name']}, {authority.get('complaints_email', '')}".rstrip(", "),
                     language=language, gettext=gettext)
    suffix = "" if language == "en" else f"-{language}"
    return _pdf(data, f"{slug}-{variant}-paper{suffix}.pdf")


@bp.route("/paper/<slug>/<variant>", methods=["GET", "POST"])
def paper_entry(slug: str, variant: str):
    questionnaire, chosen = find(slug, variant)
    form = web_form(questionnaire, chosen)
    date_form = PaperDateForm(prefix="paper")
    date_form.team.choices = [SelectChoice("", "Not known")] + [SelectChoice(team, team) for team in _teams()]
    date_form.language.choices = [SelectChoice(code, name) for code, name in names_in_english().items()]
    if form.is_submitted():
        date_ok = date_form.validate()
        if form.validate() and date_ok:
            submit(questionnaire, chosen.name, answers_from(form), channel="paper",
                   submitted_on=date_form.filled_in_on.data, language=date_form.chosen_language,
                   context=Context(meeting_type=date_form.chosen_meeting_type, team=date_form.chosen_team))
            flash(f"Paper form saved: {chosen.title} dated {date_form.filled_in_on.data:%d %B %Y}. "
                  "You can type in the next one.")
            return redirect(url_for("staff.paper_entry", slug=slug, variant=variant))
    if not form.is_submitted():
        date_form.filled_in_on.errors = []
    status = 400 if form.is_submitted() else 200
    return render_template("invitations/paper_entry.html", questionnaire=questionnaire, variant=chosen, form=form,
                           date_form=date_form), status


