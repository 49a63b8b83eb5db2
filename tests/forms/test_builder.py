"""The WTForms builder: one field per answer type, and answers checked the same way everywhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import wtforms
from werkzeug.datastructures import MultiDict

from forms.builder import NOT_AN_OPTION, NOTHING_TO_SEND, answers_from, build_form_class, clean_text, too_long
from forms.model import TEXT_MAX_LENGTH
from forms.registry import load_questionnaires

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def questionnaires():
    return load_questionnaires()


def make_form(questionnaires, slug, variant=None, data=()):
    form_class = build_form_class(questionnaires[slug], variant)
    return form_class(MultiDict(list(data.items()) if isinstance(data, dict) else list(data)))


def test_a_field_for_each_answer_type(questionnaires):
    form = make_form(questionnaires, "lac-review-child", "standard")
    assert isinstance(form["happy_with_iro"], wtforms.RadioField)
    assert isinstance(form["how_took_part"], wtforms.SelectMultipleField)
    assert isinstance(form["comments"], wtforms.TextAreaField)
    assert [value for value, _label, *_ in form["happy_with_iro"].iter_choices()] == ["yes", "not_sure", "no"]


def test_a_variant_gets_only_its_own_questions_and_wording(questionnaires):
    young = make_form(questionnaires, "lac-review-child", "young")
    assert "how_took_part" not in young
    assert "eq_ethnicity" not in young
    assert young["happy_with_iro"].label.text == "Do you like the person who runs your meeting?"
    standard = make_form(questionnaires, "have-your-say", "standard")
    assert "wants_advocate" not in standard
    assert "wants_advocate" in make_form(questionnaires, "have-your-say", "child")


def test_a_required_single_question_gives_its_own_message(questionnaires):
    form = make_form(questionnaires, "cp-conference-parent", data={"relationship": "mother"})
    assert not form.validate()
    assert form.errors["conference_type"] == ["Select which meeting it was"]


def test_a_required_text_question_gives_its_own_message(questionnaires):
    form = make_form(questionnaires, "have-your-say", data={"kind": "complaint"})
    assert not form.validate()
    assert form.errors["what_happened"] == ["Tell us what happened"]


@pytest.mark.parametrize("blank", ["   ", "\u200b\u200b", " \r\n\t "])
def test_spaces_or_invisible_characters_do_not_answer_a_required_text_question(questionnaires, blank):
    form = make_form(questionnaires, "have-your-say", data={"kind": "complaint", "what_happened": blank})
    assert not form.validate()
    assert form.errors["what_happened"] == ["Tell us what happened"]


def test_a_required_multi_question_gives_its_own_message(questionnaires):
    form = make_form(questionnaires, "fgc-referrer-outcome", data={"concerns_addressed": "yes"})
    assert not form.validate()
    assert form.errors["objective"] == ["Select at least one aim of the FGC"]


def test_a_value_that_is_not_an_option_is_refused_in_plain_words(questionnaires):
    form = make_form(questionnaires, "lac-review-child", "child", {"happy_with_iro": "maybe"})
    assert not form.validate()
    assert form.errors["happy_with_iro"] == [NOT_AN_OPTION]
    assert NOT_AN_OPTION == "Select one of the answers shown"


@pytest.mark.parametrize("values", [["phone", "fax"], ["fax"], ["", "fax"]])
def test_a_multi_answer_with_one_bad_value_is_refused(questionnaires, values):
    form = make_form(questionnaires, "lac-review-child", "child", [("how_took_part", v) for v in values])
    assert not form.validate()
    assert form.errors["how_took_part"] == [NOT_AN_OPTION]


def test_a_multi_answer_keeps_every_value_in_order(questionnaires):
    form = make_form(questionnaires, "lac-review-child", "child",
                     [("how_took_part", "phone"), ("how_took_part", "advocate")])
    assert form.validate(), form.errors
    assert answers_from(form) == {"how_took_part": ["phone", "advocate"]}


def test_text_of_exactly_the_limit_is_accepted_and_one_more_is_not(questionnaires):
    assert TEXT_MAX_LENGTH == 2000
    form = make_form(questionnaires, "lac-review-child", "child", {"comments": "a" * 2000})
    assert form.validate(), form.errors
    assert answers_from(form) == {"comments": ["a" * 2000]}
    form = make_form(questionnaires, "lac-review-child", "child", {"comments": "a" * 2001})
    assert not form.validate()
    assert form.errors["comments"] == [too_long()]
    assert too_long() == "Your answer must be 2,000 characters or fewer"


def test_windows_new_lines_count_as_one_character(questionnaires):
    # A browser sends each new line as CRLF but its character counter counts one.
    text = ("a" * 99 + "\r\n") * 19 + "a" * 100  # 2,000 characters as typed, 2,019 as sent
    assert len(text) == 2019
    form = make_form(questionnaires, "lac-review-child", "child", {"comments": text})
    assert form.validate(), form.errors
    stored = answers_from(form)["comments"][0]
    assert "\r" not in stored
    assert len(stored) == 2000
    form = make_form(questionnaires, "lac-review-child", "child", {"comments": "a" * 1999 + "\r\n"})
    assert form.validate(), form.errors
    form = make_form(questionnaires, "lac-review-child", "child", {"comments": "a" * 1999 + "\r\nbc"})
    assert not form.validate()  # 2,002 as typed


def test_control_and_zero_width_characters_are_removed(questionnaires):
    typed = "\ufeffHe\u200bllo\x00 there\x07\u200d\r\nbye\u202e\t!\x7f"
    form = make_form(questionnaires, "lac-review-child", "child", {"comments": typed})
    assert form.validate(), form.errors
    assert answers_from(form) == {"comments": ["Hello there\nbye\t!"]}
    assert clean_text(None) is None
    assert clean_text("  x  ") == "x"


def test_an_empty_submission_has_nothing_to_send(questionnaires):
    form = make_form(questionnaires, "lac-review-child", "child", {})
    assert not form.validate()
    assert form.form_errors == [NOTHING_TO_SEND]
    blank = make_form(questionnaires, "lac-review-child", "child",
                      {"comments": "  \u200b ", "happy_with_iro": "", "how_took_part": ""})
    assert not blank.validate()
    assert NOTHING_TO_SEND in blank.form_errors


def test_answers_from_gives_lists_by_question_id(questionnaires):
    form = make_form(questionnaires, "lac-review-child", "child", [
        ("happy_with_iro", "yes"), ("how_took_part", "attended"), ("how_took_part", "met_iro"),
        ("comments", "Good"), ("eq_age_band", "8_12"), ("review_helpful", ""),
    ])
    assert form.validate(), form.errors
    assert answers_from(form) == {
        "happy_with_iro": ["yes"],
        "how_took_part": ["attended", "met_iro"],
        "comments": ["Good"],
        "eq_age_band": ["8_12"],
    }


def test_a_personal_answer_is_returned_like_any_other(questionnaires):
    # Keeping contact details apart is the storage layer's job; the builder only checks them.
    form = make_form(questionnaires, "have-your-say", "child",
                     {"kind": "compliment", "what_happened": "My carer helped me", "contact": "07700 900000"})
    assert form.validate(), form.errors
    assert answers_from(form)["contact"] == ["07700 900000"]
    assert questionnaires["have-your-say"].question("contact").personal


def test_every_variant_of_every_questionnaire_builds(questionnaires):
    for questionnaire in questionnaires.values():
        for name, variant in questionnaire.variants.items():
            form = build_form_class(questionnaire, name)()
            assert [field.name for field in form] == list(variant.question_ids)


def test_forms_imports_no_flask():
    code = ("import forms.registry, forms.builder, sys; "
            "assert not any(m.startswith('flask') for m in sys.modules), "
            "sorted(m for m in sys.modules if 'flask' in m)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
