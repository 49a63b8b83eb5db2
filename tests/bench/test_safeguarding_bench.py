"""bench/safeguarding.py counts what it claims: recall and misses by category, false alarms, before and after."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_bench(tmp_path, items: str, *args: str) -> subprocess.CompletedProcess:
    """bench/safeguarding.py on a set made of ``items`` (YAML), with ``args``."""
    data = tmp_path / "set.yaml"
    data.write_text(items)
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "safeguarding.py"), "--data", str(data),
                             "--repeat", "1", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_safeguarding_bench_reports_recall_false_alarms_and_misses(tmp_path):
    output = tmp_path / "figures.json"
    result = run_bench(tmp_path, """
- {text: "he hits me", category: physical_harm}
- {text: "my mums friend takes pics of me when mum is out", category: grooming}
- {text: "the weather was nice", category: grooming}
- {text: "The meeting was fine", category: ordinary}
- {text: "my dad hits me", category: ordinary}
""", "--before", "HEAD", "--json", str(output))
    figures = json.loads(output.read_text())
    after = figures["after"]
    assert after["by_category"] == {"grooming": [1, 2], "physical_harm": [1, 1]}
    assert after["misses"] == {"grooming": ["the weather was nice"]}
    # Labelled ordinary above, and the rules flag it: it must count as a false alarm.
    assert after["false_alarms"] == ["my dad hits me"] and after["ordinary"] == 2
    assert figures["before"]["disclosures"] == 3
    assert "grooming: the weather was nice" in result.stdout and "goal" in result.stdout


def test_the_classifier_option_measures_the_app_s_own_tier(tmp_path):
    result = run_bench(tmp_path, """
- {text: "he hits me", category: physical_harm}
- {text: "nobody at home feeds me so i eat at my friends", category: neglect}
- {text: "The meeting was fine", category: ordinary}
""", "--no-before", "--classifier")
    rules, both = result.stdout.split("the rules with the app's second tier")
    assert "1/2 (50%)" in rules.split("recall (all)")[1].splitlines()[0]
    assert "2/2 (100%)" in both.split("recall (all)")[1].splitlines()[0]


def test_every_held_out_set_loads_with_the_shared_category_ids():
    """A held-out set with a misspelt category would count its disclosures under a kind no other set has."""
    sys.path.insert(0, str(ROOT))
    from bench.safeguarding import load_set
    from bench.safeguarding_development import FITTING

    sets = sorted((ROOT / "bench" / "data").glob("safeguarding_heldout*.yaml"))
    assert len(sets) >= 7
    for path in sets:
        items = load_set(path)
        kinds = {kind for _, kind in items}
        assert kinds - {None} <= set(FITTING), path.name
        assert None in kinds and len(kinds) == len(FITTING) + 1, path.name  # ordinary comments and every kind
        assert all(isinstance(text, str) and text.strip() for text, _ in items), path.name
