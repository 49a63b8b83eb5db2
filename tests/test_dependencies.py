"""Every package installed for the app and its tests is pinned, and pinned to what is installed."""

from __future__ import annotations

import re
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)")


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if match := PIN.match(line.strip()):
            pins[_normal(match.group(1).split("[")[0])] = match.group(2)
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_requirement_is_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert PIN.match(line), f"{name}: '{line}' is not pinned with =="


def test_every_installed_package_is_in_the_constraints_at_its_version():
    constraints = _pins(ROOT / "constraints.txt")
    installed = {_normal(d.metadata["Name"]): d.version for d in distributions()}
    tooling = {"pip", "setuptools", "wheel"}
    unpinned = {name: version for name, version in installed.items()
                if name not in tooling and constraints.get(name) != version}
    assert unpinned == {}, "update constraints.txt (see its header)"


def test_requirements_and_constraints_agree():
    constraints = _pins(ROOT / "constraints.txt")
    for name in ("requirements.txt", "requirements-dev.txt"):
        for package, version in _pins(ROOT / name).items():
            assert constraints.get(package) == version, f"{package}: {name} says {version}"
