"""Public pages for invitation codes: /c/<code> and a page to type one."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import StringField

from feedback_app.extensions import limiter
from feedback_app.i18n import QUERY_KEY, offered_languages
from feedback_app.invitations.codes import CodeProblem, Invitation, check, pretty
from feedback_app.public import bp

SESSION_KEY = "invitation"
STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _code_limit() -> str:
    return current_app.config.get("RATELIMIT_CODE", "30 per minute")


class CodeForm(FlaskForm):
    code = StringField("Your code")


def problem_page(reason: str):
    return render_template("invitations/code_problem.html", reason=reason), STATUS[reason]


@bp.get("/c/<code>")
@limiter.limit(_code_limit)
def code(code: str):
    try:
        invitation = check(code)
    except CodeProblem as problem:
        return problem_page(problem.reason)
    # The code's context travels in the visitor's own signed session cookie to the
    # submission; the response row gets meeting type and team, never the code.
    session[SESSION_KEY] = invitation.as_dict()
    questionnaire = current_app.extensions["questionnaires"][invitation.questionnaire]
    variant = invitation.variant if invitation.variant in questionnaire.variants else None  # the chair's choice
    # A card or QR code may carry ?lang=: the questionnaire opens in that language (an unknown one is dropped).
    language = request.args.get(QUERY_KEY)
    language = language if language in offered_languages() else None
    return redirect(url_for("public.questionnaire", slug=questionnaire.slug, variant=variant, lang=language))


@bp.route("/c", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"])
def enter_code():
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        from feedback_app.invitations.codes import normalise

        typed = normalise(form.code.data or "")
        if typed:
            return redirect(url_for("public.code", code=pretty(typed)))
        error = (gettext("Enter the code from your card. It has 8 letters and numbers, like ABCD-EFGH")
                 if (form.code.data or "").strip() else gettext("Enter the code from your card"))
    elif form.errors:
        error = gettext("Your code was not sent because the page was open for a long time. Please type it again")
    return render_template("invitations/enter_code.html", form=form, error=error), 400 if error else 200


def invitation_for(slug: str) -> Invitation | None:
    """The invitation this visitor opened for this questionnaire, if any."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("questionnaire") != slug:
        return None
    try:
        return Invitation(**data)
    except TypeError:
        return None


def forget_invitation() -> None:
    session.pop(SESSION_KEY, None)
