#!/usr/bin/env python
"""The safeguarding detector on text it was not written from: recall, false alarms, misses by category.

Reads the held-out set (``bench/data/safeguarding_heldout.yaml``: disclosures with the kind
of harm each tells, and ordinary comments, written separately from the rules and never
used to change them) and runs ``assess`` over it, for the detector as it is and, with
``--before REF``, for the detector at a git commit (default ``main``), side by side:

* recall by category (a disclosure counts as caught if ``assess`` flags it at all:
  whichever category, a person reads it first), and overall;
* false alarms: ordinary comments flagged, as a share of them;
* every disclosure missed, by category (the ``--before`` misses are not listed);
* time per answer (median of ``--repeat`` passes over the whole set) and the ratio
  after/before.

With ``--classifier`` it also measures the rules together with the app's second tier
(feedback_app/safeguarding_tier2.py, trained on the whole development set): an answer either flags
counts as caught, as the reading queue puts either first.

Goal (issue 14): recall at least 95% with false alarms at most 5%.

    .venv/bin/python bench/safeguarding.py                    # this checkout against main
    .venv/bin/python bench/safeguarding.py --before HEAD~3    # against another commit
    .venv/bin/python bench/safeguarding.py --data my.yaml --no-before
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forms.yaml_loader import load_yaml  # noqa: E402

DEFAULT_DATA = ROOT / "bench" / "data" / "safeguarding_heldout.yaml"
RECALL_GOAL, FALSE_ALARM_GOAL = 0.95, 0.05
ORDINARY = "ordinary"

Detector = Callable[[str], object]


def load_set(path: Path) -> list[tuple[str, str | None]]:
    """(text, category) pairs; the category is None for an ordinary comment.

    Accepts a list of mappings with ``text`` and ``category`` (``ordinary``, ``none`` or a
    missing category, or ``concern: false``, for an ordinary comment), or a mapping whose
    keys are categories and values lists of texts (or of such mappings)."""
    data = load_yaml(path)
    items: list[tuple[str, str | None]] = []

    def add(entry, category: str | None) -> None:
        if isinstance(entry, str):
            items.append((entry, category))
            return
        text = entry.get("text")
        kind = entry.get("category", entry.get("kind", category))
        if entry.get("concern") is False or kind in (None, ORDINARY, "none", "negative", "no_concern"):
            kind = None
        items.append((text, kind))

    if isinstance(data, dict):
        for key in ("items", "examples", "cases"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if isinstance(data, list):
        for entry in data:
            add(entry, None)
    else:
        for key, entries in data.items():
            if not isinstance(entries, list):
                continue
            category = None if key in (ORDINARY, "ordinary_comments", "negatives", "no_concern", "none") else key
            for entry in entries:
                add(entry, category)
    return [(text, category) for text, category in items if isinstance(text, str) and text.strip()]


def detector_at(ref: str) -> Detector:
    """``assess`` from feedback_app/safeguarding.py (and its rules file, if any) at a git commit."""
    folder = Path(tempfile.mkdtemp(prefix="safeguarding-before-"))
    package = folder / "feedback_app"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for name in ("safeguarding.py", "safeguarding_rules.py", "data/safeguarding_rules.yaml"):
        shown = subprocess.run(["git", "show", f"{ref}:feedback_app/{name}"], cwd=ROOT, capture_output=True)
        if shown.returncode == 0:
            (package / name).write_bytes(shown.stdout)
    # Its own package name, so that it cannot pick up this checkout's modules.
    source = (package / "safeguarding.py").read_text().replace(
        "from feedback_app import safeguarding_rules", "from . import safeguarding_rules")
    (package / "safeguarding.py").write_text(source)
    spec = importlib.util.spec_from_file_location("safeguarding_before", package / "__init__.py",
                                                  submodule_search_locations=[str(package)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["safeguarding_before"] = module
    try:
        spec.loader.exec_module(module)
        inner = importlib.import_module("safeguarding_before.safeguarding")
    finally:
        shutil.rmtree(folder)  # the rules are read when the module is imported: nothing reads the folder after
    return inner.assess


@dataclass(frozen=True)
class Tier2Flag:
    """What the second tier gives where the rules found nothing: no category, only "read first"."""

    categories: tuple[str, ...] = ("tier2_possible_concern",)


def rules_or_tier2(assess: Detector, tier=None) -> Detector:
    """The rules' concern, or else the second tier's flag (feedback_app/safeguarding_tier2.py): what the reading
    queue puts first. ``tier`` defaults to the app's own, trained on the whole development set."""
    from feedback_app import safeguarding_tier2

    tier = tier or safeguarding_tier2.tier()

    def both(text: str):
        return assess(text) or (Tier2Flag() if tier.flags([text])[0] else None)

    return both


def measure(assess: Detector, items: list[tuple[str, str | None]], repeat: int) -> dict:
    flagged = [bool(assess(text)) for text, _ in items]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text, _ in items:
            assess(text)
        times.append((time.perf_counter() - start) / len(items))
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: dict[str, list[str]] = defaultdict(list)
    false_alarms = []
    for (text, category), hit in zip(items, flagged, strict=True):
        if category is None:
            if hit:
                false_alarms.append(text)
            continue
        by_category[category][1] += 1
        by_category[category][0] += hit
        if not hit:
            misses[category].append(text)
    caught = sum(c for c, _ in by_category.values())
    total = sum(n for _, n in by_category.values())
    ordinary = sum(1 for _, category in items if category is None)
    return {"by_category": {k: tuple(v) for k, v in sorted(by_category.items())}, "caught": caught,
            "disclosures": total, "recall": caught / total if total else 0.0, "ordinary": ordinary,
            "false_alarms": false_alarms, "false_alarm_rate": len(false_alarms) / ordinary if ordinary else 0.0,
            "misses": {k: v for k, v in sorted(misses.items())}, "seconds_per_answer": statistics.median(times)}


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def report(after: dict, before: dict | None, before_ref: str) -> str:
    lines = []
    columns = ("before " + before_ref, "after") if before else ("now",)
    lines.append(f"{'category':<24}" + "".join(f"{c:>22}" for c in columns))
    for category, (caught, n) in after["by_category"].items():
        row = f"{category:<24}"
        if before:
            b_caught, b_n = before["by_category"].get(category, (0, n))
            row += f"{_pct(b_caught, b_n):>22}"
        lines.append(row + f"{_pct(caught, n):>22}")
    for label, shown in (("recall (all)", lambda r: _pct(r["caught"], r["disclosures"])),
                         ("false alarms", lambda r: _pct(len(r["false_alarms"]), r["ordinary"])),
                         ("time per answer", lambda r: f"{r['seconds_per_answer'] * 1e6:.0f} µs")):
        lines.append(f"{label:<24}" + "".join(f"{shown(r):>22}" for r in (before, after) if r))
    if before:
        lines.append(f"time ratio after/before: {after['seconds_per_answer'] / before['seconds_per_answer']:.2f}")
    met = after["recall"] >= RECALL_GOAL and after["false_alarm_rate"] <= FALSE_ALARM_GOAL
    lines.append(f"goal (recall ≥ {RECALL_GOAL:.0%}, false alarms ≤ {FALSE_ALARM_GOAL:.0%}): "
                 f"{'met' if met else 'not met'}")
    lines.append("\nmissed now, by category:")
    for category, texts in after["misses"].items():
        lines += [f"  {category}: {text}" for text in texts]
    if after["false_alarms"]:
        lines.append("\nordinary comments flagged now:")
        lines += [f"  {text}" for text in after["false_alarms"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the held-out set (YAML)")
    parser.add_argument("--before", default="main", help="git commit to compare with (default: main)")
    parser.add_argument("--no-before", action="store_true", help="measure this checkout only")
    parser.add_argument("--repeat", type=int, default=5, help="timing passes over the set (median)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--classifier", action="store_true",
                        help="also measure the rules with the app's second tier (decision 0026)")
    args = parser.parse_args(argv)
    items = load_set(args.data)
    from feedback_app.safeguarding import assess

    after = measure(assess, items, args.repeat)
    before = None if args.no_before else measure(detector_at(args.before), items, args.repeat)
    print(f"{args.data.name}: {after['disclosures']} disclosures, {after['ordinary']} ordinary comments\n")
    print(report(after, before, args.before))
    if args.classifier:
        both = measure(rules_or_tier2(assess), items, 1)
        print("\nthe rules with the app's second tier (feedback_app/safeguarding_tier2.py), against the rules alone:\n")
        print(report(both, after, "rules"))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"after": after, "before": before}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
