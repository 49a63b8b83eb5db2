"""Does a team name look like a person or a case? Plain Python, no Flask.

A team is stored with every response a card or a staff page sets, printed in every
report and shown to every reader of the results; so it must only ever name a team.
The staff form offers only the deployment's ``teams`` list, and the app refuses to
start when an entry of that list looks like a case number or a person's name
(``feedback_app.config.check_teams``). These checks are deliberately simple: they
catch the mistakes a busy person makes ("Jayden Smith family", "CP/2231"), not a
determined insider, who is stopped by the list itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

GIVEN_NAMES_FILE = Path(__file__).parent / "data" / "common_given_names.txt"

#: Things a team name must not look like: 5 or more digits together (a case or NHS
#: number), a reference like "CP/123" or "AB-1234", or a word followed by a number
#: of 3 digits or more ("Smith 123").
CASE_LIKE = (
    re.compile(r"\d{5,}"),
    re.compile(r"\b[A-Za-z]{1,4}\s*[/\\\-]\s*\d"),
    re.compile(r"[A-Za-z]\s*\d{3,}"),
    re.compile(r"\d{2,}\s*[/\\\-]\s*\d{2,}"),
)

#: A title only ever comes before a person's name ("Mrs Smith", "Dr. Patel").
TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\b\.?", re.IGNORECASE)
#: One family or one child: "Smith family", "the Smiths' child", "Baby J", "Child A".
#: "family", "child" and "baby" alone are allowed: real teams are called "Family Group
#: Conference Service" or "Child Protection North". What gives a person away is a
#: surname-like word before them, or a name or initial after "baby"/"child".
ONE_FAMILY = re.compile(r"\b([A-Z][a-z'’\-]+)\s+(family|child|baby)\b", re.IGNORECASE)
BABY_OR_CHILD_INITIAL = re.compile(r"\b(?i:baby|child)\s+[A-Z]\b")
#: Words that come before "family" or "child" in the names of real services, not surnames.
SERVICE_WORDS = {
    "the", "a", "and", "for", "of", "in", "with", "looked", "after", "looked-after", "early", "help", "think",
    "whole", "extended", "birth", "foster", "fostering", "kinship", "connected", "supporting", "disabled",
    "disability", "young", "troubled", "edge", "care", "in-need", "need", "protection", "parent", "parents",
    "mother", "mother's", "new", "north", "south", "east", "west", "central", "city", "county", "team",
    "service", "services", "area", "local", "multi", "complex", "specialist", "targeted", "intensive",
}
#: Words that follow a given name in the names of places, not people ("Willow House").
PLACE_WORDS = {
    "house", "court", "lodge", "road", "street", "centre", "center", "park", "bank", "team", "service", "services",
    "unit", "close", "lane", "way", "hall", "place", "avenue", "gardens", "hill", "green", "school", "academy",
    "children's", "childrens", "family", "families", "hub", "view", "square", "mews", "drive", "crescent",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@lru_cache(maxsize=1)
def common_given_names() -> frozenset[str]:
    lines = GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def looks_like_a_case_reference(text: str) -> bool:
    return any(pattern.search(text) for pattern in CASE_LIKE)


def why_it_looks_like_a_person(text: str) -> str | None:
    """Why ``text`` looks like a person's or one family's name, or None."""
    if match := TITLE.search(text):
        return f"it has the title {match.group(1)!r}"
    for match in ONE_FAMILY.finditer(text):
        if match.group(1).lower() not in SERVICE_WORDS:
            return f"{match.group(0)!r} reads like one family or child"
    if match := BABY_OR_CHILD_INITIAL.search(text):
        return f"{match.group(0)!r} reads like one child"
    words = WORD.findall(text)
    names = common_given_names()
    for index, word in enumerate(words):
        if word.lower() not in names or not word[0].isupper():
            continue
        before = words[index - 1].lower() if index else ""
        after = words[index + 1] if index + 1 < len(words) else ""
        if before in ("baby", "child"):
            return f"{before} {word!r} reads like one child"
        if after[:1].isupper() and after.lower() not in PLACE_WORDS:
            return f"{word!r} followed by {after!r} reads like a person's name"
    return None


def why_not_a_team_name(text: str) -> str | None:
    """Why ``text`` cannot be a team's name (a case number, a person), or None when it can."""
    if looks_like_a_case_reference(text):
        return "it looks like a case number or a reference"
    if reason := why_it_looks_like_a_person(text):
        return f"it looks like a person's name: {reason}"
    return None
