"""The quick check may send a valid submission to the form, never accept what the form refuses.

Every questionnaire and variant, against the real WTForms form built by ``forms.builder``:
whatever the quick check accepts, the form accepts with the same answers; and ordinary valid
submissions (the ones people send) are accepted by the quick check, so it is not a check that
always says "ask the form".
"""

from __future__ import annotations

import random

import pytest
import wtforms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from forms.builder import answers_from, build_form_class
from forms.model import MULTI, SINGLE, TEXT_MAX_LENGTH
from forms.quick_check import plainly_valid_answers
from forms.registry import load_questionnaires

QUESTIONNAIRES = load_questionnaires()
VARIANTS = [(slug, name) for slug, questionnaire in QUESTIONNAIRES.items() for name in questionnaire.variants]


def _form_answers(slug: str, name: str, formdata: MultiDict):
    """What the real form says: its answers when valid, else None."""
    form = build_form_class(QUESTIONNAIRES[slug], name, base=wtforms.Form)(formdata=formdata)
    return answers_from(form) if form.validate() else None


def _ordinary_submission(slug: str, name: str, rng: random.Random) -> MultiDict:
    """What a browser sends for a person who answers sensibly: every required question, some others."""
    fields = []
    for question in QUESTIONNAIRES[slug].variant(name).questions:
        if not question.required and rng.random() < 0.3:
            continue
        if question.type == SINGLE:
            fields.append((question.id, rng.choice(question.option_values)))
        elif question.type == MULTI:
            fields += [(question.id, value) for value in rng.sample(question.option_values, rng.randint(1, 2))]
        else:
            fields.append((question.id, rng.choice(["It was fine.", "The chair\r\nlistened to us.", "  ok  "])))
    return MultiDict(fields)


@pytest.mark.parametrize(("slug", "name"), VARIANTS)
def test_ordinary_submissions_take_the_quick_path_with_the_forms_answers(slug, name):
    rng = random.Random(f"{slug}/{name}")
    for _ in range(30):
        formdata = _ordinary_submission(slug, name, rng)
        expected = _form_answers(slug, name, formdata)
        assert expected is not None, "the test sent an invalid ordinary submission"
        assert plainly_valid_answers(QUESTIONNAIRES[slug].variant(name), formdata) == expected


_ODD_VALUES = ["", " ", "\x00", "yes", "no", "other", "x" * (TEXT_MAX_LENGTH + 1), "a\u202eb",
               "  \u200b ", "é", "prefer_not_to_say", "Yes"]


_TEXTS = ["fine", "fine\r\n", "  ok  ", "x" * TEXT_MAX_LENGTH, "x" * (TEXT_MAX_LENGTH + 1),
          "x" * TEXT_MAX_LENGTH + "\u200b", "\r\n" * TEXT_MAX_LENGTH, "word " * 400]


@st.composite
def _values(draw, question):
    """Mostly what a browser sends (so whole submissions are often plain), sometimes odd values."""
    mode = draw(st.sampled_from(["none", "plain", "plain", "plain", "odd"]))
    if mode == "none":
        return []
    if mode == "odd":
        pool = list(question.option_values) + _ODD_VALUES + _TEXTS
        return draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
    if question.type == SINGLE:
        return [draw(st.sampled_from(question.option_values))]
    if question.type == MULTI:
        return draw(st.lists(st.sampled_from(question.option_values), min_size=1, max_size=3, unique=True))
    return [draw(st.sampled_from(_TEXTS))]


@st.composite
def _any_submission(draw):
    slug, name = draw(st.sampled_from(VARIANTS))
    fields = []
    for question in QUESTIONNAIRES[slug].variant(name).questions:
        fields += [(question.id, value) for value in draw(_values(question))]
    fields += [(draw(st.sampled_from(["website", "unknown", "csrf_token"])), draw(st.sampled_from(_ODD_VALUES)))]
    return slug, name, MultiDict(draw(st.permutations(fields)))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_any_submission())
def test_whatever_the_quick_check_accepts_the_form_accepts_with_the_same_answers(case):
    slug, name, formdata = case
    quick = plainly_valid_answers(QUESTIONNAIRES[slug].variant(name), formdata)
    if quick is not None:
        assert _form_answers(slug, name, formdata) == quick


@pytest.mark.parametrize("sent", [
    [("q", "")],                  # an empty value: the form decides what it means
    [("q", "yes"), ("q", "yes")],  # sent twice
    [("q", "maybe")],             # not an option
])
def test_odd_shapes_go_to_the_form(sent):
    questionnaire = QUESTIONNAIRES["cp-conference-parent"]
    variant = questionnaire.variant(None)
    choice = next(q for q in variant.questions if q.type == SINGLE)
    formdata = MultiDict([(choice.id if key == "q" else key, value) for key, value in sent])
    assert plainly_valid_answers(variant, formdata) is None


def test_nothing_answered_goes_to_the_form_which_says_so():
    variant = QUESTIONNAIRES["cp-conference-parent"].variant(None)
    assert plainly_valid_answers(variant, MultiDict([("website", "")])) is None
