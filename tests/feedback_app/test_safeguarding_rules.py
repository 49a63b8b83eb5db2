"""The safeguarding rules file (feedback_app/data/safeguarding_rules.yaml): its checks, and every rule's examples."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from feedback_app import safeguarding, safeguarding_rules
from feedback_app.safeguarding import assess, normalise, rule_finds
from forms.yaml_loader import load_yaml

RULES = safeguarding_rules.load().rules
RAW = load_yaml(safeguarding_rules.RULES_FILE)


def _problems(data) -> list[str]:
    with pytest.raises(safeguarding_rules.RulesError) as error:
        safeguarding_rules.parse(data)
    return error.value.problems


@pytest.mark.parametrize("rule", RULES, ids=[r.where for r in RULES])
def test_each_rule_finds_its_examples_and_not_its_counter_examples(rule):
    for text in rule.match:
        assert rule_finds(rule, text), f"{rule.where} misses its example {text!r} -> {normalise(text).text!r}"
        assert rule.category in (assess(text) or safeguarding.Concern(())).categories, text
        assert any(word in normalise(text).text for word in rule.cover), \
            f"{rule.where}: none of its key words is in {normalise(text).text!r}, so it would be skipped"
    for text in rule.no_match:
        assert not rule_finds(rule, text), f"{rule.where} finds its counter-example {text!r}"


def test_every_category_has_rules_and_every_rule_an_example():
    assert {rule.category for rule in RULES} == set(safeguarding.CATEGORIES)
    assert all(rule.match and rule.cover for rule in RULES)


def test_the_file_as_shipped_is_valid_and_is_what_the_detector_uses():
    assert safeguarding_rules.parse(RAW).rules == safeguarding._RULES


def test_problems_are_all_reported_with_where_they_are():
    data = copy.deepcopy(RAW)
    data["rules"][0]["category"] = "made_up"
    data["rules"][1]["pattern"] = "(unclosed"
    data["rules"][2]["pattern"] = "<NO_SUCH_MACRO> me"
    del data["rules"][3]["key_words"]
    data["rules"][4]["match"] = []
    data["rules"][5]["negatable"] = "yes"
    data["rules"][6]["colour"] = "red"
    problems = _problems(data)
    assert any(p.startswith("rule 1 (made_up)") and "'made_up' is not one of" in p for p in problems)
    assert any(p.startswith("rule 2 ") and "not a valid regex" in p for p in problems)
    assert any(p.startswith("rule 3 ") and "unknown macro <NO_SUCH_MACRO>" in p for p in problems)
    assert any(p.startswith("rule 4 ") and "'key_words' is missing" in p for p in problems)
    assert any(p.startswith("rule 5 ") and "'match' must not be empty" in p for p in problems)
    assert any(p.startswith("rule 6 ") and "'negatable' must be true or false" in p for p in problems)
    assert any(p.startswith("rule 7 ") and "unknown key 'colour'" in p for p in problems)
    assert len(problems) == 7


def test_a_file_that_is_not_rules_is_refused():
    assert _problems([1, 2])
    assert _problems({"categories": {"x": "X"}, "rules": []}) == ["rules: must be a list of rules"]
    assert any("categories" in p for p in _problems({"categories": {"Bad Id": "X"}, "rules": []}))


def test_no_private_re_internals_are_used():
    for module in (safeguarding, safeguarding_rules):
        source = Path(module.__file__).read_text()
        assert "_parser" not in source and "sre" not in source and "_constants" not in source


def test_no_line_break_in_a_pattern_glues_two_words():
    # Lines are stripped and joined, so a break where a space was meant ("(?:a|b)" / "(?:c|d)") silently runs two
    # words together and the pattern never matches there; four patterns of round 3 had this, and five lost the space
    # before a '|' (found in round 5).
    def glues(a: str, b: str) -> bool:
        return bool(re.search(r"[a-z)?}]$", a) and re.match(r"(?:\(\?:|\(\?P<\w+>)?[a-z<]", b)  # "…word" + "(?:word"
                    or re.search(r"\(\?[=!]$", a) and re.match(r"[(a-z]", b)  # "(?=" + "(?:[a-z]+ )…"
                    or re.search(r"\][+*]$", a) and b.startswith(")")  # "(?:[a-z]+" + "){0,3}"
                    or lost_space(a, b))

    def lost_space(a: str, b: str) -> bool:  # "(?:a |the" + "|my )": the break took the space after "the"
        first, last = re.match(r"\|([^|()]*?)[|)]", b), re.search(r"[|(:]([^|()]*)$", a)
        return bool(first and last and first.group(1).endswith(" ") and not last.group(1).endswith(" "))

    found = []
    for kind in ("rules", "masks"):
        for n, item in enumerate(RAW[kind], start=1):
            lines = [line.strip() for line in item["pattern"].splitlines()]
            found += [f"{kind} {n}: {a[-30:]!r} + {b[:30]!r}" for a, b in zip(lines, lines[1:], strict=False)
                      if glues(a, b)]
    assert not found, found


def test_a_named_group_that_is_not_a_mark_is_refused():
    data = copy.deepcopy(RAW)
    data["rules"][0]["pattern"] = "(?P<target>hits) me"
    data["masks"][0]["pattern"] = "(?P<t>kill) it|(?P<t2>smashed) it|(?P<word>nailed) it"
    problems = _problems(data)
    assert any(p.startswith("rule 1 ") and "must be called t, t2, t3...: not target" in p for p in problems)
    assert any(p.startswith("mask 1") and p.endswith(": not word") for p in problems)  # t and t2 are marks
    assert len(problems) == 2


def test_a_mask_covers_only_what_its_mark_marks_in_whichever_alternative_matched():
    # Made-up rule and mask: the mask's second alternative marks "hits" with t2 and needs "at football" as context.
    rules = safeguarding_rules.parse({
        "categories": {"physical_harm": "Physical harm"},
        "rules": [{"category": "physical_harm", "pattern": "(?P<t>hits) me|(?P<t2>kicks) (?P<t3>me)",
                   "key_words": ["hits", "kicks"], "match": ["he hits me"]}],
        "masks": [{"pattern": "(?P<t>pokes) me|(?P<t2>hits) me at football", "key_words": ["pokes", "hits"]}]})
    rule, mask = rules.rules[0], rules.masks[0]
    assert safeguarding._marked(mask.regex.search("he hits me at football")) == (3, 7)  # "hits", not the context
    assert safeguarding._marked(rule.regex.search("dad kicks me")) == (4, 9)  # "kicks", the first mark that matched
    assert safeguarding._marked(re.compile(r"\bhits me\b").search("he hits me")) == (3, 10)  # no mark: all of it
