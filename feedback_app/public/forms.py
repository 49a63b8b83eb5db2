"""Web forms for questionnaires: the ``forms`` builder with Flask-WTF's CSRF and a honeypot,
in the reader's language."""

from __future__ import annotations

from flask import abort, current_app, request
from flask_babel import format_number, gettext
from flask_wtf import FlaskForm
from flask_wtf.csrf import validate_csrf
from wtforms import StringField, ValidationError

from feedback_app.i18n import current_language, translated
from forms.builder import build_form_class
from forms.model import TEXT_MAX_LENGTH, Questionnaire, Variant
from forms.quick_check import Answers, plainly_valid_answers

HONEYPOT = "website"


class WebForm(FlaskForm):
    # People never see this box (it is off-screen and hidden from screen readers);
    # simple bots fill in every box they find. A filled-in honeypot is not stored.
    website = StringField("Leave this box empty")

    @property
    def looks_like_a_bot(self) -> bool:
        return bool(self.website.data)


def sent_by_a_bot() -> bool:
    """The honeypot as ``WebForm.looks_like_a_bot`` reads it (its first value), without the form."""
    values = request.form.getlist(HONEYPOT)
    return bool(values and values[0])


def plainly_valid_submission(variant: Variant) -> Answers | None:
    """The request's answers when its form would certainly accept them (CSRF token included),
    without building the form (forms/quick_check.py says why); ``None`` means build it."""
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            # The same check, secret, time limit and field name as FlaskForm's CSRF field.
            validate_csrf(request.form.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")))
        except ValidationError:
            return None  # the form says the page has expired, in its own words
    return plainly_valid_answers(variant, request.form)


def check_web_forms(questionnaires: dict[str, Questionnaire]) -> None:
    """At start-up: a questionnaire that cannot be a web form stops the app, with the file named."""
    for questionnaire in questionnaires.values():
        if HONEYPOT in questionnaire.question_ids:
            raise ValueError(f"{questionnaire.source_file}: question id '{HONEYPOT}' is reserved for the honeypot")
        for name in questionnaire.variants:
            build_form_class(questionnaire, name, base=WebForm)


def find(slug: str, variant_name: str | None) -> tuple[Questionnaire, Variant]:
    """The questionnaire and variant a URL names, in the reader's language, or 404."""
    questionnaire = current_app.extensions["questionnaires"].get(slug)
    if questionnaire is None or (variant_name is not None and variant_name not in questionnaire.variants):
        abort(404)
    questionnaire = translated(questionnaire)
    return questionnaire, questionnaire.variant(variant_name)


def source_questionnaire(questionnaire: Questionnaire) -> Questionnaire:
    """The English questionnaire (what is stored and reported is never translated text)."""
    return current_app.extensions["questionnaires"][questionnaire.slug]


def web_form(questionnaire: Questionnaire, variant: Variant, **kwargs) -> WebForm:
    """A form for ``questionnaire`` (as ``find`` gave it), its classes built once per language."""
    key = (questionnaire.slug, variant.name, current_language())
    classes: dict[tuple[str, str, str], type] = current_app.extensions.setdefault("form_classes", {})
    if key not in classes:
        classes[key] = build_form_class(questionnaire, variant.name, base=WebForm, gettext=gettext,
                                        length_limit=format_number(TEXT_MAX_LENGTH))
    return classes[key](**kwargs)
