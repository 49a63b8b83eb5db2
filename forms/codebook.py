"""A response's choices as one short fixed-width code, for fast analysis.

Answers are stored one row per chosen option (``answers`` table): the truth, easy to
read and to import. Counting a million responses that way means joining millions of
rows, so each response also keeps its choices as a code with one character per
*slot*: a single-choice question is one slot (``0`` unanswered, ``1`` its first
option, ``2`` the second...), and each option of a multi-choice question is a slot of
its own (``1`` chosen, ``0`` not). Free text is never in the code.

Every response keeps the definition version it was answered on, and the slots of each
version are pinned in ``forms/codebooks.json`` so that old codes can always be read:
a test fails when a definition changes its choices without a new version number and
a new entry there (``python -m forms.codebook --update`` writes it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from forms.model import MULTI, SINGLE, Questionnaire

LOCK_FILE = Path(__file__).parent / "codebooks.json"
UNANSWERED = "0"
CHOSEN = "1"
#: Code characters: ``0`` is "unanswered", then one per option in definition order.
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Slot:
    question_id: str
    #: The option values a single-choice slot can hold, in code order (code 1 first).
    options: tuple[str, ...] = ()
    #: For a multi-choice slot: the one option it records.
    option: str | None = None

    @property
    def is_multi(self) -> bool:
        return self.option is not None


@dataclass(frozen=True)
class Codebook:
    slots: tuple[Slot, ...]

    @classmethod
    def for_questionnaire(cls, questionnaire: Questionnaire) -> Codebook:
        slots = []
        for question in questionnaire.questions:
            if question.type == SINGLE:
                if len(question.options) >= len(ALPHABET):
                    raise ValueError(f"{questionnaire.slug}: '{question.id}' has too many options for a codebook")
                slots.append(Slot(question.id, options=question.option_values))
            elif question.type == MULTI:
                slots.extend(Slot(question.id, option=value) for value in question.option_values)
        return cls(tuple(slots))

    def encode(self, answers: Mapping[str, Sequence[str]]) -> str:
        """The code for one response's answers (question id to chosen values).
        Values that are not options (which validation never lets through) are left out."""
        code = []
        for slot in self.slots:
            chosen = answers.get(slot.question_id, ())
            if slot.is_multi:
                code.append(CHOSEN if slot.option in chosen else UNANSWERED)
            else:
                value = chosen[0] if chosen else None
                code.append(ALPHABET[slot.options.index(value) + 1] if value in slot.options else UNANSWERED)
        return "".join(code)

    def as_json(self) -> list:
        return [[s.question_id, s.option] if s.is_multi else [s.question_id, list(s.options)] for s in self.slots]

    @classmethod
    def from_json(cls, data: list) -> Codebook:
        return cls(tuple(Slot(qid, option=rest) if isinstance(rest, str) else Slot(qid, options=tuple(rest))
                         for qid, rest in data))


@cache
def _pinned() -> dict:
    return json.loads(LOCK_FILE.read_text(encoding="utf-8")) if LOCK_FILE.exists() else {}


def pinned_codebook(slug: str, version: int) -> Codebook:
    """The codebook responses to ``slug`` answered on ``version`` were coded with."""
    try:
        return Codebook.from_json(_pinned()[slug][str(version)])
    except KeyError:
        raise KeyError(f"no codebook pinned for {slug} version {version} in {LOCK_FILE.name}") from None


def pin(questionnaires: Mapping[str, Questionnaire], path: Path = LOCK_FILE) -> dict:
    """Add the current version of every questionnaire to the pinned codebooks. A version
    already pinned is never rewritten: change the version number instead."""
    pinned = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for slug, questionnaire in sorted(questionnaires.items()):
        versions = pinned.setdefault(slug, {})
        current = Codebook.for_questionnaire(questionnaire).as_json()
        existing = versions.get(str(questionnaire.version))
        if existing is not None and existing != current:
            raise ValueError(f"{slug} version {questionnaire.version} changed its choices: "
                             "give it a new version number")
        versions[str(questionnaire.version)] = current
    path.write_text(_readable_json(pinned), encoding="utf-8")
    _pinned.cache_clear()
    return pinned


def _readable_json(pinned: dict) -> str:
    """One slot a line, so a reviewer sees in a diff exactly which choices a version added."""
    lines = ["{"]
    for s, (slug, versions) in enumerate(sorted(pinned.items())):
        lines.append(f" {json.dumps(slug)}: {{")
        for v, (version, slots) in enumerate(sorted(versions.items(), key=lambda item: int(item[0]))):
            lines.append(f"  {json.dumps(version)}: [")
            lines.extend(f"   {json.dumps(slot)}{',' if i < len(slots) - 1 else ''}" for i, slot in enumerate(slots))
            lines.append(f"  ]{',' if v < len(versions) - 1 else ''}")
        lines.append(f" }}{',' if s < len(pinned) - 1 else ''}")
    return "\n".join(lines) + "\n}\n"


if __name__ == "__main__":  # python -m forms.codebook --update
    from forms.registry import load_questionnaires

    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m forms.codebook --update")
    pin(load_questionnaires())
    print(f"pinned codebooks written to {LOCK_FILE}")
