"""How hard a children's version is to read: a reading age from the Flesch–Kincaid grade.

Rough, as every such formula is (it counts syllables and sentence length, not meaning),
but it tells an editor when a children's version reads like a letter from the council:
the builder shows it beside each children's version (issue 13).
"""

from __future__ import annotations

import re

from forms.model import Variant

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+")


def syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def grade(texts: list[str]) -> float:
    """Flesch–Kincaid grade of the texts, each a sentence at least (a question is one)."""
    words = [word for text in texts for word in _WORD.findall(text)]
    if not words:
        return 0.0
    sentences = sum(max(len(_SENTENCE_END.findall(text)), 1) for text in texts if text.strip())
    return 0.39 * len(words) / sentences + 11.8 * sum(map(syllables, words)) / len(words) - 15.59


def reading_age(variant: Variant) -> int:
    """The age (in years) a child would usually read the version's own words at: grade + 5."""
    texts = [variant.title, variant.intro] + [q.text for q in variant.questions if not q.equality]
    texts += [option.label for q in variant.questions if not q.equality for option in q.options]
    return max(5, round(grade([t for t in texts if t]) + 5))
