"""Questions that would break the anonymity the service promises (docs/decisions/0002).

A question asking for a name, an address, a date of birth or a case number would let
whoever reads the answers find the person. The builder does not forbid one (a council
may have a reason), but warns, and whoever goes ahead is recorded in the audit log.
"""

from __future__ import annotations

import re

_ASKS = (
    (re.compile(r"\b(?:your|their|child'?s|first|last|full|sur|family)\s*names?\b|\bnames?\b", re.I), "a name"),
    (re.compile(r"\baddress(?:es)?\b|\bpost\s?code\b|\bwhere (?:do )?you live\b", re.I), "an address"),
    (re.compile(r"\bdate of birth\b|\bbirthday\b|\bd\.?o\.?b\b|\bwhen were you born\b", re.I), "a date of birth"),
    (re.compile(r"\b(?:case|reference|NHS|client|record|ID)\s*(?:number|no\.?|ref)\b", re.I), "a case number"),
    (re.compile(r"\b(?:phone|mobile|telephone)\s*(?:number)?\b|\be-?mail\b", re.I), "contact details"),
)


def identity_asked_for(*texts: str | None) -> str | None:
    """What identifying detail the words seem to ask for ("a name"...), or ``None``."""
    words = " ".join(text for text in texts if text)
    for pattern, what in _ASKS:
        if pattern.search(words):
            return what
    return None
