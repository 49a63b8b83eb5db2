"""bench/safeguarding_development.py: a fixed held-back fifth that is counted but never printed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench.safeguarding_development import held_back, part_of

ROOT = Path(__file__).resolve().parents[2]


def test_the_held_back_fifth_is_fixed_by_the_text_and_about_a_fifth():
    texts = [f"item number {n}" for n in range(1000)]
    items = [(t, "neglect") for t in texts]
    kept = part_of(items, "held-back")
    assert 150 < len(kept) < 250
    assert part_of(list(reversed(items)), "held-back") == list(reversed(kept))  # order does not move it
    assert not set(kept) & set(part_of(items, "writing"))
    assert all(held_back(t) for t, _ in kept)


def run_on(tmp_path, disclosures: list[str], ordinary: list[str], *options: str) -> subprocess.CompletedProcess:
    """The development bench on a made-up development set: physical-abuse disclosures and ordinary comments."""
    data = tmp_path / "dev.yaml"
    data.write_text("disclosures:\n" + "".join(f"  - {{category: physical_abuse, text: '{t}'}}\n" for t in disclosures)
                    + "ordinary:\n" + "".join(f"  - {{text: '{t}'}}\n" for t in ordinary))
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "safeguarding_development.py"), "--data", str(data),
                             "--part", "held-back", *options], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def test_the_held_back_part_is_counted_but_its_texts_are_never_printed(tmp_path):
    texts = [f"he hits me number {n}" for n in range(40)] + [f"the meeting was fine {n}" for n in range(40)]
    result = run_on(tmp_path, texts[:40], texts[40:], "--show", "--list")
    held = [t for t in texts if held_back(t)]
    assert held and f"recall {sum(1 for t in held if 'hits' in t)}/" in result.stdout
    assert not any(t in result.stdout for t in texts)


def test_the_rules_that_fire_on_ordinary_comments_are_counted_without_their_texts(tmp_path):
    # Labelled ordinary here, but worded so that the rule for "my dad hits me" fires on them too: the count must
    # show it firing on each held-back item of both kinds.
    disclosures = [f"my dad hits me every night number {n}" for n in range(30)]
    ordinary = [f"my dad hits me with jokes all day number {n}" for n in range(30)]
    result = run_on(tmp_path, disclosures, ordinary, "--by-rule")
    held_ordinary = sum(1 for t in ordinary if held_back(t))
    held_disclosures = sum(1 for t in disclosures if held_back(t))
    counts = re.findall(r"rule \d+ \(physical_harm\): (\d+) / (\d+)", result.stdout)
    assert held_ordinary and (str(held_ordinary), str(held_disclosures)) in counts
    assert not any(t in result.stdout for t in disclosures + ordinary)


def test_the_classifier_is_trained_on_the_writing_part_and_counted_on_the_fifth(tmp_path):
    disclosures = [f"he hits me and kicks me number {n}" for n in range(40)]
    ordinary = [f"the meeting was fine and long number {n}" for n in range(40)]
    result = run_on(tmp_path, disclosures, ordinary, "--classifier")
    held = [t for t in disclosures if held_back(t)]
    assert f"held-back, rules or second tier: recall {len(held)}/{len(held)}" in result.stdout
    assert "second tier trained on the writing part" in result.stdout
    assert not any(t in result.stdout for t in disclosures + ordinary)
