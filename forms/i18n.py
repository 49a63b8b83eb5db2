"""Questionnaire text in other languages: what a translator sees, and what a reader gets.

English in the YAML is the source. Every piece of text a person reads (titles,
intros, thank-you words, audiences, question text, hints, required messages and
option labels, including a variant's rewording) goes into the ``questionnaires``
gettext catalogue, so a council's translator works in Poedit or Weblate like on
any other project (decision 0013). Ids, option values and picture names are a
contract and are never translated.

Two halves, no Flask here:

- ``extract_definitions`` is a Babel extractor (``babel.cfg`` maps
  ``forms/definitions/**.yaml`` to it), giving each string with its line.
- ``translate_questionnaire`` returns a copy of the model with every string
  passed through a ``gettext`` callable, so the web app, the paper forms and the
  cards all render a translated questionnaire with the code they already have.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import yaml

from forms.model import Option, Question, Questionnaire, Variant
from forms.yaml_loader import DefinitionLoader

#: Keys whose text a person reads, wherever they appear in a definition.
TRANSLATABLE_KEYS = frozenset({"title", "intro", "thank_you", "audience", "text", "hint", "required_message",
                               "label"})
#: Under a variant's ``wording``, ``options`` maps option values to new labels.
_REWORDED_OPTIONS_KEY = "options"

Gettext = Callable[[str], str]

#: The source language: what forms/definitions are written in.
SOURCE_LANGUAGE = "en"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


@cache
def translation_records() -> dict[str, dict]:
    """How each shipped translation was made and checked (forms/translations/languages.yaml), by code."""
    with open(TRANSLATIONS_DIR / "languages.yaml", encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle)["languages"])


def shipped_languages() -> tuple[str, ...]:
    """Every language code the service can be answered in: English first, then each translation."""
    return (SOURCE_LANGUAGE, *translation_records())


def _strings_in(node: yaml.Node) -> Iterator[tuple[int, str, str]]:
    """(line, key, text) for every translatable scalar under ``node``, in file order."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if isinstance(value_node, yaml.ScalarNode):
                if key in TRANSLATABLE_KEYS and value_node.value.strip():
                    yield value_node.start_mark.line + 1, key, value_node.value
            elif key == _REWORDED_OPTIONS_KEY and isinstance(value_node, yaml.MappingNode):
                # wording: {question_id: {options: {value: new label}}}
                for _, label_node in value_node.value:
                    if isinstance(label_node, yaml.ScalarNode) and label_node.value.strip():
                        yield label_node.start_mark.line + 1, "label", label_node.value
            else:
                yield from _strings_in(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _strings_in(item)


def strings_in_definition(text: str) -> list[tuple[int, str, str]]:
    """Every translatable string of one definition file: (line, key, text)."""
    node = yaml.compose(text, Loader=DefinitionLoader)  # noqa: S506 - a SafeLoader subclass
    return list(_strings_in(node)) if node is not None else []


def extract_definitions(fileobj, keywords, comment_tags, options):
    """Babel extractor for ``forms/definitions/*.yaml`` (see ``babel.cfg``).

    Yields ``(lineno, funcname, message, comments)``; the comment names the key,
    so a translator knows a button-length option label from a paragraph.
    """
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    for line, key, message in strings_in_definition(text):
        yield line, None, message, [key.replace("_", " ")]


def strings_in_model(questionnaire: Questionnaire) -> set[str]:
    """Every string a reader of any variant can see: what the catalogue must hold."""
    found: set[str] = {questionnaire.title}
    for variant in questionnaire.variants.values():
        found.update(text for text in (variant.title, variant.intro, variant.thank_you, variant.audience) if text)
        for question in variant.questions:
            found.update(_question_strings(question))
    for question in questionnaire.questions:
        found.update(_question_strings(question))
    return found


def _question_strings(question: Question) -> Iterator[str]:
    yield question.text
    if question.hint:
        yield question.hint
    if question.required_message:
        yield question.required_message
    for option in question.options:
        yield option.label


def _translate_option(option: Option, gettext: Gettext) -> Option:
    return dataclasses.replace(option, label=gettext(option.label))


def _translate_question(question: Question, gettext: Gettext) -> Question:
    return dataclasses.replace(
        question,
        text=gettext(question.text),
        hint=gettext(question.hint) if question.hint else question.hint,
        required_message=gettext(question.required_message) if question.required_message else None,
        options=tuple(_translate_option(option, gettext) for option in question.options),
    )


def _translate_variant(variant: Variant, gettext: Gettext) -> Variant:
    return dataclasses.replace(
        variant,
        title=gettext(variant.title),
        intro=gettext(variant.intro),
        thank_you=gettext(variant.thank_you) if variant.thank_you else variant.thank_you,
        audience=gettext(variant.audience) if variant.audience else variant.audience,
        questions=tuple(_translate_question(question, gettext) for question in variant.questions),
    )


def translate_questionnaire(questionnaire: Questionnaire, gettext: Gettext) -> Questionnaire:
    """A copy of ``questionnaire`` in another language; ids, values and pictures unchanged."""
    return dataclasses.replace(
        questionnaire,
        title=gettext(questionnaire.title),
        questions=tuple(_translate_question(question, gettext) for question in questionnaire.questions),
        variants={name: _translate_variant(variant, gettext) for name, variant in questionnaire.variants.items()},
    )
