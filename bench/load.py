#!/usr/bin/env python
"""Load benchmark: the real app under gunicorn against a minimal Flask baseline.

For each of the two servers, in one run:

1. make a fresh database (SQLite file in a temporary folder, or a temporary
   PostgreSQL database with --database-url), run the app's migrations on it
   (the baseline creates its one table);
2. start gunicorn with bench/gunicorn.conf.py on a free 127.0.0.1 port and
   wait for /healthz;
3. run C clients (aiohttp) for D seconds after a short warm-up. Each client
   has its own cookie jar and loops: GET the questionnaire, read its CSRF token,
   POST a valid random set of answers. GET and POST latencies are kept apart;
   a 303 to a POST is an acknowledged submission, anything else is an error;
4. stop gunicorn and count the stored rows: every acknowledged submission
   (warm-up included) must be stored exactly once.

Then it prints both results side by side with the app/baseline ratios and the
targets, and writes them as JSON to bench/results/load-<timestamp>.json.

Exit status: 0 when every check passed; 1 when stored != acknowledged, any
request got a 5xx, or nothing was acknowledged; 2 when a server would not start.
Missing a target is reported, not an error.

    .venv/bin/python bench/load.py                       # 50 clients, 20 s, SQLite
    .venv/bin/python bench/load.py --clients 4 --seconds 2
    .venv/bin/python bench/load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

# The project's root, for feedback_app (the baseline borrows its SQLite settings).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import minimal_app  # noqa: E402  bench/minimal_app.py: this script's folder is on sys.path
from sqlalchemy import create_engine, text

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
GUNICORN_CONF = BENCH_DIR / "gunicorn.conf.py"
RESULTS_DIR = BENCH_DIR / "results"

CSRF_PATTERN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
#: The same, searched in the page's bytes: the clients share the machine with the servers, so they do no work a
#: browser elsewhere would do for them (decoding a 32 KB page to find 40 bytes of it).
CSRF_IN_BYTES = re.compile(CSRF_PATTERN.pattern.encode())
#: The clients send a form as a browser does, encoded once (urlencode): aiohttp's FormData took about four
#: times as long for the app's 20-odd fields, so the app's clients paid more for the same kind of request.
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}

#: Targets, stated for 50 clients.
TARGET_CLIENTS = 50
TARGET_POST_P99_MS = 150.0
TARGET_THROUGHPUT_RATIO = 0.5

#: Every client sends this User-Agent, so the anonymity audit (tests/integration/test_anonymity_after_load.py)
#: can search the database, logs and exports for it.
USER_AGENT = "LoadClient/1.0 anonymity-probe"

REQUEST_TIMEOUT_S = 30
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30
#: After the last client should have stopped, give up waiting this much later.
DRAIN_GRACE_S = REQUEST_TIMEOUT_S * 2 + 5

WORDS = ("the", "chair", "meeting", "was", "helpful", "clear", "long", "kind", "listened", "plan", "my", "child",
         "we", "did", "not", "know", "who", "everyone", "felt", "better", "after", "report", "late", "thank", "you")


# --- what the clients send -------------------------------------------------------------------------


@dataclass(frozen=True)
class FormSpec:
    """The questions one questionnaire page asks, read from its definition."""

    path: str
    questions: tuple  # forms.model.Question

    def random_answers(self, rng: random.Random) -> list[tuple[str, str]]:
        """A valid random submission: every required question, about two thirds of the
        optional ones, one to three options of a multi-choice, sometimes a comment."""
        fields: list[tuple[str, str]] = [("website", "")]  # the honeypot, sent empty as a browser does
        answered = 0
        for question in self.questions:
            if question.personal:
                continue  # contact details are never invented
            if not question.required and rng.random() < 0.35:
                continue
            if question.type == "single":
                fields.append((question.id, rng.choice(question.option_values)))
            elif question.type == "multi":
                count = rng.randint(1, min(3, len(question.options)))
                fields.extend((question.id, value) for value in rng.sample(question.option_values, count))
            else:
                if not question.required and rng.random() < 0.5:
                    continue
                fields.append((question.id, " ".join(rng.choices(WORDS, k=rng.randint(3, 40))).capitalize() + "."))
            answered += 1
        if answered == 0:  # the app refuses an empty submission: answer the first choice question
            first = next(q for q in self.questions if q.options)
            fields.append((first.id, first.option_values[0]))
        return fields


def form_spec(page: str) -> FormSpec:
    """``slug`` or ``slug/variant`` to the questions its page shows."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from forms.registry import load_questionnaires

    slug, _, variant = page.strip("/").removeprefix("q/").partition("/")
    questionnaire = load_questionnaires().get(slug)
    if questionnaire is None or (variant and variant not in questionnaire.variants):
        raise SystemExit(f"--form {page}: no such questionnaire or variant in forms/definitions")
    path = f"/q/{slug}/{variant}" if variant else f"/q/{slug}"
    return FormSpec(path=path, questions=questionnaire.variant(variant or None).questions)


# --- one server under test ------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    wsgi: str
    env: dict[str, str]
    get_path: Callable[[random.Random], str]
    post_fields: Callable[[random.Random, str], list[tuple[str, str]]]
    needs_csrf: bool
    count_rows: Callable[[], int]
    pythonpath: str | None = None
    database_url: str | None = None


@dataclass
class Stats:
    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    acknowledged: int = 0
    errors: Counter = field(default_factory=Counter)
    requests: int = 0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def server_errors(self) -> int:
        return sum(n for kind, n in self.errors.items() if re.search(r"\b5\d\d\b", kind))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving one target, started in its own process group."""

    def __init__(self, target: Target, workdir: Path, access_log: Path | None = None):
        self.target = target
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"gunicorn-{target.name}.log"
        #: gunicorn's access log, off unless a path is given (bench/gunicorn.conf.py keeps it off).
        self.access_log = access_log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start gunicorn (again, after a kill: same port, same settings) and wait for /healthz."""
        command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF),
                   "--bind", f"127.0.0.1:{self.port}", "--error-logfile", str(self.log_path)]
        if self.access_log is not None:
            command += ["--access-logfile", str(self.access_log)]
        if self.target.pythonpath:
            command += ["--pythonpath", self.target.pythonpath]
        command.append(self.target.wsgi)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.target.env, stdout=log, stderr=log,
                                            start_new_session=True)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn for {self.target.name} exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn for {self.target.name} did not answer /healthz within {STARTUP_TIMEOUT_S} s")

    def stop(self) -> None:
        """Graceful stop (SIGTERM: workers finish their request); SIGKILL to our own group if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def kill(self) -> None:
        """SIGKILL the whole server, master and workers (its own process group), as a crash would."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def worker_pids(self) -> list[int]:
        """The master's live children (its workers), from /proc; empty off Linux."""
        if self.process is None or self.process.poll() is not None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z":  # ppid; not a zombie
                pids.append(int(entry.name))
        return pids

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) of gunicorn and its workers so far; None off Linux."""
        if self.process is None:
            return None
        try:
            ticks = os.sysconf("SC_CLK_TCK")
            total = 0
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                fields = stat.rsplit(")", 1)[1].split()
                pid, ppid = int(entry.name), int(fields[1])
                if pid == self.process.pid or ppid == self.process.pid:
                    total += int(fields[11]) + int(fields[12])  # utime, stime
            return total / ticks
        except (OSError, ValueError, IndexError):
            return None


def busy_cpu_seconds() -> float | None:
    """CPU time all processes on the machine have used since boot (Linux /proc/stat); None elsewhere."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


# --- the clients ----------------------------------------------------------------------------------


async def client_loop(number: int, target: Target, base_url: str, stop_at: float, budget: list[int],
                      stats: Stats, seed: int) -> None:
    rng = random.Random(seed * 1000 + number)
    jar = aiohttp.CookieJar(unsafe=True)  # unsafe: keep cookies from an IP address (127.0.0.1)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=timeout, headers={"User-Agent": USER_AGENT},
                                     connector=aiohttp.TCPConnector(limit=1)) as session:
        while time.monotonic() < stop_at and budget[0] >= 2:
            budget[0] -= 2
            path = target.get_path(rng)
            started = time.perf_counter()
            try:
                async with session.get(base_url + path, allow_redirects=False) as response:
                    body = await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError) as error:
                stats.errors[f"GET {type(error).__name__}"] += 1
                await asyncio.sleep(0.05)
                continue
            finally:
                stats.requests += 1
            if status != 200:
                stats.errors[f"GET {status}"] += 1
                await asyncio.sleep(0.05)
                continue
            stats.get_ms.append((time.perf_counter() - started) * 1000)

            fields = target.post_fields(rng, path)
            if target.needs_csrf:
                match = CSRF_IN_BYTES.search(body)
                if not match:
                    stats.errors["GET page without csrf_token"] += 1
                    continue
                fields.append(("csrf_token", match.group(1).decode("ascii")))
            encoded = urlencode(fields).encode("ascii")
            started = time.perf_counter()
            try:
                async with session.post(base_url + path, data=encoded, headers=FORM_HEADERS,
                                        allow_redirects=False) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError) as error:
                stats.errors[f"POST {type(error).__name__}"] += 1
                await asyncio.sleep(0.05)
                continue
            finally:
                stats.requests += 1
            if status == 303:
                stats.acknowledged += 1
                stats.post_ms.append((time.perf_counter() - started) * 1000)
            else:
                stats.errors[f"POST {status}"] += 1


async def run_clients(target: Target, base_url: str, clients: int, seconds: float, budget: list[int],
                      seed: int) -> tuple[Stats, float]:
    stats = Stats()
    started = time.monotonic()
    stop_at = started + seconds
    tasks = [asyncio.create_task(client_loop(n, target, base_url, stop_at, budget, stats, seed))
             for n in range(clients)]
    done, pending = await asyncio.wait(tasks, timeout=seconds + DRAIN_GRACE_S)
    for task in pending:  # only if a request hung past every timeout; counted, never silently lost
        task.cancel()
        stats.errors["client cancelled"] += 1
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            stats.errors[f"client crashed: {task.exception()!r}"] += 1
    return stats, time.monotonic() - started


# --- figures --------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latencies(values: list[float]) -> dict[str, float | None]:
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
            "max": max(values, default=None)}


def summarise(stats: Stats, elapsed: float) -> dict[str, Any]:
    return {
        "seconds": round(elapsed, 3),
        "requests": stats.requests,
        "gets": len(stats.get_ms),
        "get_per_s": len(stats.get_ms) / elapsed if elapsed else 0.0,
        "post_per_s": stats.acknowledged / elapsed if elapsed else 0.0,
        "get_ms": latencies(stats.get_ms),
        "post_ms": latencies(stats.post_ms),
        "acknowledged": stats.acknowledged,
        "errors": stats.error_count,
        "error_kinds": dict(stats.errors),
        "server_errors": stats.server_errors,
    }


def benchmark(target: Target, args, workdir: Path) -> dict[str, Any]:
    server = Server(target, workdir)
    print(f"\n== {target.name}: gunicorn on {server.base_url}, {args.clients} clients, "
          f"{args.warmup:g} s warm-up + {args.seconds:g} s ==", flush=True)
    budget = [args.max_requests]
    try:
        server.start()
        warm, _ = asyncio.run(run_clients(target, server.base_url, args.clients, args.warmup, budget, args.seed))
        cpu_before, client_cpu_before, busy_before = server.cpu_seconds(), time.process_time(), busy_cpu_seconds()
        stats, elapsed = asyncio.run(run_clients(target, server.base_url, args.clients, args.seconds, budget,
                                                 args.seed + 1))
        cpu_after, client_cpu_after, busy_after = server.cpu_seconds(), time.process_time(), busy_cpu_seconds()
    except RuntimeError as error:
        print(f"{target.name}: {error}\n--- gunicorn log ---\n{server.log_tail()}", file=sys.stderr)
        server.stop()
        raise SystemExit(2) from error
    finally:
        server.stop()
    result = summarise(stats, elapsed)
    cores = os.cpu_count() or 1
    if cpu_before is not None and cpu_after is not None and elapsed:
        result["server_cpu_percent"] = 100 * (cpu_after - cpu_before) / elapsed
    result["client_cpu_percent"] = 100 * (client_cpu_after - client_cpu_before) / elapsed if elapsed else None
    if "server_cpu_percent" in result and busy_before is not None and busy_after is not None:
        # Whatever else ran on the machine meanwhile: it took CPU from the server and the clients.
        result["other_cpu_percent"] = max(0.0, 100 * (busy_after - busy_before) / elapsed
                                          - result["server_cpu_percent"] - result["client_cpu_percent"])
    result["cpu_capacity_percent"] = 100 * cores
    result["warmup"] = {"acknowledged": warm.acknowledged, "errors": warm.error_count,
                        "error_kinds": dict(warm.errors), "server_errors": warm.server_errors}
    result["budget_exhausted"] = budget[0] < 2
    acknowledged = stats.acknowledged + warm.acknowledged
    stored = target.count_rows()
    result["acknowledged_total"] = acknowledged
    result["stored"] = stored
    result["check"] = "OK" if stored == acknowledged else "MISMATCH"
    print(f"{target.name}: acknowledged {acknowledged} (warm-up {warm.acknowledged}), stored {stored}: "
          f"{result['check']}", flush=True)
    if server.log_tail().strip() and (result["errors"] or warm.error_count):
        print(f"--- {target.name} gunicorn log (last lines) ---\n{server.log_tail(15)}")
    return result


# --- databases ------------------------------------------------------------------------------------


class Databases:
    """Fresh databases for the app and the baseline: SQLite files, or PostgreSQL databases
    created on the server in --database-url and dropped afterwards."""

    def __init__(self, kind: str, server_url: str | None, workdir: Path):
        self.kind, self.server_url, self.workdir = kind, server_url, workdir
        self.created: list[str] = []

    def new(self, name: str) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.workdir / (name + '.sqlite3')}"
        database = f"bench_{name}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        self.created.append(database)
        return self.server_url.rsplit("/", 1)[0] + f"/{database}"

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for database in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def count(url: str, table: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()  # noqa: S608 (fixed name)
    engine.dispose()
    return rows


def app_target(databases: Databases, forms: list[FormSpec], secret: str, name: str = "app",
               source: Path = ROOT) -> Target:
    """The app from ``source``: this checkout, or a commit exported by ``exported_commit`` (``--before``)."""
    url = databases.new(name)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secret, "RATELIMIT_ENABLED": "0",
           "SESSION_COOKIE_SECURE": "0", "PROXY_HOPS": "0"}
    # Run from ``source``, the folder is first on sys.path. (gunicorn gets it by --pythonpath, which it puts first
    # only if PYTHONPATH has not already put it later: so not in the server's environment.)
    upgrade = subprocess.run([sys.executable, "-m", "flask", "--app", "feedback_app", "db", "upgrade"], cwd=source,
                             env=env, capture_output=True, text=True, timeout=120)
    if upgrade.returncode != 0:
        print(f"flask db upgrade failed:\n{upgrade.stdout}\n{upgrade.stderr}", file=sys.stderr)
        raise SystemExit(2)
    by_path = {form.path: form for form in forms}
    return Target(
        name=name, wsgi="feedback_app:create_app()", env=env, pythonpath=None if source == ROOT else str(source),
        get_path=lambda rng: rng.choice(forms).path,
        post_fields=lambda rng, path: by_path[path].random_answers(rng),
        needs_csrf=True, count_rows=lambda: count(url, "responses"), database_url=url,
    )


def exported_commit(rev: str, workdir: Path) -> Path:
    """The app's packages and migrations at git commit ``rev``, in a folder of ``workdir`` (``git archive``: no
    checkout, nothing of this one changed). It runs with this checkout's virtualenv and gunicorn settings."""
    folder = workdir / "before"
    folder.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", rev, "feedback_app", "forms", "analysis", "migrations"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def baseline_target(databases: Databases, name: str = "baseline") -> Target:
    url = databases.new(name)
    minimal_app.init_db(url)
    env = {**os.environ, "BASELINE_DATABASE_URL": url}
    return Target(
        name="baseline", wsgi="minimal_app:create_app()", env=env, pythonpath=str(BENCH_DIR),
        get_path=lambda rng: "/form",
        post_fields=lambda rng, path: [("answer", rng.choice(("yes", "no", "not_sure")))],
        needs_csrf=False, count_rows=lambda: minimal_app.count_rows(url), database_url=url,
    )


# --- report ---------------------------------------------------------------------------------------


def running_order(names: list[str], round_number: int) -> list[str]:
    """The servers in the order given in odd rounds and in reverse in even ones (A B C, C B A, ...). A shared
    machine's speed drifts over minutes (15-25 % within one run here); always running the baseline last would
    hand it any speed-up, so over an even number of rounds each server has had each place equally often."""
    return names if round_number % 2 else names[::-1]


def median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The round whose app/baseline submissions ratio is the median (the lower middle one of an even
    number), so the table shows one real round; with one server only, the median of that server."""
    def key(measured: dict[str, Any]) -> float:
        if "app" in measured and "baseline" in measured:
            return ratio(measured["app"]["post_per_s"], measured["baseline"]["post_per_s"]) or 0.0
        return next(iter(measured.values()))["post_per_s"]

    if len(rounds) > 1:
        print("\nRounds (app/baseline submissions): " + ", ".join(f"{key(r):.2f}" for r in rounds)
              + "; the median round is shown below")
        if all("app" in r and "before" in r for r in rounds):
            print("Rounds (app/before submissions): " + ", ".join(
                _fmt(ratio(r["app"]["post_per_s"], r["before"]["post_per_s"]), 2) for r in rounds)
                + "; (before/app CPU per submission): " + ", ".join(
                _fmt(ratio(cpu_per_submission(r["before"]), cpu_per_submission(r["app"])), 2) for r in rounds))
        if all("app" in r and "baseline" in r for r in rounds):
            print("Rounds (baseline/app CPU per submission): " + ", ".join(
                _fmt(ratio(cpu_per_submission(r["baseline"]), cpu_per_submission(r["app"])), 2) for r in rounds))
    return sorted(rounds, key=key)[(len(rounds) - 1) // 2]


def geometric_mean(values: list[float | None]) -> float | None:
    """The standard library's, or None when a round gave no ratio."""
    return statistics.geometric_mean(values) if values and all(values) else None


def across_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Each ratio's geometric mean over the rounds. With an even number of rounds each server ran first in half
    of them (``running_order``), so a machine that is faster for whichever runs first in a round (seen here: by
    a third) favours no one; the median round, one of them, would carry that bias whole."""
    summary: dict[str, Any] = {"rounds": len(rounds), "balanced": len(rounds) % 2 == 0}
    for name, other in (("app_baseline", "baseline"), ("app_before", "before")):
        if all("app" in r and other in r for r in rounds):
            summary[name] = geometric_mean([ratio(r["app"]["post_per_s"], r[other]["post_per_s"]) for r in rounds])
    if "app_baseline" in summary or "app_before" in summary:
        print("Geometric mean over the rounds" + ("" if summary["balanced"] else " (an odd number: not balanced)")
              + ": " + "; ".join(f"{label} {_fmt(summary[key], 2)}" for key, label in
                                 (("app_baseline", "app/baseline"), ("app_before", "app/before")) if key in summary))
    return summary


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def ratio(a, b) -> float | None:
    return a / b if a is not None and b else None


def cpu_per_submission(result: dict[str, Any]) -> float | None:
    """Server and client CPU (ms) per acknowledged submission in the measured period. Other processes
    on the machine change how many submissions a second fit, much less what each costs: with the
    machine's cores saturated, baseline/app of this is what the throughput ratio would be on a quiet
    machine, and it moves less between runs."""
    server, client, rate = result.get("server_cpu_percent"), result.get("client_cpu_percent"), result["post_per_s"]
    if server is None or client is None or not rate:
        return None
    return (server + client) * 10 / rate  # % of one core = 10 ms of CPU a second


def report(results: dict[str, Any], args) -> dict[str, Any]:
    app, base = results["app"], results["baseline"]
    ratios = {
        "get_per_s": ratio(app["get_per_s"], base["get_per_s"]),
        "post_per_s": ratio(app["post_per_s"], base["post_per_s"]),
        "get_p99": ratio(app["get_ms"]["p99"], base["get_ms"]["p99"]),
        "post_p99": ratio(app["post_ms"]["p99"], base["post_ms"]["p99"]),
        "cpu_per_submission": ratio(cpu_per_submission(base), cpu_per_submission(app)),
    }
    rows = [
        ("GET/s", app["get_per_s"], base["get_per_s"], ratios["get_per_s"]),
        ("POST (submissions)/s", app["post_per_s"], base["post_per_s"], ratios["post_per_s"]),
        *[(f"GET {p} ms", app["get_ms"][p], base["get_ms"][p], ratios["get_p99"] if p == "p99" else None)
          for p in ("p50", "p95", "p99")],
        *[(f"POST {p} ms", app["post_ms"][p], base["post_ms"][p], ratios["post_p99"] if p == "p99" else None)
          for p in ("p50", "p95", "p99")],
        ("errors", app["errors"], base["errors"], None),
        ("acknowledged (incl. warm-up)", app["acknowledged_total"], base["acknowledged_total"], None),
        ("stored rows", app["stored"], base["stored"], None),
        ("stored == acknowledged", app["check"], base["check"], None),
        ("server CPU % (of {})".format(app["cpu_capacity_percent"]), app.get("server_cpu_percent"),
         base.get("server_cpu_percent"), None),
        ("client CPU %", app.get("client_cpu_percent"), base.get("client_cpu_percent"), None),
        ("other processes CPU %", app.get("other_cpu_percent"), base.get("other_cpu_percent"), None),
        ("CPU ms per submission", cpu_per_submission(app), cpu_per_submission(base),
         ratio(cpu_per_submission(app), cpu_per_submission(base))),
    ]
    print(f"\nResults: {args.clients} clients, {args.seconds:g} s, database {results['database']}, "
          f"gunicorn {results['gunicorn']}"
          + "".join(f", {name}={value}" for name, value in results["gunicorn_overrides"].items()))
    print(f"{'':30}{'app':>12}{'baseline':>12}{'app/baseline':>14}")
    for label, a, b, r in rows:
        print(f"{label:30}{_fmt(a):>12}{_fmt(b):>12}{_fmt(r, 2):>14}")
    busiest_other = max(app.get("other_cpu_percent") or 0, base.get("other_cpu_percent") or 0)
    if results["database"] == "postgresql":
        print("  (other processes include the PostgreSQL server)")
    elif busiest_other > 20:
        print(f"  NOTE: other processes used up to {busiest_other:.0f}% CPU during the run: the figures are low "
              "and noisy; run again on a quiet machine.")
    if (cpu_ratio := ratio(cpu_per_submission(base), cpu_per_submission(app))) is not None:
        print(f"  CPU per submission (server and clients) gives app/baseline {cpu_ratio:.2f}: the throughput ratio "
              "if the two had the machine to themselves")
    for name in ("app", "baseline"):
        for phase, kinds in (("", results[name]["error_kinds"]), ("warm-up ", results[name]["warmup"]["error_kinds"])):
            if kinds:
                print(f"  {name} {phase}errors: " + ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items())))
        if results[name]["budget_exhausted"]:
            print(f"  {name}: stopped early at the --max-requests cap ({args.max_requests})")

    post_p99 = app["post_ms"]["p99"]
    # Over several rounds, the ratio is judged on their geometric mean (``across_rounds``), not on the median round.
    throughput = results.get("across_rounds", {}).get("app_baseline") or ratios["post_per_s"]
    targets = {
        "clients": TARGET_CLIENTS,
        "app_post_p99_ms": {"target": TARGET_POST_P99_MS, "measured": post_p99,
                            "met": post_p99 is not None and post_p99 < TARGET_POST_P99_MS},
        "throughput_ratio": {"target": TARGET_THROUGHPUT_RATIO, "measured": throughput,
                             "met": throughput is not None and throughput >= TARGET_THROUGHPUT_RATIO},
    }
    print(f"\nTargets (stated for {TARGET_CLIENTS} clients"
          + ("" if args.clients == TARGET_CLIENTS else f"; this run had {args.clients}, so only indicative") + "):")
    for label, key, shown in (
        (f"app submission p99 < {TARGET_POST_P99_MS:g} ms", "app_post_p99_ms", f"{_fmt(post_p99)} ms"),
        (f"app submissions/s >= {TARGET_THROUGHPUT_RATIO:g} x baseline"
         + (" (geometric mean of the rounds)" if "across_rounds" in results else ""), "throughput_ratio",
         f"{_fmt(throughput, 2)} x"),
    ):
        print(f"  {label:42}{shown:>14}   {'met' if targets[key]['met'] else 'MISSED'}")
    return {"ratios": ratios, "targets": targets}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--seconds", type=float, default=20, help="measured duration per server (default 20)")
    parser.add_argument("--warmup", type=float, default=2,
                        help="unmeasured warm-up per server, seconds (default 2); its submissions are still checked")
    parser.add_argument("--max-requests", type=int, default=200_000,
                        help="hard cap on requests per server, warm-up included (default 200000)")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default=None,
                        help="sqlite (default): files in a temporary folder; postgresql: needs --database-url")
    parser.add_argument("--database-url",
                        help="PostgreSQL server URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres): "
                             "temporary databases are created on it for the app and the baseline, then dropped")
    parser.add_argument("--form", action="append", dest="forms", metavar="SLUG[/VARIANT]",
                        help="questionnaire page(s) the clients answer, chosen at random each time "
                             "(default cp-conference-parent)")
    parser.add_argument("--only", choices=("app", "baseline"), help="run one server only (no ratios)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run app then baseline this many times, each on fresh servers and databases, and "
                             "read the median round (default 1): on a shared machine the noise then falls on both")
    parser.add_argument("--before", metavar="REV",
                        help="also run the app at this git commit in every round, between the app and the baseline, "
                             "so a change is judged against the code before it in the same minutes (A/B)")
    parser.add_argument("--seed", type=int, default=None, help="random seed for the answers")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/load-<timestamp>.json)")
    args = parser.parse_args(argv)

    if args.clients < 1 or args.seconds <= 0 or args.warmup < 0 or args.max_requests < 2 or args.rounds < 1:
        parser.error("--clients >= 1, --seconds > 0, --warmup >= 0, --max-requests >= 2 and --rounds >= 1")
    database = args.database or ("postgresql" if args.database_url else "sqlite")
    if database == "postgresql":
        if not args.database_url or not args.database_url.startswith("postgresql"):
            parser.error("--database postgresql needs --database-url postgresql+psycopg://user@host:port/dbname")
    elif args.database_url:
        parser.error("--database-url is for PostgreSQL; SQLite always uses a fresh file in a temporary folder")
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1_000_000)
    forms = [form_spec(page) for page in (args.forms or ["cp-conference-parent"])]

    import gunicorn

    results: dict[str, Any] = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "settings": {"clients": args.clients, "seconds": args.seconds, "warmup": args.warmup,
                     "max_requests": args.max_requests, "forms": [form.path for form in forms], "seed": args.seed},
        "database": database,
        "gunicorn": gunicorn.__version__,
        "gunicorn_config": str(GUNICORN_CONF.relative_to(ROOT)),
        "gunicorn_overrides": {name: value for name, value in os.environ.items() if name.startswith("BENCH_")},
        "before_commit": args.before,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": sys.platform},
    }
    secret = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="feedback-bench-") as workdir:
        databases = Databases(database, args.database_url, Path(workdir))
        before = exported_commit(args.before, Path(workdir)) if args.before else None
        rounds: list[dict[str, Any]] = []
        try:
            for number in range(1, args.rounds + 1):
                if args.rounds > 1:
                    print(f"\n=== round {number} of {args.rounds} ===", flush=True)
                targets = {}
                if args.only != "baseline":
                    targets["app"] = lambda n=number: app_target(databases, forms, secret, name=f"app{n}")
                    if before is not None:
                        targets["before"] = lambda n=number: app_target(databases, forms, secret, name=f"before{n}",
                                                                        source=before)
                if args.only != "app":
                    targets["baseline"] = lambda n=number: baseline_target(databases, name=f"baseline{n}")
                measured: dict[str, Any] = {}
                for name in running_order(list(targets), number):
                    measured[name] = benchmark(targets[name](), args, Path(workdir))
                rounds.append({name: measured[name] for name in targets})
        finally:
            databases.drop_all()
    results.update(median_round(rounds))
    if args.rounds > 1:
        results["rounds"] = rounds
        results["across_rounds"] = across_rounds(rounds)

    if args.before and "app" in results and "before" in results:
        app, before = results["app"], results["before"]
        results["ab"] = {"post_per_s": ratio(app["post_per_s"], before["post_per_s"]),
                         "cpu_per_submission": ratio(cpu_per_submission(before), cpu_per_submission(app))}
        print(f"\nA/B, median round: app {_fmt(app['post_per_s'])}/s, before ({args.before}) "
              f"{_fmt(before['post_per_s'])}/s: app/before {_fmt(results['ab']['post_per_s'], 2)}; CPU ms per "
              f"submission {_fmt(cpu_per_submission(app), 2)} against {_fmt(cpu_per_submission(before), 2)}")
    if args.only is None:
        results.update(report(results, args))
    else:
        only = results[args.only]
        print(json.dumps({k: only[k] for k in ("get_per_s", "post_per_s", "get_ms", "post_ms", "errors", "check")},
                         indent=2))

    output = args.output or RESULTS_DIR / f"load-{datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nJSON: {output}")

    failures = []
    for name, measured in ((name, measured[name]) for measured in results.get("rounds", [results])
                           for name in ("app", "before", "baseline") if name in measured):
        if measured["check"] != "OK":
            failures.append(f"{name}: stored {measured['stored']} != acknowledged {measured['acknowledged_total']}")
        server_errors = measured["server_errors"] + measured["warmup"]["server_errors"]
        if server_errors:
            failures.append(f"{name}: {server_errors} responses with 5xx")
        if measured["acknowledged_total"] == 0:
            failures.append(f"{name}: nothing acknowledged")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("All checks passed (stored == acknowledged, no 5xx).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
