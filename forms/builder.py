"""Turns a questionnaire variant into a WTForms form class.

One table maps each answer type to a field, so adding a type is one entry. The
base class is a parameter: the web app passes Flask-WTF's ``FlaskForm`` (CSRF),
the CSV importer plain ``wtforms.Form``; both validate answers the same way.

Messages a person reads are English here, marked with ``N_`` for the ``messages``
catalogue; the web app passes its ``gettext`` to have them in the reader's language
(the questionnaire's own text, such as a required message, comes already translated
by ``forms.i18n.translate_questionnaire``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import wtforms
from wtforms import validators
from wtforms.fields.choices import SelectChoice

from forms.model import MULTI, SINGLE, TEXT, TEXT_MAX_LENGTH, Question, Questionnaire, Variant

Gettext = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marked for the catalogue, translated later
    return message


def _english(message: str) -> str:
    return message


NOTHING_TO_SEND = N_("You have not answered any questions yet. Answer at least one question, then send your answers.")
NOT_AN_OPTION = N_("Select one of the answers shown")
ONLY_ONE = N_("Select only one answer")
TOO_LONG = N_("Your answer must be %(limit)s characters or fewer")


def too_long(gettext: Gettext = _english, limit: str = f"{TEXT_MAX_LENGTH:,}") -> str:
    """The length message; ``limit`` is the number written the reader's way."""
    return gettext(TOO_LONG) % {"limit": limit}

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
            raise validators.ValidationError(form.translate_message(NOT_AN_OPTION))


class ChoiceField(_OptionsOnly, wtforms.RadioField):
    def pre_validate(self, form) -> None:
        # Sent twice is a tampered or broken form: refuse rather than guess which one was meant.
        if len([value for value in self.raw_data or [] if value]) > 1:
            raise validators.ValidationError(form.translate_message(ONLY_ONE))
        super().pre_validate(form)


class ChoicesField(_OptionsOnly, wtforms.SelectMultipleField):
    pass


def _single(question: Question, messages: dict[str, str]):
    return ChoiceField(question.text, choices=_choices(question), validators=_presence(question))


def _multi(question: Question, messages: dict[str, str]):
    return ChoicesField(question.text, choices=_choices(question), validators=_presence(question))


def _text(question: Question, messages: dict[str, str]):
    return wtforms.TextAreaField(
        question.text,
        filters=[clean_text],
        validators=[*_presence(question), validators.Length(max=TEXT_MAX_LENGTH, message=messages[TOO_LONG])],
    )


FIELD_FOR_TYPE: dict[str, Callable[[Question, dict[str, str]], wtforms.Field]] = {
    SINGLE: _single, MULTI: _multi, TEXT: _text}


class QuestionnaireFormMixin:
    """Validation shared by every built form: at least one question must be answered."""

    variant: Variant
    #: This form's messages in the reader's language, by their English text.
    messages: dict[str, str]

    def translate_message(self, message: str) -> str:
        return self.messages.get(message, message)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not answers_from(self):
            self.form_errors.append(self.translate_message(NOTHING_TO_SEND))
            return False
        return valid


def build_form_class(questionnaire: Questionnaire, variant_name: str | None = None,
                     base: type = wtforms.Form, gettext: Gettext = _english,
                     length_limit: str = f"{TEXT_MAX_LENGTH:,}") -> type:
    """``gettext`` and ``length_limit`` (the number as the reader writes it) put the messages
    in the language of ``questionnaire``, itself already translated when it needs to be."""
    variant = questionnaire.variant(variant_name)
    messages = {message: gettext(message) for message in (NOTHING_TO_SEND, NOT_AN_OPTION, ONLY_ONE)}
    messages[TOO_LONG] = too_long(gettext, length_limit)
    attributes = {"variant": variant, "questionnaire": questionnaire, "messages": messages}
    for question in variant.questions:
        attributes[question.id] = FIELD_FOR_TYPE[question.type](question, messages)
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
