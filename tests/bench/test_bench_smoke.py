"""Smoke test for bench/: the load benchmark and the page-weight script still run and
still check what they claim to check. Small numbers, so it takes about 20 s.

Under ``TEST_DATABASE=postgresql`` the load benchmark runs on PostgreSQL too
(temporary databases on ``TEST_POSTGRES_URL``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.helpers import same_on_every_database

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def run(script: str, *args: str, timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def test_load_benchmark_stores_every_acknowledged_submission(tmp_path):
    output = tmp_path / "load.json"
    args = ["--clients", "4", "--seconds", "1", "--warmup", "0.5", "--rounds", "2", "--output", str(output)]
    if os.environ.get("TEST_DATABASE") == "postgresql":
        args += ["--database-url", POSTGRES_SERVER]
    result = run("load.py", *args, timeout=300)  # a guard against a hang: it takes 30 s on a quiet machine

    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(output.read_text())
    assert len(results["rounds"]) == 2
    assert results["app"] in [r["app"] for r in results["rounds"]]  # the median round is one of them
    for measured in (r[name] for r in results["rounds"] for name in ("app", "baseline")):
        assert measured["acknowledged_total"] > 0
        assert measured["stored"] == measured["acknowledged_total"]
        assert measured["check"] == "OK"
        assert measured["server_errors"] == 0
        assert measured["post_ms"]["p99"] is not None and measured["get_ms"]["p99"] is not None
    assert results["ratios"]["post_per_s"] is not None
    app, baseline = results["app"], results["baseline"]
    # CPU per submission, from the CPU figures and the rate the run printed: the ratio it gives is baseline/app.
    per_submission = {name: (m["server_cpu_percent"] + m["client_cpu_percent"]) * 10 / m["post_per_s"]
                      for name, m in (("app", app), ("baseline", baseline))}
    assert results["ratios"]["cpu_per_submission"] == per_submission["baseline"] / per_submission["app"]
    assert "Rounds (baseline/app CPU per submission): " in result.stdout
    assert "stored == acknowledged" in result.stdout
    assert "Rounds (app/baseline submissions): " in result.stdout
    assert "MISMATCH" not in result.stdout
    # The throughput target is judged on the rounds' geometric mean, each server first in one of the two.
    per_round = [r["app"]["post_per_s"] / r["baseline"]["post_per_s"] for r in results["rounds"]]
    assert results["across_rounds"]["balanced"] is True
    assert abs(results["across_rounds"]["app_baseline"] - (per_round[0] * per_round[1]) ** 0.5) < 1e-9
    assert results["targets"]["throughput_ratio"]["measured"] == results["across_rounds"]["app_baseline"]
    # Round 2 runs the servers in reverse (bench/load.py: running_order), so drift favours neither.
    assert re.findall(r"^== (app\d|baseline):", result.stdout, re.MULTILINE) == ["app1", "baseline", "baseline", "app2"]


@same_on_every_database  # the A/B mechanism does not depend on the database
def test_load_benchmark_runs_an_earlier_commit_beside_the_app(tmp_path):
    """--before REV: the app at REV runs in every round from its own exported code, checked like the app."""
    output = tmp_path / "load.json"
    result = run("load.py", "--clients", "2", "--seconds", "0.5", "--warmup", "0.2", "--only", "app",
                 "--before", "HEAD", "--output", str(output), timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(output.read_text())
    assert results["before"]["check"] == "OK" and results["before"]["acknowledged_total"] > 0
    assert results["ab"]["post_per_s"] == results["app"]["post_per_s"] / results["before"]["post_per_s"]
    assert "A/B, median round: app " in result.stdout and "before (HEAD)" in result.stdout


@same_on_every_database
def test_the_exported_commit_is_the_code_that_runs(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import load
    finally:
        sys.path.remove(str(ROOT / "bench"))
    exported = load.exported_commit("HEAD", tmp_path)
    health = exported / "feedback_app" / "health.py"
    health.write_text(health.read_text().replace('return "ok", 200', 'return "ok from the exported code", 200'))
    databases = load.Databases("sqlite", None, tmp_path)
    forms = [load.form_spec("cp-conference-parent")]
    answers = {}
    for name, source in (("now", load.ROOT), ("exported", exported)):
        server = load.Server(load.app_target(databases, forms, "s" * 32, name=name, source=source), tmp_path)
        server.start()
        try:
            with urllib.request.urlopen(server.base_url + "/healthz", timeout=20) as answer:  # noqa: S310
                answers[name] = answer.read().decode()
        finally:
            server.stop()
    assert answers == {"now": "ok", "exported": "ok from the exported code"}


@same_on_every_database  # pages are weighed from a server on its own SQLite database
def test_questionnaire_pages_weigh_under_150_kb_gzipped(tmp_path):
    output = tmp_path / "page-weight.json"
    result = run("page_weight.py", "--output", str(output), timeout=180)

    assert result.returncode == 0, result.stdout + result.stderr
    pages = json.loads(output.read_text())["pages"]
    assert len(pages) >= 3
    assert any(page["page"].endswith("?lang=ar") for page in pages)  # a right-to-left language weighed too
    for page in pages:
        kinds = {resource["kind"] for resource in page["resources"]}
        assert {"html", "css", "js"} <= kinds, page["page"]
        # app.js imports GOV.UK Frontend's module: the import must have been followed.
        assert any(r["url"].endswith("govuk-frontend.min.js") for r in page["resources"]), page["page"]
        assert page["totals"]["total"]["gzip"] < 150 * 1024, page["page"]


def test_report_benchmark_runs_and_agrees_with_its_baselines(tmp_path):
    output = tmp_path / "reports.json"
    args = ["--responses", "3000", "--representations", "800", "--repeat", "1", "--output", str(output),
            "--data-dir", str(tmp_path)]
    if os.environ.get("TEST_DATABASE") == "postgresql":
        args += ["--database-url", POSTGRES_SERVER]
    result = run("reports.py", *args, timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(output.read_text())
    assert results["same_totals"] is True
    assert set(results["results"]) == {"satisfaction", "satisfaction-baseline", "complaints", "complaints-baseline",
                                       "complaints-pdf", "satisfaction-pdf"}
    assert all(measured["seconds"] > 0 and measured["peak_rss_mb"] > 0 for measured in results["results"].values())
    assert "same totals: OK" in result.stdout
