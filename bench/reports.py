#!/usr/bin/env python
"""Report benchmark: the analysis library on generated data, against minimal baselines.

It fills a database made by the app's own migrations with

* N responses (default 1,000,000) to ``cp-conference-parent`` (10 scored questions,
  the About you questions; 16 choice slots) in the financial year 2024/25, with
  answers drawn at random but leaning positive as real ones do, some unanswered,
  and invitation-card context (meeting type, team) on half of them;
* M representations (default 100,000) in 2024/25 and a fifth as many in 2023/24,
  and a population table;

then measures, each in a fresh process (so its peak memory is its own), the best of
``--repeat`` runs:

| measurement | what runs |
|---|---|
| satisfaction | ``analysis.sources.response_rows`` + ``responses.decode`` + ``satisfaction_report`` (every table) |
| satisfaction-baseline | the same query, then the smallest hand-written count of the same question |
|  | totals (answered and positive per scored question) with numpy |
| complaints | ``sources.representations_for_year`` + ``population`` + ``complaints_report`` (all twelve tables) |
| complaints-baseline | the same query, then pandas crosstabs for the service tables and ``in_time_many`` for stage 1 |
| complaints-pdf | writing the complaints report above as a PDF (only the writing is timed) |
| satisfaction-pdf | writing the satisfaction report as a PDF |

and prints time, peak memory (resident set size of the whole process, Python and
pandas included) and the ratio to the baseline. Targets (issue 4, 2-core machine):
satisfaction over 1M responses within 2 s and 500 MB; complaints report within 1 s;
PDF within 3 s.

    .venv/bin/python bench/reports.py                     # 1M responses, 100k representations, SQLite
    .venv/bin/python bench/reports.py --responses 20000 --representations 5000 --repeat 1
    .venv/bin/python bench/reports.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

The generated SQLite file is kept in bench/.data/ (git-ignored) and reused by later
runs with the same sizes; generating 1M responses takes a minute or two.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "cp-conference-parent"
YEAR = 2024
DATA_DIR = ROOT / "bench" / ".data"
RESULTS_DIR = ROOT / "bench" / "results"
TARGETS = {"satisfaction": (2.0, 500), "complaints": (1.0, None), "complaints-pdf": (3.0, None),
           "satisfaction-pdf": (3.0, None)}
BASELINES = {"satisfaction": "satisfaction-baseline", "complaints": "complaints-baseline"}


# --- making the data ------------------------------------------------------------------------------------------

def _engine(url: str):
    from sqlalchemy import create_engine

    return create_engine(url)


def migrate(url: str) -> None:
    from flask_migrate import upgrade

    from feedback_app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))


def _random_codes(rng: np.random.Generator, n: int) -> list[str]:
    """Choice codes leaning positive: for each single slot the first option (``1``, the
    positive one in this questionnaire) is likeliest, and about 8% are unanswered."""
    from forms.codebook import ALPHABET, pinned_codebook
    from forms.registry import load_questionnaires

    questionnaire = load_questionnaires()[SLUG]
    codebook = pinned_codebook(SLUG, questionnaire.version)
    columns = []
    for slot in codebook.slots:
        options = len(slot.options) if not slot.is_multi else 1
        weights = np.array([0.08] + [0.92 * (0.6 if i == 0 else 0.4 / max(options - 1, 1)) for i in range(options)])
        numbers = rng.choice(options + 1, size=n, p=weights / weights.sum())
        columns.append(np.array(list(ALPHABET), dtype="<U1")[numbers])
    return ["".join(parts) for parts in zip(*columns, strict=True)]


def generate_responses(url: str, n: int, rng: np.random.Generator) -> None:
    from forms.registry import load_questionnaires

    version = load_questionnaires()[SLUG].version
    start = date(YEAR, 4, 1)
    days = rng.integers(0, 365, size=n)
    teams = ["Child Protection North", "Child Protection South", None, None]
    meeting_types = ["initial_cp_conference", "review_cp_conference", None, None]
    team_picks = rng.integers(0, len(teams), size=n)
    type_picks = rng.integers(0, len(meeting_types), size=n)
    codes = _random_codes(rng, n)
    engine = _engine(url)
    chunk = 50_000
    with engine.begin() as connection:
        raw = connection.connection.driver_connection
        cursor = raw.cursor()
        placeholder = "?" if url.startswith("sqlite") else "%s"
        values = ", ".join([placeholder] * 9)
        statement = ("INSERT INTO responses (id, questionnaire, definition_version, variant, channel, "  # noqa: S608
                     f"submitted_on, meeting_type, team, choices) VALUES ({values})")
        for first in range(0, n, chunk):
            rows = [(uuid.uuid4().hex, SLUG, version, "standard", "web", start + timedelta(days=int(days[i])),
                     meeting_types[type_picks[i]], teams[team_picks[i]], codes[i])
                    for i in range(first, min(first + chunk, n))]
            cursor.executemany(statement, rows)
    engine.dispose()


def generate_representations(url: str, n: int, rng: np.random.Generator) -> None:
    from sqlalchemy import insert

    from analysis.complaints import DISABILITIES, ETHNICITIES, OUTCOMES
    from feedback_app.config import load_deployment

    deployment = load_deployment(None)
    services = deployment["service_areas"] + [None]
    categories, methods = deployment["complaint_categories"], deployment["contact_methods"]
    made_by = ["child", "parent", "carer", "relative", "advocate", "professional", "other"]
    rows = []
    for year, count in ((YEAR, n), (YEAR - 1, max(n // 5, 1))):
        start = date(year, 4, 1)
        for i in range(count):
            received = start + timedelta(days=int(rng.integers(0, 365)))
            kind = rng.choice(["complaint", "complaint", "compliment", "comment"])
            complaint = kind == "complaint"
            responded = received + timedelta(days=int(rng.integers(3, 30))) if complaint else None
            stage2 = complaint and rng.random() < 0.1
            rows.append({
                "id": uuid.uuid4().hex, "reference": f"B{year}-{i:07d}", "reference_key": f"b{year}-{i:07d}",
                "kind": kind, "status": "closed",
                "received_on": received, "service_area": services[rng.integers(0, len(services))],
                "category": categories[rng.integers(0, len(categories))] if complaint else None,
                "made_by": made_by[rng.integers(0, len(made_by))],
                "contact_method": methods[rng.integers(0, len(methods))], "procedure": "statutory",
                "advocate": bool(rng.random() < 0.3), "service_user_ethnicity": ETHNICITIES[rng.integers(0, 6)],
                "service_user_disability": DISABILITIES[rng.integers(0, 3)],
                "stage1_responded_on": responded, "stage1_extended": bool(rng.random() < 0.2),
                "stage2_started_on": responded if stage2 else None,
                "stage2_responded_on": responded + timedelta(days=int(rng.integers(10, 60))) if stage2 else None,
                "stage2_extended_to": None, "outcome": OUTCOMES[rng.integers(0, 4)] if complaint else None,
                "version": 1,
            })
    engine = _engine(url)
    from feedback_app.complaints.models import Population, Representation

    with engine.begin() as connection:
        for first in range(0, len(rows), 20_000):
            connection.execute(insert(Representation.__table__), rows[first:first + 20_000])
        connection.execute(insert(Population.__table__), [
            {"year": YEAR, "dimension": "ethnicity", "group": group, "count": int(rng.integers(50, 2000))}
            for group in ETHNICITIES] + [
            {"year": YEAR, "dimension": "disability", "group": group, "count": int(rng.integers(50, 2000))}
            for group in DISABILITIES])
    engine.dispose()


def prepare(args) -> str:
    """The database URL to measure, generated now or reused from an earlier run."""
    rng = np.random.default_rng(20241)
    if args.database_url:
        from sqlalchemy import text

        name = f"bench_reports_{os.getpid()}"
        admin = _engine(args.database_url).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = args.database_url.rsplit("/", 1)[0] + f"/{name}"
        args.created_database = name
    else:
        args.data_dir.mkdir(exist_ok=True, parents=True)
        path = args.data_dir / f"reports-{args.responses}-{args.representations}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists() and (args.data_dir / f"{path.name}.complete").exists():
            print(f"Reusing {path}")
            return url
        path.unlink(missing_ok=True)
    started = time.perf_counter()
    migrate(url)
    generate_responses(url, args.responses, rng)
    generate_representations(url, args.representations, rng)
    if url.startswith("postgresql"):
        with _engine(url).execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
            from sqlalchemy import text

            connection.execute(text("VACUUM ANALYZE"))
    else:
        (args.data_dir / f"{Path(url[10:]).name}.complete").write_text("ok")
    print(f"Generated {args.responses:,} responses and {args.representations:,} representations "
          f"in {time.perf_counter() - started:.0f} s")
    return url


# --- the measurements (each runs in its own process) -------------------------------------------------------

def _period():
    from analysis.periods import financial_year

    return financial_year(YEAR)


def _satisfaction(engine):
    from analysis.responses import decode
    from analysis.satisfaction import satisfaction_report
    from analysis.sources import response_rows
    from forms.registry import load_questionnaires

    with engine.connect() as connection:
        responses = decode(response_rows(connection, SLUG, _period()), SLUG)
    return satisfaction_report(responses, load_questionnaires()[SLUG], _period(), authority="Bench Council")


def _satisfaction_baseline(engine):
    """The least work that gives the same question totals: read the codes, count."""
    from forms.codebook import ALPHABET, pinned_codebook
    from forms.registry import load_questionnaires

    questionnaire = load_questionnaires()[SLUG]
    codebook = pinned_codebook(SLUG, questionnaire.version)
    codes = _raw_rows(engine, "SELECT choices FROM responses WHERE questionnaire = {p} AND submitted_on "
                              "BETWEEN {p} AND {p}", SLUG, _period().start, _period().end)
    block = np.frombuffer("".join(code for (code,) in codes).encode(), dtype=np.uint8).reshape(len(codes), -1)
    totals = {}
    for position, slot in enumerate(codebook.slots):
        question = questionnaire.question(slot.question_id)
        if question.positive and not slot.is_multi:
            positive_codes = [ord(ALPHABET[slot.options.index(v) + 1]) for v in question.positive]
            column = block[:, position]
            totals[question.id] = (int((column != ord("0")).sum()), int(np.isin(column, positive_codes).sum()))
    return totals


def _raw_rows(engine, sql: str, *parameters) -> list[tuple]:
    """Rows straight from the driver's cursor, as the library reads them (no SQLAlchemy rows)."""
    from analysis.sources import _read

    with engine.connect() as connection:
        return _read(connection, sql, *parameters)


def _complaints(engine):
    from analysis.complaints import complaints_report
    from analysis.sources import population, representations_for_year
    from feedback_app.config import load_deployment
    from feedback_app.reports.service import setup_from

    with engine.connect() as connection:
        register = representations_for_year(connection, YEAR)
        users = population(connection, YEAR)
    return complaints_report(register, users, setup_from(load_deployment(None)), YEAR, authority="Bench Council")


def _complaints_baseline(engine):
    """The same rows, the main service tables by crosstab and stage 1 in time."""
    import pandas as pd

    from analysis.working_days import in_time_many

    period = _period()
    rows = _raw_rows(engine, "SELECT kind, service_area, category, made_by, outcome, received_on, "
                             "stage1_responded_on, stage1_extended FROM representations "
                             "WHERE received_on BETWEEN {p} AND {p}", period.start, period.end)
    frame = pd.DataFrame.from_records(rows, columns=["kind", "service", "category", "made_by", "outcome",
                                                     "received_on", "responded_on", "extended"])
    complaints = frame[frame["kind"] == "complaint"]
    tables = [pd.crosstab(complaints["category"], complaints["service"], margins=True),
              pd.crosstab(complaints["made_by"] == "child", complaints["service"], margins=True),
              pd.crosstab(complaints["category"], [complaints["service"], complaints["outcome"]])]
    answered = complaints[complaints["responded_on"].notna()]
    on_time = in_time_many(pd.to_datetime(answered["received_on"]), pd.to_datetime(answered["responded_on"]),
                           np.where(answered["extended"].astype(bool), 20, 10))
    return tables, int(on_time.sum())


def _pdf(build):
    def measure(engine):
        import io

        from analysis.formats.pdf_format import write_pdf

        report = build(engine)
        started = time.perf_counter()
        write_pdf(report, io.BytesIO())
        return time.perf_counter() - started
    return measure


MEASUREMENTS = {
    "satisfaction": _satisfaction,
    "satisfaction-baseline": _satisfaction_baseline,
    "complaints": _complaints,
    "complaints-baseline": _complaints_baseline,
    "complaints-pdf": _pdf(_complaints),
    "satisfaction-pdf": _pdf(_satisfaction),
}


def _import_everything() -> None:
    """Imports are paid once per process, not per report: keep them out of the timings."""
    import analysis.complaints  # noqa: F401
    import analysis.formats.pdf_format  # noqa: F401
    import analysis.responses  # noqa: F401
    import analysis.satisfaction  # noqa: F401
    import analysis.sources  # noqa: F401
    import feedback_app.reports.service  # noqa: F401


def measure_in_this_process(name: str, url: str, repeat: int) -> dict:
    _import_everything()
    engine = _engine(url)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = MEASUREMENTS[name](engine)
        elapsed = time.perf_counter() - started
        times.append(result if name.endswith("-pdf") else elapsed)
    return {"name": name, "seconds": min(times), "all_seconds": times, "peak_rss_mb": round(peak_rss_mb(), 1)}


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not ``getrusage``'s ru_maxrss: Linux
    carries the parent's peak across fork and exec into it, so a child started by a
    parent that had just generated a million rows reported the parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_same_totals(url: str) -> list[str]:
    """The library and the baselines must agree, or the timings compare different work."""
    engine = _engine(url)
    problems = []
    summary = _satisfaction(engine).tables["question_summary"].frame
    for question_id, (answered, positive) in _satisfaction_baseline(engine).items():
        if (summary.at[question_id, "Answered"], summary.at[question_id, "Positive"]) != (answered, positive):
            problems.append(f"satisfaction {question_id}: {summary.loc[question_id].to_dict()} != "
                            f"{answered}, {positive}")
    report = _complaints(engine)
    (by_category, _, _), in_time = _complaints_baseline(engine)
    library = report.tables["complaints_by_service_and_category"].frame
    for service in by_category.columns.drop("All"):
        if library[service].drop("Total").sum() != by_category[service].drop("All").sum():
            problems.append(f"complaints in {service} differ")
    stage1 = report.tables["stage1_timeliness_by_service"].frame.loc["Completed in time"].sum()
    # The baseline counts every complaint's stage 1; the table only those with an established service.
    if stage1 > in_time:
        problems.append(f"stage 1 in time: {stage1} > {in_time}")
    engine.dispose()
    return problems


def measure(name: str, url: str, repeat: int) -> dict:
    output = subprocess.run([sys.executable, __file__, "--measure", name, "--url", url, "--repeat", str(repeat)],
                            check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- running and reporting ----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--representations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the best counts")
    parser.add_argument("--database-url", help="a PostgreSQL server URL: a temporary database is made on it")
    parser.add_argument("--only", action="append", choices=list(MEASUREMENTS), help="measure only these")
    parser.add_argument("--output", type=Path, help="where to write the JSON results (default bench/results/)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="where generated SQLite files are kept")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_in_this_process(args.measure, args.url, args.repeat)))
        return 0

    args.created_database = None
    url = prepare(args)
    try:
        problems = check_same_totals(url)
        print("Library and baselines give the same totals: " + ("OK" if not problems else "; ".join(problems)))
        results = {name: measure(name, url, args.repeat) for name in (args.only or MEASUREMENTS)}
    finally:
        if args.created_database:
            from sqlalchemy import text

            with _engine(args.database_url).execution_options(isolation_level="AUTOCOMMIT").connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{args.created_database}" WITH (FORCE)'))
    if problems:
        print("The library and a baseline disagree: the timings below compare different work.")
    print(f"\n{'measurement':24} {'seconds':>8} {'peak MB':>8} {'× baseline':>11}  target")
    missed = []
    for name, result in results.items():
        baseline = results.get(BASELINES.get(name, ""))
        ratio = f"{result['seconds'] / baseline['seconds']:.2f}" if baseline else ""
        target = TARGETS.get(name)
        verdict = ""
        if target:
            seconds, megabytes = target
            met = result["seconds"] <= seconds and (megabytes is None or result["peak_rss_mb"] <= megabytes)
            verdict = f"≤ {seconds} s" + (f", ≤ {megabytes} MB" if megabytes else "") + (": met" if met else ": MISSED")
            if not met:
                missed.append(name)
        print(f"{name:24} {result['seconds']:8.3f} {result['peak_rss_mb']:8.0f} {ratio:>11}  {verdict}")
    RESULTS_DIR.mkdir(exist_ok=True)
    out = args.output or RESULTS_DIR / f"reports-{datetime.now():%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps({"responses": args.responses, "representations": args.representations,
                               "database": "postgresql" if args.database_url else "sqlite",
                               "same_totals": not problems, "targets_missed": missed, "results": results},
                              indent=1))
    print(f"\nWrote {out}" + (f"; targets missed: {', '.join(missed)}" if missed else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
