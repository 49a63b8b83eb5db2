"""The insider threat model (docs/decisions/0011) names a test for every rule: each one
named must exist, so the document cannot quietly fall behind the code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREAT_MODEL = ROOT / "docs" / "decisions" / "0011-insider-threat-model.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _test_names(path: Path) -> set[str]:
    return {node.name for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_test_the_threat_model_names_exists():
    references = REFERENCE.findall(THREAT_MODEL.read_text())
    assert len(references) >= 16, "the threat model should name a test for each of its rules"
    missing = [f"{path}::{name}" for path, name in references
               if not (ROOT / path).is_file() or name not in _test_names(ROOT / path)]
    assert not missing, f"the threat model names tests that do not exist: {missing}"


def test_every_rule_names_a_test():
    text = THREAT_MODEL.read_text()
    rules = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    assert rules, "no rules found"
    without = [rule.splitlines()[0] for rule in rules if not REFERENCE.search(rule)]
    assert not without, f"rules that name no test: {without}"
