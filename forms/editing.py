"""Changes a person makes to a questionnaire document in the builder, as pure functions.

Each takes a document (the shape of a forms/definitions YAML file) and returns a new one;
the caller checks the result with the schema before keeping it, so a change that would
break the definition changes nothing. Ids are made from the words once (forms/ids.py)
and kept when the words change.
"""

from __future__ import annotations

import copy
from collections.abc import Collection

from forms import ids
from forms.model import TEXT

#: Every questionnaire ends with this optional free-text question (the schema requires it).
COMMENTS = {"id": "comments", "type": "text", "text": "Is there anything else you would like to tell us?",
            "hint": "Please do not write your name or anyone else's."}
CHILD_VARIANT = "child"


def new_document(slug: str, title: str) -> dict:
    return {"slug": slug, "version": 1, "title": title,
            "intro": "Your answers help us make our services better. You do not have to give your name.",
            "thank_you": "Thank you. Your answers have been sent.", "about_you": False,
            "questions": [dict(COMMENTS)]}


def copy_document(source: dict, slug: str, title: str) -> dict:
    """A new questionnaire from a copy of another: same questions and ids, its own slug and title."""
    document = copy.deepcopy(source)
    document.update(slug=slug, version=1, title=title)
    return document


def _options_from(rows: list, existing: list[dict], taken: Collection[str]) -> list[dict]:
    """Options for ``rows`` in order, each a label or ``{"label", "value"}`` (the value its box
    had). A row naming an existing value keeps it (and its picture) with the new words, so a
    reworded answer is counted with the old; a label already there keeps its value; a new one
    gets a value made from its words, never one used before."""
    by_value = {option["value"]: option for option in existing}
    by_label = {option["label"]: option for option in existing}
    used = set(taken) | set(by_value)
    options = []
    rows = [row if isinstance(row, dict) else {"label": row, "value": None} for row in rows]
    claimed = {row["value"] for row in rows if row.get("value") in by_value}
    for row in rows:
        label = row["label"]
        if row.get("value") in by_value:
            options.append({**by_value.pop(row["value"]), "label": label})
            by_label = {k: v for k, v in by_label.items() if v["value"] != row["value"]}
        elif label in by_label and by_label[label]["value"] not in claimed and by_label[label]["value"] in by_value:
            option = by_label.pop(label)
            by_value.pop(option["value"])
            options.append(dict(option))
        else:
            value = ids.option_value(label, used)
            used.add(value)
            options.append({"value": value, "label": label})
    return options


def set_question(document: dict, question_id: str | None, answers: dict, taken_ids: Collection[str],
                 taken_values: dict[str, Collection[str]]) -> tuple[dict, str]:
    """The document with question ``question_id`` changed (or a new one added before the
    comments question when ``None``) from the builder's form answers:
    ``text, hint, type, options (labels), positive (labels), required, required_message``.
    ``taken_ids``/``taken_values`` are every id and option value ever used (so never reused)."""
    document = copy.deepcopy(document)
    questions: list[dict] = document["questions"]
    if question_id is None:
        question_id = ids.question_id(answers["text"], set(taken_ids) | {q["id"] for q in questions})
        question: dict = {"id": question_id}
        at = next((n for n, q in enumerate(questions) if q["id"] == COMMENTS["id"]), len(questions))
        questions.insert(at, question)
    else:
        question = next(q for q in questions if q["id"] == question_id)
    existing = question.get("options", [])
    kept = {key: question[key] for key in ("id", "personal") if key in question}
    question.clear()
    question.update(kept)
    question["type"] = answers["type"]
    question["text"] = answers["text"]
    if answers.get("hint"):
        question["hint"] = answers["hint"]
    if answers["type"] != TEXT:
        options = _options_from(answers["options"], existing, taken_values.get(question_id, ()))
        question["options"] = options
        positive = [option["value"] for option in options if option["label"] in set(answers.get("positive", ()))]
        if positive:
            question["positive"] = positive
    if answers.get("required"):
        question["required"] = True
        question["required_message"] = answers.get("required_message") or None
        if question["required_message"] is None:
            del question["required_message"]
    _drop_stale_wording(document, question_id)
    return document, question_id


def _drop_stale_wording(document: dict, question_id: str) -> None:
    """A variant's rewording of options the question no longer has would break the definition."""
    question = next(q for q in document["questions"] if q["id"] == question_id)
    values = {option["value"] for option in question.get("options", [])}
    for variant in (document.get("variants") or {}).values():
        wording = ((variant or {}).get("wording") or {}).get(question_id)
        if isinstance(wording, dict) and isinstance(wording.get("options"), dict):
            wording["options"] = {v: label for v, label in wording["options"].items() if v in values}
            if not wording["options"]:
                del wording["options"]


def move_question(document: dict, question_id: str, step: int) -> dict:
    """The question moved one place up (``-1``) or down (``1``); variants listing questions follow."""
    document = copy.deepcopy(document)
    questions = document["questions"]
    at = next(n for n, q in enumerate(questions) if q["id"] == question_id)
    to = at + step
    if 0 <= to < len(questions):
        questions[at], questions[to] = questions[to], questions[at]
    order = [q["id"] for q in questions]
    for variant in (document.get("variants") or {}).values():
        if variant and isinstance(variant.get("questions"), list):
            variant["questions"].sort(key=lambda qid: order.index(qid) if qid in order else len(order))
    return document


def remove_question(document: dict, question_id: str) -> dict:
    """The document without the question, in every variant too. Its id stays used (forms/ids.py)."""
    document = copy.deepcopy(document)
    document["questions"] = [q for q in document["questions"] if q["id"] != question_id]
    for variant in (document.get("variants") or {}).values():
        if not variant:
            continue
        if isinstance(variant.get("questions"), list):
            variant["questions"] = [qid for qid in variant["questions"] if qid != question_id]
        if isinstance(variant.get("wording"), dict):
            variant["wording"].pop(question_id, None)
    return document


def set_settings(document: dict, title: str, intro: str, thank_you: str, about_you: bool,
                 opens_register_case: bool = False, meeting_types: list[str] | None = None,
                 teams: list[str] | None = None) -> dict:
    document = copy.deepcopy(document)
    document.update(title=title, about_you=about_you)
    for key, value in (("opens_register_case", opens_register_case), ("meeting_types", meeting_types),
                       ("teams", teams)):
        if value:
            document[key] = value
        else:
            document.pop(key, None)
    for key, value in (("intro", intro), ("thank_you", thank_you)):
        if value:
            document[key] = value
        else:
            document.pop(key, None)
    return document


def set_child_variant(document: dict, asked: list[str], wording: dict[str, str], title: str, intro: str,
                      pictures: bool, read_aloud: bool, show_help: bool) -> dict:
    """A children's version beside the standard one: the questions it asks, in its own words."""
    document = copy.deepcopy(document)
    variants = document.get("variants") or {"standard": {}}
    variant: dict = {"audience": "Children", "questions": asked, "pictures": pictures, "read_aloud": read_aloud,
                     "show_help": show_help}
    if title:
        variant["title"] = title
    if intro:
        variant["intro"] = intro
    words = {qid: {"text": text} for qid, text in wording.items() if text and qid in asked}
    if words:
        variant["wording"] = words
    variants[CHILD_VARIANT] = variant
    document["variants"] = variants
    document.setdefault("default_variant", "standard")
    return document


def remove_child_variant(document: dict) -> dict:
    document = copy.deepcopy(document)
    variants = document.get("variants") or {}
    variants.pop(CHILD_VARIANT, None)
    if variants:
        document["variants"] = variants
    else:
        document.pop("variants", None)
    return document


def set_pictures(document: dict, pictures: dict[tuple[str, str], str | None]) -> dict:
    """Pictures for options (question id, option value) -> a picture's name, or ``None`` for none.
    Shown beside the words in versions with ``pictures`` (the children's)."""
    document = copy.deepcopy(document)
    for question in document["questions"]:
        for option in question.get("options") or []:
            key = (question["id"], option["value"])
            if key in pictures:
                if pictures[key]:
                    option["picture"] = pictures[key]
                else:
                    option.pop("picture", None)
    return document
