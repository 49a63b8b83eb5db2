"""What changed between two versions of a questionnaire, and whether a new version may be published.

Answers are kept by question id and option value, and reported across versions
together, so publishing checks that

* an id that has answers keeps its meaning: a question stays the same kind (single, multi,
  text), and an id or option value that a version with answers used, and a later version
  dropped, is never brought back with other words (it would be read as the old answer);
* a change that alters what an answer means (an option removed or reworded) says why, in
  the version's note, so whoever reads a report across versions can find out.

No Flask here: the web app and the command line both call :func:`publish_problems`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from forms.model import Question, Questionnaire


@dataclass(frozen=True)
class Change:
    """One difference, in words a person reads in the history of versions."""

    description: str
    #: Changes what an existing answer means (an option removed or reworded): needs a note.
    alters_meaning: bool = False


def _own_questions(questionnaire: Questionnaire | None) -> dict[str, Question]:
    """The questionnaire's own questions (About you is shared, not built here), by id."""
    if questionnaire is None:
        return {}
    return {question.id: question for question in questionnaire.questions if not question.equality}


def differences(old: Questionnaire | None, new: Questionnaire) -> list[Change]:
    """Questions and options added, removed and reworded from ``old`` to ``new``, in ``new``'s order."""
    before, after = _own_questions(old), _own_questions(new)
    changes: list[Change] = []
    if old is not None and old.title != new.title:
        changes.append(Change(f"Title changed from “{old.title}” to “{new.title}”"))
    for question_id, question in after.items():
        previous = before.get(question_id)
        if previous is None:
            changes.append(Change(f"Question added: “{question.text}” ({question_id})"))
            continue
        changes.extend(_question_changes(previous, question))
    for question_id, question in before.items():
        if question_id not in after:
            changes.append(Change(f"Question removed: “{question.text}” ({question_id})"))
    if old is not None:
        asked_before = any(q.equality for q in old.questions)
        asked_now = any(q.equality for q in new.questions)
        if asked_before != asked_now:
            changes.append(Change("About you questions " + ("added" if asked_now else "removed")))
    return changes


def _question_changes(old: Question, new: Question) -> list[Change]:
    changes: list[Change] = []
    if old.text != new.text:
        changes.append(Change(f"Question reworded ({new.id}): “{old.text}” is now “{new.text}”"))
    if old.type != new.type:
        changes.append(Change(f"Question {new.id} changed from {old.type} to {new.type}", alters_meaning=True))
    if (old.hint or "") != (new.hint or ""):
        changes.append(Change(f"Hint of {new.id} changed to “{new.hint or '(none)'}”"))
    if old.required != new.required:
        changes.append(Change(f"Question {new.id} is now {'required' if new.required else 'optional'}"))
    if set(old.positive) != set(new.positive):
        changes.append(Change(f"Positive answers of {new.id} are now: {', '.join(new.positive) or 'none'}"))
    old_labels = {option.value: option.label for option in old.options}
    new_labels = {option.value: option.label for option in new.options}
    for value, label in new_labels.items():
        if value not in old_labels:
            changes.append(Change(f"Option added to {new.id}: “{label}” ({value})"))
        elif old_labels[value] != label:
            changes.append(Change(f"Option of {new.id} reworded: “{old_labels[value]}” is now “{label}” ({value})",
                                  alters_meaning=True))
    for value, label in old_labels.items():
        if value not in new_labels:
            changes.append(Change(f"Option removed from {new.id}: “{label}” ({value})", alters_meaning=True))
    return changes


def id_problems(new: Questionnaire, latest: Questionnaire | None, answered: Sequence[Questionnaire]) -> list[str]:
    """Ids in ``new`` that would change meaning for answers already given. ``latest`` is the
    live version; ``answered`` every earlier version people may have answered."""
    problems: list[str] = []
    current = _own_questions(latest)
    for question_id, question in _own_questions(new).items():
        for earlier in answered:
            was = _own_questions(earlier).get(question_id)
            if was is None:
                continue
            where = f"Question “{question.text}” ({question_id})"
            if was.type != question.type:
                problems.append(f"{where} was a {was.type} question in version {earlier.version}, which people "
                                f"may have answered: a {question.type} question needs a new id")
                break
            if question_id not in current and was.text != question.text:
                problems.append(f"{where} reuses the id of “{was.text}”, removed after version {earlier.version}: "
                                "ids that may have answers are never reused, so give it a new id")
                break
            now_options = {option.value: option.label for option in question.options}
            live_options = set(current[question_id].option_values) if question_id in current else set()
            for option in was.options:
                if (option.value in now_options and option.value not in live_options
                        and now_options[option.value] != option.label):
                    problems.append(f"{where}: option value '{option.value}' meant “{option.label}” in version "
                                    f"{earlier.version}, which people may have answered: "
                                    f"give “{now_options[option.value]}” a new value")
    return problems


def publish_problems(new: Questionnaire, latest: Questionnaire | None, answered: Sequence[Questionnaire],
                     note: str) -> list[str]:
    """Why ``new`` may not be published over ``latest`` (nothing: it may)."""
    problems = id_problems(new, latest, answered)
    meaning = [change.description for change in differences(latest, new) if change.alters_meaning]
    if meaning and not note.strip():
        problems.append("Say why in the version note: this version changes what earlier answers mean ("
                        + "; ".join(meaning) + ")")
    return problems
