"""Turns a questionnaire variant into a WTForms form class.

One table maps each answer type to a field, so adding a type is one entry. The
base class is a parameter: the web app passes Flask-WTF's ``FlaskForm`` (CSRF),
the CSV importer plain ``wtforms.Form``; both validate answers the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import wtforms
from wtforms import validators
from wtforms.fields.choices import SelectChoice

from forms.model import MULTI, SINGLE, TEXT, TEXT_MAX_LENGTH, Question, Questionnaire, Variant

NOTHING_TO_SEND = "You have not answered any questions yet. Answer at least one question, then send your answers."
NOT_AN_OPTION = "Select one of the answers shown"
ONLY_ONE = "Select only one answer"
TOO_LONG = f"Your answer must be {TEXT_MAX_LENGTH:,} characters or fewer"

# Control characters other than tab and newline have no place in a typed answer.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(value: str | None) -> str | None:
    """Normalise typed text so that what is stored is what the person saw.

    Browsers send new lines as CRLF while the character count counts one
    character, so CRLF becomes LF before the length check.
    """
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value).strip()


def _choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(option.value, option.label) for option in question.options]


class _SkipIfUnanswered(validators.Optional):
    """Like ``Optional``, but looks at every value sent, not only the first: otherwise
    a multi answer of ``["", "bad"]`` would have its "not an option" error wiped."""

    def __call__(self, form, field):
        if not any(isinstance(value, str) and value.strip() for value in field.raw_data or []):
            field.errors[:] = []
            raise validators.StopValidation()


def _presence(question: Question) -> list:
    if question.required:
        # A text answer is checked after cleaning, so spaces or invisible characters alone are no answer.
        required = validators.DataRequired if question.type == TEXT else validators.InputRequired
        return [required(message=question.required_message)]
    return [_SkipIfUnanswered()]


class _OptionsOnly:
    """Refuses any value that is not one of the question's options, in plain words
    (WTForms' own wording is "Not a valid choice")."""

    def pre_validate(self, form) -> None:
        given = self.data if isinstance(self.data, list) else [self.data]
        allowed = {choice.value for choice in self.choices}
        if any(value not in allowed for value in given if value is not None):
            raise validators.ValidationError(NOT_AN_OPTION)


class ChoiceField(_OptionsOnly, wtforms.RadioField):
    def pre_validate(self, form) -> None:
        # Sent twice is a tampered or broken form: refuse rather than guess which one was meant.
        if len([value for value in self.raw_data or [] if value]) > 1:
            raise validators.ValidationError(ONLY_ONE)
        super().pre_validate(form)


class ChoicesField(_OptionsOnly, wtforms.SelectMultipleField):
    pass


def _single(question: Question):
    return ChoiceField(question.text, choices=_choices(question), validators=_presence(question))


def _multi(question: Question):
    return ChoicesField(question.text, choices=_choices(question), validators=_presence(question))


def _text(question: Question):
    return wtforms.TextAreaField(
        question.text,
        filters=[clean_text],
        validators=[*_presence(question), validators.Length(max=TEXT_MAX_LENGTH, message=TOO_LONG)],
    )


FIELD_FOR_TYPE: dict[str, Callable[[Question], wtforms.Field]] = {SINGLE: _single, MULTI: _multi, TEXT: _text}


class QuestionnaireFormMixin:
    """Validation shared by every built form: at least one question must be answered."""

    variant: Variant

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not answers_from(self):
            self.form_errors.append(NOTHING_TO_SEND)
            return False
        return valid


def build_form_class(questionnaire: Questionnaire, variant_name: str | None = None,
                     base: type = wtforms.Form) -> type:
    variant = questionnaire.variant(variant_name)
    attributes = {"variant": variant, "questionnaire": questionnaire}
    for question in variant.questions:
        attributes[question.id] = FIELD_FOR_TYPE[question.type](question)
    name = "".join(part.title() for part in re.split(r"[-_]", f"{questionnaire.slug}_{variant.name}")) + "Form"
    return type(name, (QuestionnaireFormMixin, base), attributes)


def answers_from(form) -> dict[str, list[str]]:
    """The answers given, by question id: a list of values (one item for single and text)."""
    answers: dict[str, list[str]] = {}
    for question in form.variant.questions:
        data = form[question.id].data
        values = [value for value in (data or []) if value] if question.type == MULTI else [data] if data else []
        if values:
            answers[question.id] = values
    return answers
