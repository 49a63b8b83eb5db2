"""Questionnaires as documents: the shipped YAML files plus what councils built and published.

A *document* is a definition in exactly the shape of a YAML file in ``forms/definitions``
(a dict: slug, version, title, questions, variants...). The web app keeps built ones in its
database; this module only turns documents into ``forms.model`` objects, with the SAME
``forms.schema`` parse as the files, so there is one validator. No Flask, no database here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from forms.model import Question, Questionnaire
from forms.registry import DEFINITIONS_DIR, load_about_you, load_questionnaires
from forms.schema import DefinitionError, parse_questionnaire
from forms.yaml_loader import load_yaml, load_yaml_text


def source_name(data: Any, fallback: str = "document") -> str:
    """What a document's problems are reported against: ``SLUG.yaml``, as for a shipped file
    (the schema checks that a slug matches its file's name, which a document trivially does)."""
    slug = data.get("slug") if isinstance(data, dict) else None
    return f"{slug}.yaml" if isinstance(slug, str) and slug else fallback


def parse_document(data: Any, about_you: list[Question], fallback_source: str = "document") -> Questionnaire:
    """One document as a questionnaire; raises ``DefinitionError`` naming every problem."""
    return parse_questionnaire(data, source_name(data, fallback_source), about_you)


def shipped_documents(directory: Path = DEFINITIONS_DIR) -> dict[str, dict]:
    """Every shipped definition file as a document, by slug (what a new deployment starts from)."""
    documents = {}
    for path in sorted(directory.glob("*.yaml")):
        if not path.name.startswith("_"):
            data = load_yaml(path)
            documents[data["slug"]] = data
    return documents


def questionnaires_from(published: Mapping[str, dict], directory: Path = DEFINITIONS_DIR) -> dict[str, Questionnaire]:
    """The shipped questionnaires with, for each slug in ``published`` (its newest published
    document), that document in place of (or beside) the file. Raises ``DefinitionError``."""
    questionnaires = load_questionnaires(directory)
    about_you = load_about_you(directory)
    for slug in sorted(published):
        questionnaires[slug] = parse_document(published[slug], about_you)
    return questionnaires


def without_source(questionnaire: Questionnaire) -> Questionnaire:
    """For comparing definitions: where one was read from is not part of it."""
    return dataclasses.replace(questionnaire, source_file="")


def to_yaml(document: dict) -> str:
    """A document as YAML text that ``load_yaml`` reads back identically (``"yes"`` stays text)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def from_yaml(text: str, source: str) -> Any:
    try:
        return load_yaml_text(text)
    except yaml.YAMLError as error:
        raise DefinitionError(source, [f"is not valid YAML: {error}"]) from error
