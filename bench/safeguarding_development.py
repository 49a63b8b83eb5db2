#!/usr/bin/env python
"""The safeguarding detector on the development set, split into the part rules are written from and a held-back fifth.

``feedback_app/data/safeguarding_training.yaml`` is for writing rules (unlike the held-out sets, which
only measure them). A fifth of it is held back by a fixed rule, the CRC-32 of the text modulo 5
being 0, so that the split does not move when items are added or reordered. Rules are written
from the other four fifths (``--part writing``, which can list misses and false alarms); the
held-back fifth is only ever counted (``--part held-back`` never prints a text), and tells
whether rules written from the rest catch other wordings.

    .venv/bin/python bench/safeguarding_development.py                      # writing part, counts
    .venv/bin/python bench/safeguarding_development.py --show               # ... and its misses
    .venv/bin/python bench/safeguarding_development.py --part held-back     # the fifth, counts only
    .venv/bin/python bench/safeguarding_development.py --part held-back --before main
    .venv/bin/python bench/safeguarding_development.py --part held-back --classifier

``--classifier`` also measures the rules together with the second tier (feedback_app/safeguarding_tier2.py,
the app's model and threshold rule) trained on the writing part only: on the held-back fifth that says
whether it catches what neither it nor the rules were written from (on the writing part it is in sample).

A disclosure counts as caught if ``assess`` flags it at all (as in bench/safeguarding.py);
"fitting" also counts whether one of the app's categories that the set's category maps to
(``FITTING``) was among those given.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.safeguarding import Detector, detector_at, load_set, rules_or_tier2  # noqa: E402

DEFAULT_DATA = ROOT / "feedback_app" / "data" / "safeguarding_training.yaml"

# The set's category ids (shared with the held-out sets) -> the app's categories that fit them.
FITTING = {
    "physical_abuse": {"physical_harm", "abuse"},
    "sexual_abuse": {"sexual_harm", "abuse", "grooming"},
    "grooming_secrecy": {"grooming", "exploitation", "sexual_harm", "feeling_unsafe"},
    "parental_substance_misuse": {"parental_substances", "neglect"},
    "harm_in_placement": {"placement_harm", "physical_harm", "emotional_harm", "withholding", "feeling_unsafe"},
    "emotional_abuse": {"emotional_harm", "rejection"},
    "neglect": {"neglect", "withholding"},
    "self_harm": {"self_harm", "suicide", "distress"},
    "fear_indirect": {"feeling_unsafe", "domestic_abuse", "physical_harm"},
    "domestic_abuse": {"domestic_abuse"},
    "exploitation": {"exploitation", "grooming"},
    "bullying_threats": {"bullying_threats"},
}


class Tier2Only:
    categories = ("tier2_possible_concern",)


def held_back(text: str) -> bool:
    return zlib.crc32(text.encode()) % 5 == 0


def part_of(items: list[tuple[str, str | None]], part: str) -> list[tuple[str, str | None]]:
    return [(t, c) for t, c in items if held_back(t) == (part == "held-back")]


def measure(assess: Detector, items: list[tuple[str, str | None]]) -> dict:
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # caught, fitting, total
    misses, false_alarms = [], []
    start = time.perf_counter()
    results = [assess(text) for text, _ in items]
    seconds = (time.perf_counter() - start) / max(1, len(items))
    for (text, category), concern in zip(items, results, strict=True):
        if category is None:
            if concern:
                false_alarms.append((text, concern.categories))
            continue
        row = by_category[category]
        row[2] += 1
        if concern:
            row[0] += 1
            row[1] += bool(FITTING.get(category, {category}) & set(concern.categories))
        else:
            misses.append((category, text))
    return {"by_category": dict(sorted(by_category.items())), "misses": misses, "false_alarms": false_alarms,
            "ordinary": sum(1 for _, c in items if c is None), "seconds": seconds}


def summary(result: dict, label: str) -> list[str]:
    rows = result["by_category"].values()
    caught, fitting, total = (sum(r[i] for r in rows) for i in range(3))
    lines = [f"{label}: recall {caught}/{total} ({caught / max(1, total):.1%}), fitting category {fitting}/{total}; "
             f"false alarms {len(result['false_alarms'])}/{result['ordinary']} "
             f"({len(result['false_alarms']) / max(1, result['ordinary']):.1%}); "
             f"{result['seconds'] * 1e6:.0f} µs per answer"]
    lines += [f"  {category:<28}{c:>4}/{n:<4} fitting {f}" for category, (c, f, n) in result["by_category"].items()]
    return lines


def by_rule(items: list[tuple[str, str | None]]) -> list[tuple[str, int, int]]:
    """For each rule that fires on the part: (where, ordinary comments it fires on, disclosures it fires on), the
    rules with the most ordinary comments first. Counts only, so it may be run on the held-back part: a rule that
    fires on its ordinary comments is one written too closely to the writing part's sentences."""
    from feedback_app import safeguarding

    fired: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text, category in items:
        for rule, _ in safeguarding.rule_hits(safeguarding.normalise(text)):
            fired[rule.where][category is not None] += 1
    return sorted(((where, ordinary, disclosures) for where, (ordinary, disclosures) in fired.items()),
                  key=lambda row: (-row[1], row[2], row[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--part", choices=("writing", "held-back"), default="writing")
    parser.add_argument("--before", help="also measure the detector at this git commit")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms (writing part only)")
    parser.add_argument("--list", action="store_true", help="list every item of the writing part")
    parser.add_argument("--classifier", action="store_true",
                        help="also the rules with the second tier, trained on the writing part only")
    parser.add_argument("--by-rule", action="store_true",
                        help="count, for each rule, the ordinary comments and disclosures it fires on (either part)")
    args = parser.parse_args(argv)
    everything = load_set(args.data)
    items = part_of(everything, args.part)
    if args.list and args.part == "writing":
        print("\n".join(f"{category or 'ordinary'}: {text}" for text, category in items))
        return 0
    from feedback_app.safeguarding import assess

    if args.before:
        before = [measure(detector_at(args.before), items) for _ in range(3)]
        print("\n".join(summary(min(before, key=lambda r: r["seconds"]), f"{args.part}, before {args.before}")))
    after = [measure(assess, items) for _ in range(3)]
    after_best = min(after, key=lambda r: r["seconds"])
    print("\n".join(summary(after_best, f"{args.part}, now")))
    print(f"(median time {statistics.median(r['seconds'] for r in after) * 1e6:.0f} µs)")
    if args.classifier:
        from feedback_app import safeguarding_tier2

        start = time.perf_counter()
        tier = safeguarding_tier2.train([(text, category is not None) for text, category
                                         in part_of(everything, "writing")])
        print(f"\nsecond tier trained on the writing part in {time.perf_counter() - start:.1f} s "
              f"(threshold {tier.threshold:.3f})")
        alone = measure(lambda text: Tier2Only() if tier.flags([text])[0] else None, items)
        print("\n".join(summary(alone, f"{args.part}, second tier alone")[:1]))
        both = measure(rules_or_tier2(assess, tier), items)
        print("\n".join(summary(both, f"{args.part}, rules or second tier"
                                      + (" (in sample)" if args.part == "writing" else ""))))
    if args.by_rule:
        print("\nrules that fire on ordinary comments (ordinary / disclosures fired on, this part):")
        print("\n".join(f"  {where}: {ordinary} / {disclosures}" for where, ordinary, disclosures
                        in by_rule(items) if ordinary))
    if args.show and args.part == "writing":
        print("\nmissed:")
        print("\n".join(f"  {category}: {text}" for category, text in after_best["misses"]))
        print("\nordinary comments flagged:")
        print("\n".join(f"  {text}  {categories}" for text, categories in after_best["false_alarms"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
