"""Public questionnaire pages: the whole questionnaire on one page, or one question a page."""

from __future__ import annotations

from datetime import date

from flask import current_app, redirect, render_template, request, session, url_for

from feedback_app.extensions import limiter
from feedback_app.governance.privacy_settings import PURPOSE_WORDS, privacy_details, retention
from feedback_app.i18n import current_language, translated
from feedback_app.invitations.codes import CodeProblem
from feedback_app.invitations.public_routes import forget_invitation, invitation_for, problem_page
from feedback_app.public import bp
from feedback_app.public.forms import find, plainly_valid_submission, sent_by_a_bot, source_questionnaire, web_form
from feedback_app.public.page_cache import blank_page
from feedback_app.public.paged import GO_FIELD, PagedJourney
from feedback_app.submissions import Context, submit
from forms.builder import answers_from

GET_HELP_NOW = "get_help_now"
REGISTER_REFERENCE = "register_reference"


def _submit_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT"]


@bp.get("/")
def index():
    questionnaires = [translated(q) for q in current_app.extensions["questionnaires"].values() if not q.staff_only]
    return render_template("public/index.html", questionnaires=questionnaires)


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html", **_privacy_facts())


@bp.get("/privacy/children")
def privacy_children():
    """The same notice in plain words for children (the ICO's children's code), linked from every child variant."""
    return render_template("public/privacy_children.html", **_privacy_facts())


def _privacy_facts() -> dict:
    """What both notices say about this deployment: the module the draft DPIA reads too."""
    deployment = current_app.config["DEPLOYMENT"]
    return {"privacy": privacy_details(deployment["privacy"]), "kept": retention(deployment),
            "purposes": PURPOSE_WORDS}


#: When the accessibility statement was prepared and last reviewed: change at each review.
STATEMENT_PREPARED_ON = date(2026, 11, 24)
STATEMENT_REVIEWED_ON = date(2026, 11, 30)


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html", prepared_on=STATEMENT_PREPARED_ON,
                           reviewed_on=STATEMENT_REVIEWED_ON)


@bp.route("/q/<slug>", methods=["GET", "POST"])
@bp.route("/q/<slug>/<variant>", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"])
def questionnaire(slug: str, variant: str | None = None):
    questionnaire, chosen = find(slug, variant)

    def draw(form) -> str:
        return render_template("public/questionnaire.html", questionnaire=questionnaire, variant=chosen, form=form,
                               variant_in_url=variant)

    if request.method == "GET":
        if known := _known_from_card(questionnaire, chosen):
            return draw(web_form(questionnaire, chosen, data=known))
        return blank_page(lambda: draw(web_form(questionnaire, chosen)))
    if (answers := plainly_valid_submission(chosen)) is not None:
        return _accept(questionnaire, chosen, answers, looks_like_a_bot=sent_by_a_bot())
    form = web_form(questionnaire, chosen)
    if form.validate():
        return _accept(questionnaire, chosen, answers_from(form), looks_like_a_bot=form.looks_like_a_bot)
    return draw(form)


def _not_sending() -> bool:
    """The pages of a paged journey before "Send" store nothing, so only sending counts
    against the limit: two parents on one building's Wi-Fi can both finish."""
    return request.form.get(GO_FIELD) != PagedJourney.SEND


@bp.route("/q/<slug>/paged", methods=["GET", "POST"])
@bp.route("/q/<slug>/<variant>/paged", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"], exempt_when=_not_sending)
def paged(slug: str, variant: str | None = None):
    questionnaire, chosen = find(slug, variant)

    def journey(**known) -> PagedJourney:
        return PagedJourney(questionnaire, chosen, web_form(questionnaire, chosen, **known))

    if request.method == "GET":
        if known := _known_from_card(questionnaire, chosen):
            return journey(data=known).render(variant_in_url=variant)
        return blank_page(lambda: journey().render(variant_in_url=variant))
    current = journey()
    if current.handle(request.form) == PagedJourney.SEND:
        return _accept(questionnaire, chosen, answers_from(current.form),
                       looks_like_a_bot=current.form.looks_like_a_bot)
    return current.render(variant_in_url=variant)


@bp.get("/q/<slug>/thank-you")
@bp.get("/q/<slug>/<variant>/thank-you")
def thank_you(slug: str, variant: str | None = None):
    questionnaire, chosen = find(slug, variant)
    return render_template("public/thank_you.html", questionnaire=questionnaire, variant=chosen,
                           get_help_now=session.pop(GET_HELP_NOW, False),
                           reference=session.pop(REGISTER_REFERENCE, None))


def _known_from_card(questionnaire, variant) -> dict[str, str]:
    """Answers an invitation card already gave (the meeting type), to pre-select."""
    invitation = invitation_for(questionnaire.slug)
    return invitation.known_answers(variant.question_ids) if invitation else {}


def _accept(questionnaire, variant, answers: dict[str, list[str]], *, looks_like_a_bot: bool):
    """Store valid answers (unless a bot filled the honeypot) and show the thank-you page."""
    if not looks_like_a_bot:
        invitation = invitation_for(questionnaire.slug)
        try:
            # Stored from the English questionnaire: answers are option values, never the words shown.
            submitted = submit(source_questionnaire(questionnaire), variant.name, answers, channel="web",
                               language=current_language(),
                               context=Context.from_card(invitation) if invitation else None)
        except CodeProblem as problem:
            forget_invitation()
            return problem_page(problem.reason)
        forget_invitation()  # kept after any other failure, so the person can send again with their card
        if submitted.raises_concern:
            # Shown once, on the thank-you page, to this browser only: how to get help now.
            session[GET_HELP_NOW] = True
        if submitted.register_reference:
            # The person's own reference for their case, shown once on the thank-you page (this browser only).
            session[REGISTER_REFERENCE] = submitted.register_reference
    # 303: the browser fetches the thank-you page, so refreshing it cannot send the answers twice.
    variant_in_url = variant.name if variant.name != questionnaire.default_variant else None
    return redirect(url_for("public.thank_you", slug=questionnaire.slug, variant=variant_in_url), code=303)
