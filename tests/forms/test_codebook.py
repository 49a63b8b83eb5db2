"""Choice codes: one character per slot, pinned per definition version."""

from __future__ import annotations

import json

import pytest

from forms.codebook import Codebook, pin, pinned_codebook
from forms.model import Option, Question, Questionnaire
from forms.registry import load_questionnaires


def _questionnaire(version=1, extra_option=False):
    options = [Option("yes", "Yes"), Option("no", "No")] + ([Option("maybe", "Maybe")] if extra_option else [])
    return Questionnaire(slug="demo", version=version, title="Demo", questions=(
        Question("happy", "single", "Happy?", options=tuple(options), positive=("yes",)),
        Question("help", "multi", "Help?", options=(Option("a", "A"), Option("b", "B"), Option("c", "C"))),
        Question("comments", "text", "Comments?"),
    ))


def test_single_is_one_slot_numbered_from_one_and_multi_one_slot_per_option():
    codebook = Codebook.for_questionnaire(_questionnaire())
    assert codebook.encode({"happy": ["no"], "help": ["a", "c"], "comments": ["free text"]}) == "2101"
    assert codebook.encode({"happy": ["yes"]}) == "1000"
    assert codebook.encode({}) == "0000"


def test_text_never_reaches_the_code():
    codebook = Codebook.for_questionnaire(_questionnaire())
    assert [slot.question_id for slot in codebook.slots] == ["happy", "help", "help", "help"]


def test_a_value_that_is_not_an_option_is_left_out():
    assert Codebook.for_questionnaire(_questionnaire()).encode({"happy": ["perhaps"], "help": ["z"]}) == "0000"


def test_json_round_trip():
    codebook = Codebook.for_questionnaire(_questionnaire())
    assert Codebook.from_json(json.loads(json.dumps(codebook.as_json()))) == codebook


def test_every_definition_is_pinned_as_it_is_now():
    """Fails when a definition changes its choices without a new version number."""
    for slug, questionnaire in load_questionnaires().items():
        assert pinned_codebook(slug, questionnaire.version) == Codebook.for_questionnaire(questionnaire), (
            f"{slug}: choices changed — give it a new version and run python -m forms.codebook --update")


def test_pinning_refuses_to_rewrite_a_version_and_keeps_old_versions(tmp_path):
    lock = tmp_path / "codebooks.json"
    pin({"demo": _questionnaire()}, lock)
    with pytest.raises(ValueError, match="new version number"):
        pin({"demo": _questionnaire(extra_option=True)}, lock)
    pin({"demo": _questionnaire(version=2, extra_option=True)}, lock)
    pinned = json.loads(lock.read_text())["demo"]
    assert pinned["1"][0] == ["happy", ["yes", "no"]]
    assert pinned["2"][0] == ["happy", ["yes", "no", "maybe"]]
