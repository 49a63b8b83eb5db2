"""Accepting a plainly valid submission without building its WTForms form.

Building and validating a questionnaire's form is most of the Python a submission
costs (about 1.2 ms of 2.9 ms a GET+POST pair; bench/README.md). Nearly every
submission is plainly valid: each choice is one of the options, sent once; each
typed answer is short enough. ``plainly_valid_answers`` recognises exactly those
and returns the answers ``forms.builder.answers_from`` would give for them; for
anything else (an error to show, a required question left out, a value sent
twice, an empty value, an odd shape) it returns ``None`` and the caller builds the
form as before, so every message a person can see still comes from one place.

The rule for this module: it may send a valid submission to the slow path, never
accept one the form would refuse or store anything different
(tests/forms/test_quick_check.py checks both against the real form).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from forms.builder import clean_text
from forms.model import MULTI, SINGLE, TEXT, TEXT_MAX_LENGTH, Question, Variant

Answers = dict[str, list[str]]


class FormData(Protocol):
    """What a request's form data offers (werkzeug's MultiDict)."""

    def getlist(self, key: str) -> list[str]: ...


class _NotPlain(Exception):
    """This answer needs the form: it may be an error, or a shape the quick check does not judge."""


def _choice(question: Question, sent: list[str], allowed: frozenset[str]) -> list[str]:
    if len(sent) != 1 or sent[0] not in allowed:
        raise _NotPlain
    return sent


def _choices(question: Question, sent: list[str], allowed: frozenset[str]) -> list[str]:
    if len(set(sent)) != len(sent) or not allowed.issuperset(sent):
        raise _NotPlain
    return sent


def _typed(question: Question, sent: list[str], allowed: frozenset[str]) -> list[str]:
    if len(sent) != 1:
        raise _NotPlain
    text = clean_text(sent[0])
    if len(text) > TEXT_MAX_LENGTH:
        raise _NotPlain
    return [text] if text else []


_CHECK_FOR_TYPE: dict[str, Callable[[Question, list[str], frozenset[str]], list[str]]] = {
    SINGLE: _choice, MULTI: _choices, TEXT: _typed,
}


Plan = tuple[tuple[Question, frozenset[str], Callable], ...]
#: By the variant object's id (hashing a frozen variant walks every question, each time): the
#: variant is kept in the entry, so an id reused after a variant is gone never finds a stale plan.
_plans: dict[int, tuple[Variant, Plan]] = {}
_MAX_PLANS = 1024


def _plan(variant: Variant) -> Plan:
    entry = _plans.get(id(variant))
    if entry is None or entry[0] is not variant:
        if len(_plans) >= _MAX_PLANS:
            _plans.clear()
        plan = tuple((question, frozenset(question.option_values), _CHECK_FOR_TYPE[question.type])
                     for question in variant.questions)
        entry = _plans[id(variant)] = (variant, plan)
    return entry[1]


def plainly_valid_answers(variant: Variant, formdata: FormData) -> Answers | None:
    """The answers of a submission the variant's form would certainly accept, or ``None``."""
    answers: Answers = {}
    try:
        for question, allowed, check in _plan(variant):
            sent = formdata.getlist(question.id)
            values = check(question, sent, allowed) if sent else []
            if values:
                answers[question.id] = values
            elif question.required:
                raise _NotPlain  # the form says what is missing
    except _NotPlain:
        return None
    return answers or None  # nothing answered: the form says so
