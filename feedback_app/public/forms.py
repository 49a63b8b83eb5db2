"""Web forms for questionnaires: the ``forms`` builder with Flask-WTF's CSRF and a honeypot."""

from __future__ import annotations

from flask import abort, current_app
from flask_wtf import FlaskForm
from wtforms import StringField

from forms.builder import build_form_class
from forms.model import Questionnaire, Variant

HONEYPOT = "website"


class WebForm(FlaskForm):
    # People never see this box (it is off-screen and hidden from screen readers);
    # simple bots fill in every box they find. A filled-in honeypot is not stored.
    website = StringField("Leave this box empty")

    @property
    def looks_like_a_bot(self) -> bool:
        return bool(self.website.data)


def build_web_forms(questionnaires: dict[str, Questionnaire]) -> dict[tuple[str, str], type]:
    """Every form class, built once at start-up rather than on each request."""
    classes = {}
    for questionnaire in questionnaires.values():
        if HONEYPOT in questionnaire.question_ids:
            raise ValueError(f"{questionnaire.source_file}: question id '{HONEYPOT}' is reserved for the honeypot")
        for name in questionnaire.variants:
            classes[questionnaire.slug, name] = build_form_class(questionnaire, name, base=WebForm)
    return classes


def find(slug: str, variant_name: str | None) -> tuple[Questionnaire, Variant]:
    """The questionnaire and variant a URL names, or 404."""
    questionnaire = current_app.extensions["questionnaires"].get(slug)
    if questionnaire is None or (variant_name is not None and variant_name not in questionnaire.variants):
        abort(404)
    return questionnaire, questionnaire.variant(variant_name)


def web_form(questionnaire: Questionnaire, variant: Variant, **kwargs) -> WebForm:
    return current_app.extensions["form_classes"][questionnaire.slug, variant.name](**kwargs)
