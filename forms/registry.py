"""Loads every questionnaire definition in ``forms/definitions``.

Files whose names start with ``_`` are shared parts, not questionnaires: the
"About you" equality questions live in ``_about_you.yaml``.
"""

from __future__ import annotations

from pathlib import Path

from forms.model import Question, Questionnaire
from forms.schema import DefinitionError, Problems, parse_questionnaire, parse_questions
from forms.yaml_loader import load_yaml

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
ABOUT_YOU_FILE = "_about_you.yaml"


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_about_you(directory: Path = DEFINITIONS_DIR) -> list[Question]:
    path = directory / ABOUT_YOU_FILE
    data = load_yaml(path)
    problems = Problems()
    raw = data.get("questions") if isinstance(data, dict) else None
    questions = parse_questions(problems, raw, equality=True)
    for question in questions:
        if question.type != "single" or "prefer_not_to_say" not in question.option_values:
            problems.add(f"question '{question.id}'", "an About you question is single choice with 'prefer_not_to_say'")
        if question.required:
            problems.add(f"question '{question.id}'", "About you questions are always optional")
    if problems.found:
        raise DefinitionError(_display_path(path), problems.found)
    return questions


def load_questionnaires(directory: Path = DEFINITIONS_DIR) -> dict[str, Questionnaire]:
    """Every questionnaire by slug; raises ``DefinitionError`` for the first broken file."""
    about_you = load_about_you(directory)
    questionnaires: dict[str, Questionnaire] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        source = _display_path(path)
        try:
            data = load_yaml(path)
        except Exception as error:  # a YAML syntax error: say where, in the same shape as the rest
            raise DefinitionError(source, [f"is not valid YAML: {error}"]) from error
        questionnaire = parse_questionnaire(data, source, about_you)
        questionnaires[questionnaire.slug] = questionnaire
    return questionnaires
