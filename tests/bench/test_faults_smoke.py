"""Faults under load, the CI version of bench/faults.py (issue 5): gunicorn workers, then the
whole server, SIGKILLed while clients submit. Each phase is its own test (``--quick``
numbers: 8 clients, 8 s, 3 kills), so each stays well under a minute.

The full version (100 clients, 60 s, 10 kills each) is documented in bench/README.md.
Under ``TEST_DATABASE=postgresql`` it runs on PostgreSQL (temporary databases on
``TEST_POSTGRES_URL``), as test_bench_smoke.py does.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def kill_leftover_servers(workdir: Path) -> None:
    """If faults.py died before stopping its gunicorn (a timeout), end that gunicorn: the one whose
    command line names this test's own work folder, and its process group (its workers)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "gunicorn" in command and str(workdir) in command:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(int(entry.name), signal.SIGKILL)  # gunicorn runs in its own session: group = master


def run_faults(workdir: Path, *args: str, timeout: int) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, str(ROOT / "bench" / "faults.py"), *args, "--workdir", str(workdir)],
                              cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    finally:
        kill_leftover_servers(workdir)


@pytest.mark.parametrize("kind", ["worker", "server"])
def test_no_acknowledged_submission_lost_and_no_partial_response_seen_across_kills(kind, tmp_path):
    output = tmp_path / "faults.json"
    args = ["--quick", "--kill-worker", "3" if kind == "worker" else "0",
            "--kill-server", "3" if kind == "server" else "0", "--output", str(output)]
    if os.environ.get("TEST_DATABASE") == "postgresql":
        args += ["--database-url", POSTGRES_SERVER]
    result = run_faults(tmp_path, *args, timeout=240)

    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(output.read_text())
    assert results["passed"] is True
    assert list(results["phases"]) == [kind]
    phase = results["phases"][kind]
    assert all(phase["checks"].values()), phase["checks"]
    assert len(phase["kills"]) == 3
    assert phase["acknowledged"] > 0
    assert phase["lost"] == 0 and phase["stored_twice"] == 0 and phase["unknown_tokens"] == 0
    # Stored but never acknowledged: only submissions whose connection died in a kill.
    assert 0 <= phase["stored_responses"] - phase["acknowledged"] <= phase["post_connection_failures"]
    assert phase["checker"]["polls"] > 0 and phase["checker"]["partials_seen"] == 0
    assert phase["unexpected"] == {}
    assert all(kill["recovered_s"] is not None for kill in phase["kills"])
    if kind == "server":
        assert phase["connection_errors_while_down"] > 0  # the kills did happen while clients were sending
