"""The OWASP ASVS map (docs/security/asvs.md) names a test for every requirement it says is
met: each test named must exist, so the map cannot claim more than the code shows."""

from __future__ import annotations

import re

from tests.test_threat_model import REFERENCE, ROOT, _test_names

ASVS_MAP = ROOT / "docs" / "security" / "asvs.md"
STATUSES = {"met", "partly", "not met", "not met yet", "n/a"}
#: A table row: | ID | Requirement | Status | How | Test |
ROW = re.compile(r"^\|(?P<id>[^|]+)\|(?P<text>[^|]+)\|(?P<status>[^|]+)\|(?P<how>.*)\|(?P<tests>[^|]*)\|\s*$")


def _rows() -> list[dict[str, str]]:
    rows = []
    for line in ASVS_MAP.read_text().splitlines():
        match = ROW.match(line)
        if match and not set(match["id"].strip()) <= {"-"} and match["id"].strip() != "ID":
            rows.append({key: value.strip() for key, value in match.groupdict().items()})
    return rows


def test_every_test_the_map_names_exists():
    references = REFERENCE.findall(ASVS_MAP.read_text())
    assert len(references) >= 80, "the map should name a test for each requirement it says is met"
    missing = [f"{path}::{name}" for path, name in references
               if not (ROOT / path).is_file() or name not in _test_names(ROOT / path)]
    assert not missing, f"the ASVS map names tests that do not exist: {missing}"


def test_every_row_has_a_known_status_and_every_met_row_names_a_test():
    rows = _rows()
    assert len(rows) >= 150, f"only {len(rows)} rows found: is the table still in | ID | ... | form?"
    unknown = [(row["id"], row["status"]) for row in rows if row["status"] not in STATUSES]
    assert not unknown, f"rows with a status that is not one of {sorted(STATUSES)}: {unknown}"
    unproven = [row["id"] for row in rows if row["status"] == "met" and not REFERENCE.search(row["tests"])]
    assert not unproven, f"rows marked met that name no test: {unproven}"
    unexplained = [row["id"] for row in rows if row["status"] != "met" and len(row["how"]) < 10]
    assert not unexplained, f"rows not met that do not say why: {unexplained}"


def test_every_chapter_v1_to_v14_is_there():
    headings = re.findall(r"^## V(\d+) ", ASVS_MAP.read_text(), flags=re.MULTILINE)
    assert [int(number) for number in headings] == list(range(1, 15))
