"""Ids for questions and options a person builds: made from the words once, then never changed.

Rewording a question keeps its id (answers stay joined up across versions); an id once
used is never given to another question, even after that question was removed, so an
old answer can never be read as the answer to something else (issue 13).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from forms.schema import EQUALITY_PREFIX, IDENTIFIER, OPTION_VALUE

MAX_LENGTH = 40
#: Ids the web app uses itself (the honeypot box), so no question may take them.
RESERVED = frozenset({"website", "csrf_token"})


def _words(text: str) -> str:
    lowered = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if len(lowered) > MAX_LENGTH:
        lowered = lowered[:MAX_LENGTH].rsplit("_", 1)[0] or lowered[:MAX_LENGTH]
    return lowered


def _unused(base: str, taken: Collection[str]) -> str:
    candidate, number = base, 2
    while candidate in taken or candidate in RESERVED:
        candidate = f"{base}_{number}"
        number += 1
    return candidate


def question_id(text: str, taken: Collection[str]) -> str:
    """A new question's id from its words, unlike every id in ``taken`` (all ever used)."""
    base = _words(text)
    if not base or not IDENTIFIER.match(base):
        base = f"q_{base}" if base else "question"
    if base.startswith(EQUALITY_PREFIX):
        base = "q_" + base
    return _unused(base, taken)


def option_value(label: str, taken: Collection[str]) -> str:
    """A new option's value from its label, unlike every value in ``taken``."""
    base = _words(label) or "option"
    if not OPTION_VALUE.match(base):
        base = "option"
    return _unused(base, taken)
