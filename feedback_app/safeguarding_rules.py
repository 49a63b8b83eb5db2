"""The safeguarding phrase rules: read and checked from ``feedback_app/data/safeguarding_rules.yaml``.

The rules are data, checked like a questionnaire definition (forms/schema.py): every
problem is reported at once with the rule's place and what is wrong, and a broken
file stops the app at start-up and fails the tests. Each rule gives its category,
its pattern (a regex over normalised text, see feedback_app/safeguarding.py), its
key words (one of which every match contains, so that the rule is skipped with a
cheap ``in`` when none occurs) and examples it must and must not match, which
tests/feedback_app/test_safeguarding_rules.py runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from forms.schema import Problems
from forms.yaml_loader import load_yaml

RULES_FILE = Path(__file__).parent / "data" / "safeguarding_rules.yaml"
TOP_KEYS = {"categories", "word_lists", "macros", "masks", "rules"}
RULE_KEYS = {"category", "pattern", "key_words", "negatable", "weak", "match", "no_match", "note"}
MASK_KEYS = {"pattern", "key_words", "note"}
CATEGORY_ID = re.compile(r"^[a-z][a-z_]*$")
MACRO_NAME = re.compile(r"^[A-Z][A-Z_0-9]*$")


class RulesError(ValueError):
    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        super().__init__(f"{source}: " + f"\n{source}: ".join(problems))


#: The names of the parts of a pattern that mark the words it is about: t, and t2, t3... in other alternatives (a
#: name can be used only once in a regex).
MARK_GROUP = re.compile(r"t[0-9]*")


@cache  # asked for every match: once per pattern
def mark_groups(regex: re.Pattern[str]) -> tuple[str, ...]:
    return tuple(name for name in regex.groupindex if MARK_GROUP.fullmatch(name))


@dataclass(frozen=True)
class Rule:
    category: str
    regex: re.Pattern[str]
    negatable: bool
    weak: bool  # dropped where a stronger match of another category overlaps it
    cover: tuple[str, ...] | None  # key words: one of them is in every match (None: always run)
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()
    where: str = ""  # "rule 12 (physical_harm)", for messages


@dataclass(frozen=True)
class RuleSet:
    categories: dict[str, str]
    rules: tuple[Rule, ...]
    masks: tuple[Rule, ...]
    expand: Any  # pattern -> regex text with its macros expanded


def trie(words: Iterable[str]) -> str:
    """An alternation as a prefix tree, so that the regex engine tries few branches at each position.

    Where one word is a prefix of another, the longer is tried first."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{emit(tree)})"


def joined(pattern: str) -> str:
    """A pattern written over several lines is one line: each line stripped, then joined (break before a '|')."""
    return "".join(line.strip() for line in pattern.splitlines())


def _strings(problems: Problems, where: str, data: dict, key: str, *, required: bool) -> list[str]:
    value = data.get(key)
    if value is None:
        if required:
            problems.add(where, f"'{key}' is missing")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(where, f"'{key}' must be a list of non-empty texts")
        return []
    if required and not value:
        problems.add(where, f"'{key}' must not be empty")
    return value


def parse(data: Any, source: str = "safeguarding_rules.yaml") -> RuleSet:
    problems = Problems()
    if not isinstance(data, dict):
        raise RulesError(source, ["must be a mapping with " + ", ".join(sorted(TOP_KEYS))])
    problems.unknown_keys("", data, TOP_KEYS)
    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories or not all(
            isinstance(k, str) and CATEGORY_ID.match(k) and isinstance(v, str) and v.strip()
            for k, v in categories.items()):
        problems.add("categories", "must map category ids (lower case and '_') to their names")
        categories = {}
    word_lists = data.get("word_lists") or {}
    macros = data.get("macros") or {}
    for name, value in word_lists.items():
        if not MACRO_NAME.match(str(name)) or not isinstance(value, list) or not all(
                isinstance(w, str) and re.fullmatch(r"[a-z ]+", w) for w in value):
            problems.add(f"word list {name}", "must be an upper-case name with a list of lower-case words")
    for name, value in macros.items():
        if not MACRO_NAME.match(str(name)) or not isinstance(value, str):
            problems.add(f"macro {name}", "must be an upper-case name with a pattern")

    def expand(pattern: str, *, plain: bool = False) -> str:
        def macro(m: re.Match[str]) -> str:
            name = m.group(1)
            if name in word_lists:
                words = sorted(word_lists[name], key=len, reverse=True)
                return "(?:" + "|".join(words) + ")" if plain else trie(words)
            if name in macros:
                return joined(macros[name])
            raise KeyError(name)

        for _ in range(10):
            expanded = re.sub(r"<([A-Z_0-9]+)>", macro, pattern)
            if expanded == pattern:
                return pattern
            pattern = expanded
        raise KeyError("macros nested too deeply")

    def compiled(where: str, pattern: Any) -> re.Pattern[str] | None:
        if not isinstance(pattern, str) or not pattern.strip():
            problems.add(where, "'pattern' must be non-empty text")
            return None
        try:
            regex = re.compile(rf"\b(?:{expand(joined(pattern))})\b")
        except KeyError as error:
            problems.add(where, f"unknown macro <{error.args[0]}>")
            return None
        except re.error as error:
            problems.add(where, f"pattern is not a valid regex: {error}")
            return None
        if strays := [name for name in regex.groupindex if not MARK_GROUP.fullmatch(name)]:
            problems.add(where, f"named groups mark words and must be called t, t2, t3...: not {', '.join(strays)}")
            return None
        return regex

    rules: list[Rule] = []
    for n, item in enumerate(data.get("rules") or [], start=1):
        where = f"rule {n}"
        if not isinstance(item, dict):
            problems.add(where, "must be a mapping")
            continue
        where = f"rule {n} ({item.get('category')})"
        problems.unknown_keys(where, item, RULE_KEYS)
        if item.get("category") not in categories:
            problems.add(where, f"category {item.get('category')!r} is not one of 'categories'")
        regex = compiled(where, item.get("pattern"))
        key_words = _strings(problems, where, item, "key_words", required=True)
        match = _strings(problems, where, item, "match", required=True)
        no_match = _strings(problems, where, item, "no_match", required=False)
        negatable = problems.flag(where, item, "negatable", default=True)
        weak = problems.flag(where, item, "weak")
        if regex is not None:
            rules.append(Rule(item.get("category"), regex, negatable, weak, tuple(key_words), tuple(match),
                              tuple(no_match), where))
    if not rules:
        problems.add("rules", "must be a list of rules")
    masks: list[Rule] = []
    for n, item in enumerate(data.get("masks") or [], start=1):
        where = f"mask {n}"
        if not isinstance(item, dict):
            problems.add(where, "must be a mapping")
            continue
        problems.unknown_keys(where, item, MASK_KEYS)
        regex = compiled(where, item.get("pattern"))
        key_words = _strings(problems, where, item, "key_words", required=False)
        if regex is not None:
            masks.append(Rule("mask", regex, False, False, tuple(key_words) or None, where=where))
    if problems.found:
        raise RulesError(source, problems.found)
    return RuleSet(dict(categories), tuple(rules), tuple(masks), expand)


@cache
def load(path: Path = RULES_FILE) -> RuleSet:
    return parse(load_yaml(path), path.name)
