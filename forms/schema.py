"""Checks a questionnaire definition and turns it into ``forms.model`` objects.

Every problem is reported with the file, the question (or variant) and what is
wrong, all at once, so a broken definition fails at start-up and in the tests
with a message a person can act on.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from forms.model import ANSWER_TYPES, DEFAULT_VARIANT, MULTI, SINGLE, TEXT, Option, Question, Questionnaire, Variant

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
OPTION_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
#: Path segments the web routes use after a slug, so no variant may take them.
RESERVED_VARIANT_NAMES = {"paged", "thank-you", "thank_you", "start"}
EQUALITY_PREFIX = "eq_"

QUESTIONNAIRE_KEYS = {"slug", "version", "title", "intro", "thank_you", "default_variant", "about_you",
                      "staff_only", "opens_register_case", "meeting_types", "teams", "questions", "variants"}
#: What a register case can be (the complaints register's ``kind``): a questionnaire that
#: opens cases asks which with a single question ``kind`` of these options.
REGISTER_KINDS = {"complaint", "compliment", "comment"}
QUESTION_KEYS = {"id", "type", "text", "hint", "options", "positive", "required", "required_message", "personal"}
OPTION_KEYS = {"value", "label", "picture"}
VARIANT_KEYS = {"title", "intro", "thank_you", "audience", "pictures", "read_aloud", "show_help", "about_you",
                "questions", "wording"}
WORDING_KEYS = {"text", "hint", "options", "required_message"}


class DefinitionError(ValueError):
    """A questionnaire definition that cannot be used, with every problem found."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + f"\n{source}: ".join(problems))


class Problems:
    def __init__(self):
        self.found: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}" if where else message)

    def unknown_keys(self, where: str, data: dict, allowed: set[str]) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.add(where, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def text(self, where: str, data: dict, key: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(where, f"'{key}' is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"'{key}' must be non-empty text, not {value!r}")
            return None
        return value.strip()

    def flag(self, where: str, data: dict, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(where, f"'{key}' must be true or false, not {value!r}")
            return default
        return value


def _parse_option(problems: Problems, where: str, data: Any) -> Option | None:
    if not isinstance(data, dict):
        problems.add(where, f"each option must be a mapping with 'value' and 'label', not {data!r}")
        return None
    problems.unknown_keys(where, data, OPTION_KEYS)
    value = data.get("value")
    if not isinstance(value, str) or not OPTION_VALUE.match(value):
        problems.add(where, f"option value {value!r} must be lower-case letters, digits and underscores")
        return None
    label = problems.text(f"{where}: option '{value}'", data, "label")
    picture = problems.text(f"{where}: option '{value}'", data, "picture", required=False)
    return Option(value=value, label=label or value, picture=picture)


def _parse_question(problems: Problems, data: Any, position: int, equality: bool) -> Question | None:
    if not isinstance(data, dict):
        problems.add(f"question {position}", "must be a mapping")
        return None
    question_id = data.get("id")
    if not isinstance(question_id, str) or not IDENTIFIER.match(question_id):
        problems.add(f"question {position}", f"id {question_id!r} must be lower-case letters, digits and underscores")
        return None
    where = f"question '{question_id}'"
    if question_id.startswith(EQUALITY_PREFIX) != equality:
        problems.add(where, f"ids starting '{EQUALITY_PREFIX}' are for the About you questions, and only those")
    problems.unknown_keys(where, data, QUESTION_KEYS)
    answer_type = data.get("type")
    if answer_type not in ANSWER_TYPES:
        problems.add(where, f"type {answer_type!r} must be one of {', '.join(ANSWER_TYPES)}")
        return None
    text = problems.text(where, data, "text")
    hint = problems.text(where, data, "hint", required=False)
    required_message = problems.text(where, data, "required_message", required=False)

    options: list[Option] = []
    raw_options = data.get("options")
    if answer_type in (SINGLE, MULTI):
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            problems.add(where, f"a {answer_type} question needs a list of at least 2 options")
        else:
            options = [o for o in (_parse_option(problems, where, item) for item in raw_options) if o]
            values = [o.value for o in options]
            for value in sorted({v for v in values if values.count(v) > 1}):
                problems.add(where, f"option value '{value}' is given more than once")
    elif raw_options is not None:
        problems.add(where, "a text question has no options")

    positive = data.get("positive", [])
    if not isinstance(positive, list) or not all(isinstance(v, str) for v in positive):
        problems.add(where, f"'positive' must be a list of option values, not {positive!r}")
        positive = []
    values = {o.value for o in options}
    for value in positive:
        if value not in values:
            problems.add(where, f"positive value '{value}' is not one of its options ({', '.join(sorted(values))})")

    required = problems.flag(where, data, "required")
    if required and not required_message:
        problems.add(where, "a required question needs a 'required_message' saying what to do (GOV.UK style)")
    personal = problems.flag(where, data, "personal")
    if personal and answer_type != TEXT:
        problems.add(where, "only a text question can be marked personal")
    return Question(id=question_id, type=answer_type, text=text or question_id, hint=hint, options=tuple(options),
                    positive=tuple(positive), required=required, required_message=required_message,
                    personal=personal, equality=equality)


def parse_questions(problems: Problems, raw: Any, equality: bool = False) -> list[Question]:
    if not isinstance(raw, list) or not raw:
        problems.add("", "'questions' must be a non-empty list")
        return []
    questions = [q for q in (_parse_question(problems, item, n, equality) for n, item in enumerate(raw, 1)) if q]
    ids = [q.id for q in questions]
    for question_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(f"question '{question_id}'", "id is used more than once")
    return questions


def _reword(problems: Problems, where: str, question: Question, wording: Any) -> Question:
    if not isinstance(wording, dict):
        problems.add(where, "wording must be a mapping")
        return question
    problems.unknown_keys(where, wording, WORDING_KEYS)
    changes: dict[str, Any] = {}
    for key in ("text", "hint", "required_message"):
        if key in wording:
            changes[key] = problems.text(where, wording, key) or getattr(question, key)
    labels = wording.get("options", {})
    if not isinstance(labels, dict):
        problems.add(where, "'options' wording must map option values to new labels")
        labels = {}
    for value, label in labels.items():
        if value not in question.option_values:
            problems.add(where, f"wording for option '{value}', which the question does not have")
        elif not isinstance(label, str) or not label.strip():
            problems.add(where, f"wording for option '{value}' must be non-empty text, not {label!r}")
    if labels:
        changes["options"] = tuple(
            dataclasses.replace(option, label=str(labels.get(option.value, option.label)))
            for option in question.options
        )
    return dataclasses.replace(question, **changes)


def _parse_variant(problems: Problems, name: str, data: Any, base: dict[str, Any],
                   questions: list[Question], about_you: list[Question]) -> Variant | None:
    where = f"variant '{name}'"
    if name in RESERVED_VARIANT_NAMES or not SLUG.match(str(name).replace("_", "-")):
        problems.add(where, "name must be lower-case words and not one the web routes use "
                            f"({', '.join(sorted(RESERVED_VARIANT_NAMES))})")
    data = data or {}
    if not isinstance(data, dict):
        problems.add(where, "must be a mapping")
        return None
    problems.unknown_keys(where, data, VARIANT_KEYS)
    by_id = {q.id: q for q in questions}
    chosen = data.get("questions")
    if chosen is None:
        selected = list(questions)
    elif not isinstance(chosen, list):
        problems.add(where, "'questions' must be a list of question ids")
        selected = list(questions)
    else:
        selected = []
        for question_id in chosen:
            if question_id not in by_id:
                problems.add(where, f"lists question '{question_id}', which the questionnaire does not have")
            elif by_id[question_id] in selected:
                problems.add(where, f"lists question '{question_id}' twice")
            else:
                selected.append(by_id[question_id])
    if problems.flag(where, data, "about_you", default=base["about_you"]):
        selected += about_you
    wording = data.get("wording") or {}
    if not isinstance(wording, dict):
        problems.add(where, "'wording' must map question ids to new wording")
        wording = {}
    selected_ids = {q.id for q in selected}
    for question_id in wording:
        if question_id not in selected_ids:
            problems.add(where, f"has wording for question '{question_id}', which this variant does not ask")
    selected = [_reword(problems, f"{where}: question '{q.id}'", q, wording[q.id]) if q.id in wording else q
                for q in selected]
    return Variant(
        name=name,
        title=problems.text(where, data, "title", required=False) or base["title"],
        intro=problems.text(where, data, "intro", required=False) or base["intro"],
        thank_you=problems.text(where, data, "thank_you", required=False) or base["thank_you"],
        audience=problems.text(where, data, "audience", required=False) or "",
        questions=tuple(selected),
        pictures=problems.flag(where, data, "pictures"),
        read_aloud=problems.flag(where, data, "read_aloud"),
        show_help=problems.flag(where, data, "show_help"),
    )


def parse_questionnaire(data: Any, source: str, about_you: list[Question]) -> Questionnaire:
    """Validate one definition's data; raise ``DefinitionError`` naming every problem."""
    problems = Problems()
    if not isinstance(data, dict):
        raise DefinitionError(source, ["the file must hold a mapping (slug, version, title, questions ...)"])
    problems.unknown_keys("", data, QUESTIONNAIRE_KEYS)
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.add("", f"slug {slug!r} must be lower-case words joined by hyphens")
    elif Path(source).stem != slug:
        problems.add("", f"slug '{slug}' must match the file name ('{Path(source).stem}')")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.add("", f"version must be a whole number from 1, not {version!r}")
    base = {
        "title": problems.text("", data, "title") or "",
        "intro": problems.text("", data, "intro", required=False) or "",
        "thank_you": problems.text("", data, "thank_you", required=False) or "",
        "about_you": problems.flag("", data, "about_you"),
    }
    questions = parse_questions(problems, data.get("questions"))
    comments = next((q for q in questions if q.id == "comments"), None)
    if comments is None or comments.type != TEXT or comments.required:
        problems.add("", "every questionnaire needs an optional text question with id 'comments'")

    raw_variants = data.get("variants") or {DEFAULT_VARIANT: {}}
    if not isinstance(raw_variants, dict):
        problems.add("", "'variants' must map variant names to their settings")
        raw_variants = {DEFAULT_VARIANT: {}}
    variants = {}
    for name, variant_data in raw_variants.items():
        variant = _parse_variant(problems, name, variant_data, base, questions, about_you)
        if variant:
            variants[name] = variant
    default_variant = data.get("default_variant", DEFAULT_VARIANT)
    if default_variant not in raw_variants:
        problems.add("", f"default_variant '{default_variant}' is not one of its variants")
    # Read before the check below, so that a wrong value is reported, not taken as false.
    staff_only = problems.flag("", data, "staff_only")
    opens_register_case = problems.flag("", data, "opens_register_case")
    if opens_register_case:
        _check_register_kind(problems, questions)
    meeting_types = data.get("meeting_types") or []
    if not isinstance(meeting_types, list) or not all(isinstance(meeting, str) and IDENTIFIER.match(meeting)
                                                      for meeting in meeting_types):
        problems.add("", f"'meeting_types' must be a list of meeting type names, not {meeting_types!r}")
        meeting_types = []
    teams = data.get("teams") or []
    if not isinstance(teams, list) or not all(isinstance(team, str) and 0 < len(team) <= 64 for team in teams):
        problems.add("", f"'teams' must be a list of team names, not {teams!r}")
        teams = []
    if problems.found:
        raise DefinitionError(source, problems.found)
    asks_about_you = any(q.equality for variant in variants.values() for q in variant.questions)
    return Questionnaire(slug=slug, version=version, title=base["title"],
                         questions=tuple(questions + (about_you if asks_about_you else [])),
                         variants=variants, default_variant=default_variant,
                         staff_only=staff_only, opens_register_case=opens_register_case,
                         meeting_types=tuple(meeting_types), teams=tuple(teams), source_file=source)


def _check_register_kind(problems: Problems, questions: list[Question]) -> None:
    """A case needs its kind: without a ``kind`` question every case would be a comment."""
    kind = next((q for q in questions if q.id == "kind"), None)
    if kind is None or kind.type != SINGLE:
        problems.add("", "a questionnaire that opens register cases needs a single-choice question with id 'kind'")
    elif set(kind.option_values) - REGISTER_KINDS:
        problems.add("question 'kind'", f"options must be among {', '.join(sorted(REGISTER_KINDS))} "
                                        "(the kinds of case in the register)")
