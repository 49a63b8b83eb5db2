"""Documents: the shipped files through YAML and back, ids made once, and what a new version may change."""

from __future__ import annotations

import dataclasses

import pytest

from forms import ids
from forms.anonymity import identity_asked_for
from forms.documents import from_yaml, parse_document, questionnaires_from, shipped_documents, to_yaml, without_source
from forms.model import Option, Question, Variant
from forms.reading_level import reading_age
from forms.registry import load_about_you, load_questionnaires
from forms.schema import DefinitionError
from forms.versions import differences, publish_problems


@pytest.mark.parametrize("slug", sorted(load_questionnaires()))
def test_every_shipped_questionnaire_survives_yaml_and_back(slug):
    shipped = load_questionnaires()[slug]
    document = shipped_documents()[slug]
    again = parse_document(from_yaml(to_yaml(document), "x"), load_about_you())
    assert without_source(again) == without_source(shipped)


def test_a_published_document_replaces_its_file_and_a_new_one_is_added():
    changed = {**shipped_documents()["fgc-family"], "title": "Family meetings: tell us"}
    new = {"slug": "youth-club", "version": 1, "title": "Youth club",
           "questions": [{"id": "comments", "type": "text", "text": "Anything else?"}]}
    questionnaires = questionnaires_from({"fgc-family": changed, "youth-club": new})
    assert questionnaires["fgc-family"].title == "Family meetings: tell us"
    assert questionnaires["youth-club"].question_ids == ("comments",)
    assert questionnaires["lac-review-child"] == load_questionnaires()["lac-review-child"]


def test_a_broken_document_is_refused_with_the_question_named():
    broken = {"slug": "youth-club", "version": 1, "title": "Youth club",
              "questions": [{"id": "happy", "type": "single", "text": "Happy?", "options": [{"value": "y",
                                                                                             "label": "Yes"}]},
                            {"id": "comments", "type": "text", "text": "Anything else?"}]}
    with pytest.raises(DefinitionError) as error:
        questionnaires_from({"youth-club": broken})
    assert "youth-club.yaml: question 'happy': a single question needs a list of at least 2 options" in str(error.value)


def test_ids_come_from_the_words_once_and_never_repeat_one_used_before():
    assert ids.question_id("Did you feel listened to?", set()) == "did_you_feel_listened_to"
    assert ids.question_id("Did you feel listened to?", {"did_you_feel_listened_to"}) == "did_you_feel_listened_to_2"
    assert ids.question_id("Eq stuff", set()) == "q_eq_stuff"
    assert ids.question_id("1st time?", set()) == "q_1st_time"
    assert ids.question_id("Website", set()) == "website_2"  # the honeypot's name
    assert len(ids.question_id("word " * 30, set())) <= ids.MAX_LENGTH
    assert ids.option_value("Yes", {"yes"}) == "yes_2"
    assert ids.option_value("8 to 12", set()) == "8_to_12"


def _family(**changes):
    return parse_document({**shipped_documents()["fgc-family"], **changes}, load_about_you())


def _with_question(questionnaire, question_id, **changes):
    questions = tuple(dataclasses.replace(q, **changes) if q.id == question_id else q for q in questionnaire.questions)
    return dataclasses.replace(questionnaire, questions=questions, version=questionnaire.version + 1)


def test_removing_or_rewording_an_option_needs_a_note_and_the_diff_says_what_changed():
    live = _family()
    question = next(q for q in live.questions if q.type == "single" and not q.equality)
    fewer = _with_question(live, question.id, options=question.options[:-1])
    problems = publish_problems(fewer, live, [live], note="")
    assert problems and "Say why in the version note" in problems[0] and "Option removed" in problems[0]
    assert publish_problems(fewer, live, [live], note="The last choice confused people") == []
    reworded = _with_question(live, question.id, text="Reworded question?")
    assert publish_problems(reworded, live, [live], note="") == []  # rewording a question keeps its meaning
    assert [c.description for c in differences(live, reworded)] == [
        f"Question reworded ({question.id}): “{question.text}” is now “Reworded question?”"]


def test_an_id_with_answers_keeps_its_kind_and_is_never_reused_for_other_words():
    live = _family()
    question = next(q for q in live.questions if q.type == "single" and not q.equality)
    as_text = _with_question(live, question.id, type="text", options=(), positive=())
    assert "needs a new id" in " ".join(publish_problems(as_text, live, [live], note="why"))
    without = dataclasses.replace(live, questions=tuple(q for q in live.questions if q.id != question.id), version=2)
    back = _with_question(live, question.id, text="Something else entirely?")
    assert "never reused" in " ".join(publish_problems(back, without, [live], note="why"))
    # Without answers on the earlier version, an id may still be given to other words.
    assert publish_problems(back, without, [], note="why") == []


@pytest.mark.parametrize("text, asks", [
    ("What is your child's name?", "a name"), ("What is your address or postcode?", "an address"),
    ("What is your date of birth?", "a date of birth"), ("Please give the case number", "a case number"),
    ("What is your phone number?", "contact details"), ("Did you feel listened to?", None),
    ("Was the meeting held somewhere you could get to?", None),
])
def test_a_question_asking_who_someone_is_is_spotted(text, asks):
    assert identity_asked_for(text) == asks


def test_a_childs_version_in_short_words_reads_younger_than_a_letter():
    plain = Variant(name="child", title="Your club", intro="Tell us what you think.", questions=(
        Question("fun", "single", "Was it fun?", options=(Option("yes", "Yes"), Option("no", "No"))),))
    letter = Variant(name="standard", title="Evaluation of provision", intro=(
        "We would appreciate your consideration of the following questions regarding organisational "
        "arrangements and the effectiveness of communication."), questions=(
        Question("satisfaction", "single", "How satisfied were you with the administrative arrangements?",
                 options=(Option("yes", "Satisfactory"), Option("no", "Unsatisfactory"))),))
    assert reading_age(plain) < 9 < reading_age(letter)
