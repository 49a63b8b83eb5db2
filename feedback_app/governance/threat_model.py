"""The insider threat model's rules, read from docs/decisions/0011 so the DPIA quotes the rules as they are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

THREAT_MODEL = Path(__file__).resolve().parents[2] / "docs" / "decisions" / "0011-insider-threat-model.md"
RULE = re.compile(r"^### (R\d+[a-z]?)\. (.+)$")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    stops: str  # the rule's "Stops:" sentence, else its first sentence


def read_rules(path: Path = THREAT_MODEL) -> list[Rule]:
    rules: list[Rule] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines() + ["### end"]:
        if line.startswith("## ") or line.startswith("### "):
            if current is not None:
                rule_id, title, body = current[0], current[1], " ".join(current[2:])
                stops = re.search(r"Stops: (.+?\.)(?: |$)", body)
                # Without a "Stops:" sentence, the rule's first sentence says what it does instead.
                first = re.match(r"(.+?\.)(?: |$)", body)
                said = stops.group(1) if stops else first.group(1) if first else ""
                rules.append(Rule(rule_id, title, said.replace("*", "")))
            match = RULE.match(line)
            current = [match.group(1), match.group(2)] if match else None
        elif current is not None and line.strip() and not line.lstrip().startswith("- `"):
            current.append(line.strip())
    return rules
