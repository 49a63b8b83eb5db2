"""Broken definitions fail at load time, naming the file, the question and the problem."""

from __future__ import annotations

import copy
import shutil

import pytest
import yaml

from forms.registry import ABOUT_YOU_FILE, DEFINITIONS_DIR, load_questionnaires
from forms.schema import DefinitionError

SLUG = "test-form"

VALID = {
    "slug": SLUG,
    "version": 1,
    "title": "A test form",
    "intro": "You can skip any question.",
    "questions": [
        {"id": "felt_ok", "type": "single", "text": "Did it go well?",
         "options": [{"value": "yes", "label": "Yes", "picture": "happy"},
                     {"value": "no", "label": "No", "picture": "sad"}],
         "positive": ["yes"]},
        {"id": "ways", "type": "multi", "text": "How?",
         "options": [{"value": "phone", "label": "Phone"}, {"value": "letter", "label": "Letter"}]},
        {"id": "comments", "type": "text", "text": "Anything else?"},
    ],
    "variants": {"standard": {"audience": "Everyone"},
                 "child": {"audience": "Children", "pictures": True, "questions": ["felt_ok", "comments"]}},
}


@pytest.fixture
def directory(tmp_path):
    shutil.copy(DEFINITIONS_DIR / ABOUT_YOU_FILE, tmp_path / ABOUT_YOU_FILE)
    return tmp_path


def write(directory, data, name=f"{SLUG}.yaml"):
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
    (directory / name).write_text(text, encoding="utf-8")
    return directory / name


def broken(directory, data, name=f"{SLUG}.yaml") -> DefinitionError:
    write(directory, data, name)
    with pytest.raises(DefinitionError) as caught:
        load_questionnaires(directory)
    return caught.value


def valid_copy():
    return copy.deepcopy(VALID)


def test_the_valid_base_loads(directory):
    write(directory, VALID)
    questionnaire = load_questionnaires(directory)[SLUG]
    assert questionnaire.question_ids == ("felt_ok", "ways", "comments")
    assert questionnaire.variant("child").question_ids == ("felt_ok", "comments")


def _mutate_unknown_type(data):
    data["questions"][0]["type"] = "scale"


def _mutate_duplicate_id(data):
    data["questions"].insert(2, {"id": "felt_ok", "type": "text", "text": "Again?"})


def _mutate_positive_not_an_option(data):
    data["questions"][0]["positive"] = ["maybe"]


def _mutate_required_without_message(data):
    data["questions"][0]["required"] = True


def _mutate_variant_unknown_question(data):
    data["variants"]["child"]["questions"] = ["felt_ok", "nope", "comments"]


def _mutate_wording_unknown_option(data):
    data["variants"]["child"]["wording"] = {"felt_ok": {"options": {"maybe": "Maybe"}}}


def _mutate_missing_comments(data):
    del data["questions"][2]
    data["variants"]["child"]["questions"] = ["felt_ok"]


def _mutate_reserved_variant(data):
    data["variants"]["paged"] = {"audience": "Anyone"}


def _mutate_staff_only_not_a_flag(data):
    data["staff_only"] = "yes please"


def _mutate_opens_register_case_not_a_flag(data):
    data["opens_register_case"] = "yes"


def _mutate_opens_register_case_without_kind(data):
    data["opens_register_case"] = True


def _mutate_opens_register_case_with_other_kinds(data):
    data["opens_register_case"] = True
    data["questions"].insert(0, {"id": "kind", "type": "single", "text": "What is it?",
                                 "options": [{"value": "complaint", "label": "A complaint"},
                                             {"value": "rant", "label": "A rant"}]})


def _mutate_empty_option_wording(data):
    data["variants"]["child"]["wording"] = {"felt_ok": {"options": {"yes": None}}}


@pytest.mark.parametrize(("mutate", "expected"), [
    (_mutate_unknown_type, ["question 'felt_ok'", "type 'scale'", "must be one of single, multi, text"]),
    (_mutate_duplicate_id, ["question 'felt_ok'", "id is used more than once"]),
    (_mutate_positive_not_an_option, ["question 'felt_ok'", "positive value 'maybe' is not one of its options"]),
    (_mutate_required_without_message, ["question 'felt_ok'", "required_message"]),
    (_mutate_variant_unknown_question, ["variant 'child'", "question 'nope'", "does not have"]),
    (_mutate_wording_unknown_option, ["variant 'child'", "question 'felt_ok'", "option 'maybe'", "does not have"]),
    (_mutate_missing_comments, ["'comments'", "optional text question"]),
    (_mutate_reserved_variant, ["variant 'paged'", "not one the web routes use"]),
    (_mutate_staff_only_not_a_flag, ["'staff_only' must be true or false"]),
    (_mutate_opens_register_case_not_a_flag, ["'opens_register_case' must be true or false"]),
    (_mutate_opens_register_case_without_kind, ["opens register cases", "question with id 'kind'"]),
    (_mutate_opens_register_case_with_other_kinds, ["question 'kind'", "complaint, compliment"]),
    (_mutate_empty_option_wording, ["variant 'child'", "question 'felt_ok'", "option 'yes'", "non-empty text"]),
], ids=lambda value: getattr(value, "__name__", "").removeprefix("_mutate_") or None)
def test_a_broken_definition_names_file_question_and_problem(directory, mutate, expected):
    data = valid_copy()
    mutate(data)
    error = broken(directory, data)
    message = str(error)
    assert f"{SLUG}.yaml" in error.source
    assert message.startswith(error.source)
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_slug_must_match_the_file_name(directory):
    error = broken(directory, valid_copy(), name="another-form.yaml")
    assert "another-form.yaml" in error.source
    assert "slug 'test-form' must match the file name ('another-form')" in str(error)


def test_a_yaml_syntax_error_names_the_file(directory):
    text = yaml.safe_dump(VALID, sort_keys=False) + "questions: [unclosed\n  - id: {\n"
    error = broken(directory, text)
    assert f"{SLUG}.yaml" in error.source
    assert "is not valid YAML" in str(error)
    assert "line" in str(error)  # PyYAML's position, so a person can find it


def test_every_problem_is_reported_at_once(directory):
    data = valid_copy()
    _mutate_unknown_type(data)
    _mutate_positive_not_an_option(data)  # on a question whose type is already broken: dropped with it
    data["questions"][1]["positive"] = ["fax"]
    _mutate_reserved_variant(data)
    error = broken(directory, data)
    assert len(error.problems) >= 3
    message = str(error)
    assert "type 'scale'" in message
    assert "positive value 'fax'" in message
    assert "variant 'paged'" in message


def test_a_broken_file_stops_the_whole_load(directory):
    write(directory, VALID)
    bad = valid_copy()
    bad["slug"] = "other-form"
    _mutate_unknown_type(bad)
    write(directory, bad, name="other-form.yaml")
    with pytest.raises(DefinitionError, match="other-form.yaml"):
        load_questionnaires(directory)


def test_yes_no_and_age_bands_stay_text(directory):
    write(directory, f"""\
slug: {SLUG}
version: 1
title: Plain YAML, nothing quoted
questions:
  - id: agreed
    type: single
    text: Did you agree?
    options:
      - {{value: yes, label: Yes}}
      - {{value: no, label: No}}
      - {{value: on, label: On}}
    positive: [yes]
  - id: age
    type: single
    text: How old are you?
    options:
      - {{value: 8_12, label: 8 to 12}}
      - {{value: 0_4, label: 0 to 4}}
      - {{value: 16_17, label: 16 or 17}}
  - id: comments
    type: text
    text: Anything else?
""")
    questionnaire = load_questionnaires(directory)[SLUG]
    assert questionnaire.version == 1
    agreed = questionnaire.question("agreed")
    assert agreed.option_values == ("yes", "no", "on")
    assert [o.label for o in agreed.options] == ["Yes", "No", "On"]
    assert agreed.positive == ("yes",)
    assert questionnaire.question("age").option_values == ("8_12", "0_4", "16_17")
    assert all(isinstance(v, str) for q in questionnaire.questions for v in q.option_values)


def test_only_have_your_say_opens_register_cases():
    """The register hook reads the definition's flag, not a slug in the code."""
    opening = {slug for slug, q in load_questionnaires().items() if q.opens_register_case}
    assert opening == {"have-your-say"}
