"""The questionnaire catalogue holds exactly what a reader can see, and stays in step with the YAML."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from forms.i18n import strings_in_definition, strings_in_model, translate_questionnaire
from forms.registry import DEFINITIONS_DIR, load_questionnaires

TEMPLATE = Path(__file__).resolve().parents[2] / "forms" / "translations" / "questionnaires.pot"


def _extracted() -> set[str]:
    found: set[str] = set()
    for path in DEFINITIONS_DIR.glob("*.yaml"):
        found |= {text for _, _, text in strings_in_definition(path.read_text(encoding="utf-8"))}
    return found


def test_extractor_finds_every_string_a_reader_sees_and_nothing_else():
    seen = set()
    for questionnaire in load_questionnaires().values():
        seen |= strings_in_model(questionnaire)
    assert _extracted() == seen


def test_extractor_finds_reworded_option_labels_and_skips_ids_and_values():
    text = """
slug: x
title: A title
questions:
  - id: q1
    type: single
    text: How was it?
    options:
      - {value: "yes", label: "Good", picture: happy}
variants:
  child:
    wording:
      q1:
        options: {"yes": "Really good"}
"""
    strings = {message for _, _, message in strings_in_definition(text)}
    assert strings == {"A title", "How was it?", "Good", "Really good"}


def test_template_is_not_stale():
    with open(TEMPLATE, encoding="utf-8") as handle:
        template = {message.id for message in read_po(handle) if message.id}
    assert template == _extracted(), "run scripts/update-translations after changing forms/definitions"


def test_translation_changes_words_and_never_ids_or_values():
    questionnaire = load_questionnaires()["lac-review-child"]
    shouted = translate_questionnaire(questionnaire, str.upper)
    for name, variant in questionnaire.variants.items():
        other = shouted.variants[name]
        assert other.title == variant.title.upper()
        assert [q.id for q in other.questions] == [q.id for q in variant.questions]
        for before, after in zip(variant.questions, other.questions, strict=True):
            assert after.text == before.text.upper()
            assert [o.value for o in after.options] == [o.value for o in before.options]
            assert [o.picture for o in after.options] == [o.picture for o in before.options]
            assert after.positive == before.positive
