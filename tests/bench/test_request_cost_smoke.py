"""bench/request_cost.py keeps working (a few requests, in process only: about 5 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_request_cost_prints_the_app_and_the_baseline_in_process():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "request_cost.py"), "--requests", "20",
                           "--in-process-only"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {line.split("  ")[0]: line.split()[-3:] for line in done.stdout.splitlines()
            if line.startswith(("app, in process", "baseline, in process"))}
    assert set(rows) == {"app, in process", "baseline, in process"}, done.stdout
    for get, post, pair in rows.values():
        assert float(get) > 0 and float(post) > 0 and abs(float(get) + float(post) - float(pair)) < 0.02
    assert "baseline/app CPU per pair, in process" in done.stdout
