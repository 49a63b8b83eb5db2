#!/usr/bin/env python
"""Faults under load: gunicorn workers, then the whole server, SIGKILLed while clients submit.

Two phases, each on a fresh database (SQLite, or PostgreSQL with --database-url):

* **worker kills** (``--kill-worker N``): N times, SIGKILL a random gunicorn
  worker; gunicorn's master starts a new one;
* **server kills** (``--kill-server N``): N times, SIGKILL the whole server
  (master and workers, its process group), start it again on the same port and
  database.

The kills are spread over the run. C clients (aiohttp, as bench/load.py) loop:
GET the questionnaire, POST it. Every submission answers the same fixed set of
questions (one option for each choice question, one text per text question), so
every stored response has exactly K answer rows and a non-empty ``choices`` code,
and its ``comments`` answer is a token unique to that submission ("load-<hex>").
A connection error is not an acknowledgement: the client starts again with a new
GET and a new token (it never re-sends a token). Only a 303 acknowledges.

Meanwhile a checker polls the database about every 100 ms for partial responses:
in one statement (one snapshot) it counts responses, answer rows and responses
with an empty code; answer rows != K x responses, or an empty code, means some
response was visible without all its answers. Every 20th poll and at the end it
also checks each response's answer count (which also catches a response with more
than K, which could otherwise hide a partial one in the totals).

Checks (exit status 1 if any fails; 2 if a server would not start):

* no partial response seen at any poll, and none at the end;
* every acknowledged token stored exactly once; no token stored twice; every
  stored token was sent by a client; responses = stored tokens. A token stored
  whose 303 never arrived (its POST lost its connection in a kill) is counted as
  "stored, not acknowledged": allowed, expected to be a handful;
* no 5xx and no other unexpected status (anything that answered was a running
  server); connection errors are expected around kills and only counted;
* recovery: after every kill a submission is acknowledged (and, for worker kills,
  the master is back to its full number of workers).

    .venv/bin/python bench/faults.py                 # 100 clients, 60 s, 10 worker kills, then 10 server kills
    .venv/bin/python bench/faults.py --quick         # CI: 8 clients, 8 s, 3 kills each, 3 workers
    .venv/bin/python bench/faults.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

It prints a table and writes JSON to bench/results/faults-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import secrets
import signal
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/: load.py
from load import (  # noqa: E402
    CSRF_PATTERN,
    GUNICORN_CONF,
    REQUEST_TIMEOUT_S,
    RESULTS_DIR,
    ROOT,
    USER_AGENT,
    WORDS,
    Databases,
    FormSpec,
    Server,
    app_target,
    form_spec,
    latencies,
)
from sqlalchemy import create_engine, text  # noqa: E402

FORM = "cp-conference-parent"
TOKEN_QUESTION = "comments"  # noqa: S105 (a question id, not a secret)
POLL_INTERVAL_S = 0.1
FULL_CHECK_EVERY = 20
#: After the last kill has recovered, clients go on at least this long.
TAIL_S = 2.0
RESPAWN_TIMEOUT_S = 30
RESTART_ATTEMPTS = 3
RECOVERY_TIMEOUT_S = 30
#: What gunicorn.conf.py starts unless told otherwise (it reads the same variable).
DEFAULT_WORKERS = int(os.environ.get("BENCH_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
#: --quick: fewer workers, so each restart boots less (a worker imports the app: ~2 s of CPU).
QUICK_WORKERS = 3


# --- what the clients send -------------------------------------------------------------------------


def fixed_answers(form: FormSpec, rng: random.Random, token: str) -> list[tuple[str, str]]:
    """Every question that is not personal, one value each: one answer row per question."""
    fields: list[tuple[str, str]] = [("website", "")]  # the honeypot, empty
    for question in form.questions:
        if question.personal:
            continue
        if question.options:
            fields.append((question.id, rng.choice(question.option_values)))
        elif question.id == TOKEN_QUESTION:
            fields.append((question.id, token))
        else:
            fields.append((question.id, " ".join(rng.choices(WORDS, k=rng.randint(3, 12))).capitalize() + "."))
    return fields


def answer_rows(form: FormSpec) -> int:
    return sum(1 for question in form.questions if not question.personal)


# --- shared state of one phase ---------------------------------------------------------------------


@dataclass
class Ledger:
    """What the clients sent and were told, and what the kills did."""

    stop_at: float = 0.0
    #: True until the killer has done its last kill and the server is back: clients go on meanwhile.
    killing: bool = True
    #: Clients stop here whatever happens (a hung restart must not hang the run).
    hard_stop: float = float("inf")
    server_down: bool = False
    sent: set[str] = field(default_factory=set)            # tokens POSTed
    unanswered: set[str] = field(default_factory=set)      # POSTed, connection failed: fate unknown to the client
    acknowledged: set[str] = field(default_factory=set)    # 303 received
    ack_times: list[float] = field(default_factory=list)   # monotonic
    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    unexpected: Counter = field(default_factory=Counter)   # statuses a running server should not give
    connection_errors_down: int = 0
    connection_errors_up: int = 0
    requests: int = 0
    kills: list[dict] = field(default_factory=list)

    def running(self) -> bool:
        now = time.monotonic()
        return now < self.hard_stop and (self.killing or now < self.stop_at)

    def connection_error(self, what: str, error: BaseException) -> None:
        self.errors[f"{what} {type(error).__name__}"] += 1
        if self.server_down:
            self.connection_errors_down += 1
        else:
            self.connection_errors_up += 1


async def client_loop(number: int, form: FormSpec, base_url: str, ledger: Ledger, seed: int) -> None:
    rng = random.Random(seed * 1000 + number)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=timeout,
                                     headers={"User-Agent": USER_AGENT},
                                     connector=aiohttp.TCPConnector(limit=1)) as session:
        while ledger.running():
            started = time.perf_counter()
            try:
                async with session.get(base_url + form.path, allow_redirects=False) as response:
                    body = await response.text()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError, OSError) as error:
                ledger.requests += 1
                ledger.connection_error("GET", error)
                await asyncio.sleep(rng.uniform(0.05, 0.2))  # the server may be down: do not spin
                continue
            ledger.requests += 1
            if status != 200:
                ledger.unexpected[f"GET {status}"] += 1
                await asyncio.sleep(0.05)
                continue
            ledger.get_ms.append((time.perf_counter() - started) * 1000)
            match = CSRF_PATTERN.search(body)
            if not match:
                ledger.unexpected["GET page without csrf_token"] += 1
                continue
            token = f"load-{uuid.uuid4().hex}"
            fields = [*fixed_answers(form, rng, token), ("csrf_token", match.group(1))]
            ledger.sent.add(token)
            started = time.perf_counter()
            try:
                async with session.post(base_url + form.path, data=fields, allow_redirects=False) as response:
                    await response.read()
                    status = response.status
            except (TimeoutError, aiohttp.ClientError, OSError) as error:
                ledger.requests += 1
                ledger.unanswered.add(token)  # maybe stored, maybe not: never re-sent
                ledger.connection_error("POST", error)
                await asyncio.sleep(rng.uniform(0.05, 0.2))
                continue
            ledger.requests += 1
            if status == 303:
                ledger.acknowledged.add(token)
                ledger.ack_times.append(time.monotonic())
                ledger.post_ms.append((time.perf_counter() - started) * 1000)
            else:
                ledger.unexpected[f"POST {status}"] += 1


async def run_clients(form: FormSpec, base_url: str, clients: int, ledger: Ledger, seed: int) -> None:
    tasks = [asyncio.create_task(client_loop(n, form, base_url, ledger, seed)) for n in range(clients)]
    pending = set(tasks)
    while pending:  # the end moves while kills go on; after it, requests get every timeout and no more
        _, pending = await asyncio.wait(pending, timeout=1)
        if not ledger.running() and time.monotonic() > ledger.stop_at + REQUEST_TIMEOUT_S * 2 + 5:
            break
    done = [task for task in tasks if task not in pending]
    for task in pending:
        task.cancel()
        ledger.unexpected["client cancelled (hung past every timeout)"] += 1
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if task.exception() is not None:
            ledger.unexpected[f"client crashed: {task.exception()!r}"] += 1


# --- the partial-response checker ------------------------------------------------------------------


def make_engine(url: str):
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"timeout": 10})
    return create_engine(url, pool_pre_ping=True)


TOTALS_SQL = text(
    "SELECT (SELECT COUNT(*) FROM responses), (SELECT COUNT(*) FROM answers), "
    "(SELECT COUNT(*) FROM responses WHERE choices IS NULL OR choices = '')")
PER_RESPONSE_SQL = text(
    "SELECT r.id, r.choices, COUNT(a.response_id) FROM responses r LEFT JOIN answers a ON a.response_id = r.id "
    "GROUP BY r.id, r.choices HAVING COUNT(a.response_id) <> :k OR r.choices IS NULL OR r.choices = ''")


class PartialChecker(threading.Thread):
    """Polls the database for a response that is visible without all its answers."""

    def __init__(self, url: str, k: int):
        super().__init__(daemon=True)
        self.engine, self.k = make_engine(url), k
        self.stopping = threading.Event()
        self.polls = self.full_checks = self.failed_polls = 0
        self.partials: list[dict] = []
        self.longest_gap_s = 0.0
        self.last_error = ""

    def check_totals(self) -> None:
        with self.engine.connect() as connection:
            responses, answers, uncoded = connection.execute(TOTALS_SQL).one()
        if answers != self.k * responses or uncoded:
            self.partials.append({"kind": "totals", "responses": responses, "answer_rows": answers,
                                  "expected_answer_rows": self.k * responses, "without_code": uncoded})

    def check_each(self) -> None:
        with self.engine.connect() as connection:
            rows = connection.execute(PER_RESPONSE_SQL, {"k": self.k}).all()
        self.full_checks += 1
        for response_id, choices, answers in rows:
            self.partials.append({"kind": "response", "id": response_id, "answer_rows": answers,
                                  "choices_empty": not choices})

    def run(self) -> None:
        last_ok = time.monotonic()
        while not self.stopping.wait(POLL_INTERVAL_S):
            try:
                self.check_totals()
                if self.polls % FULL_CHECK_EVERY == 0:
                    self.check_each()
                self.polls += 1
                now = time.monotonic()
                self.longest_gap_s = max(self.longest_gap_s, now - last_ok)
                last_ok = now
            except Exception as error:  # noqa: BLE001  a locked or restarting database: count it, go on
                self.failed_polls += 1
                self.last_error = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"

    def finish(self) -> None:
        self.stopping.set()
        self.join(timeout=30)
        self.check_totals()
        self.check_each()
        self.engine.dispose()


# --- the kills -------------------------------------------------------------------------------------


def kill_times(start: float, seconds: float, kills: int) -> list[float]:
    """Spread over the run, the last one with a share of the run still to come."""
    return [start + seconds * (i + 1) / (kills + 1) for i in range(kills)]


def kill_workers(server: Server, ledger: Ledger, times: list[float], rng: random.Random, workers: int) -> None:
    for number, at in enumerate(times, 1):
        time.sleep(max(0.0, at - time.monotonic()))
        alive = server.worker_pids()
        if not alive:
            ledger.kills.append({"number": number, "error": "no worker to kill"})
            continue
        victim = rng.choice(alive)
        killed_at = time.monotonic()
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            ledger.kills.append({"number": number, "error": f"worker {victim} had gone"})
            continue
        respawned = None
        while time.monotonic() - killed_at < RESPAWN_TIMEOUT_S:
            now = server.worker_pids()
            if victim not in now and len(now) >= workers:
                respawned = time.monotonic() - killed_at
                break
            time.sleep(0.05)
        ledger.kills.append({"number": number, "kind": "worker", "at": killed_at, "pid": victim,
                             "respawned_s": respawned, "up_at": killed_at})
        wait_for_an_acknowledgement(ledger, killed_at)
    finish_killing(ledger)


def wait_for_an_acknowledgement(ledger: Ledger, since: float) -> None:
    """The next kill waits until the server has acknowledged a submission since the last one."""
    deadline = time.monotonic() + RECOVERY_TIMEOUT_S
    while time.monotonic() < deadline:
        if ledger.ack_times and ledger.ack_times[-1] > since:
            return
        time.sleep(0.05)


def killer(function, ledger: Ledger, *args) -> None:
    """Runs the kills; whatever goes wrong there ends the run as a failure, never hangs it."""
    try:
        function(*args)
    except Exception as error:  # noqa: BLE001
        ledger.unexpected[f"killer crashed: {error!r}"] += 1
    finally:
        finish_killing(ledger)


def finish_killing(ledger: Ledger) -> None:
    ledger.stop_at = max(ledger.stop_at, time.monotonic() + TAIL_S)
    ledger.killing = False


def kill_server(server: Server, ledger: Ledger, times: list[float]) -> None:
    for number, at in enumerate(times, 1):
        time.sleep(max(0.0, at - time.monotonic()))
        killed_at = time.monotonic()
        ledger.server_down = True
        server.kill()
        record: dict[str, Any] = {"number": number, "kind": "server", "at": killed_at}
        for attempt in range(1, RESTART_ATTEMPTS + 1):
            try:
                server.start()
                break
            except RuntimeError as error:  # e.g. the port not yet free: try again
                record.setdefault("restart_errors", []).append(str(error))
                server.kill()
                time.sleep(0.5 * attempt)
        else:
            record["error"] = "server would not restart"
            ledger.kills.append(record)
            ledger.stop_at = time.monotonic()  # nothing more to measure
            ledger.killing = False
            return
        ledger.server_down = False
        record["up_at"] = time.monotonic()
        record["restart_s"] = record["up_at"] - killed_at
        ledger.kills.append(record)
        wait_for_an_acknowledgement(ledger, record["up_at"])
    finish_killing(ledger)


# --- one phase -------------------------------------------------------------------------------------


def stored_tokens(url: str) -> tuple[Counter, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        tokens = Counter(connection.execute(text("SELECT value FROM answers WHERE question_id = :q"),
                                            {"q": TOKEN_QUESTION}).scalars())
        responses = connection.execute(text("SELECT COUNT(*) FROM responses")).scalar_one()
    engine.dispose()
    return tokens, responses


def run_phase(kind: str, kills: int, form: FormSpec, databases: Databases, args, workdir: Path,
              secret: str) -> dict[str, Any]:
    target = app_target(databases, [form], secret, name=f"faults_{kind}_kills")
    target.env["BENCH_WORKERS"] = str(args.workers)
    url = target.database_url
    access_log = workdir / f"access-{kind}-kills.log" if args.access_log else None
    server = Server(target, workdir, access_log=access_log)
    k = answer_rows(form)
    print(f"\n== {kind} kills: {kills} x SIGKILL, {args.clients} clients, {args.seconds:g} s, gunicorn on "
          f"{server.base_url}, {k} answer rows per response ==", flush=True)
    try:
        server.start()
    except RuntimeError as error:
        print(f"{error}\n--- gunicorn log ---\n{server.log_tail()}", file=sys.stderr)
        server.kill()
        raise SystemExit(2) from error
    if args.probes:
        try:
            probe(server)
        except BaseException:
            stop(server)
            raise
    ledger = Ledger()
    checker = PartialChecker(url, k)
    checker.start()
    rng = random.Random(args.seed)
    started = time.monotonic()
    ledger.stop_at = started + args.seconds
    ledger.hard_stop = started + args.seconds + kills * (RECOVERY_TIMEOUT_S + RESPAWN_TIMEOUT_S) + 30
    times = kill_times(started, args.seconds, kills)
    kills_thread = threading.Thread(
        target=killer, daemon=True,
        args=(kill_workers, ledger, server, ledger, times, rng, args.workers) if kind == "worker"
        else (kill_server, ledger, server, ledger, times))
    kills_thread.start()
    try:
        asyncio.run(run_clients(form, server.base_url, args.clients, ledger, args.seed))
    finally:
        kills_thread.join(timeout=RESPAWN_TIMEOUT_S * 2)
        elapsed = time.monotonic() - started
        stop(server)
        checker.finish()

    tokens, responses = stored_tokens(url)
    stored = set(tokens)
    lost = ledger.acknowledged - stored
    twice = {token: n for token, n in tokens.items() if n > 1}
    stored_unacknowledged = stored - ledger.acknowledged
    unknown = stored - ledger.sent
    not_from_a_failed_post = stored_unacknowledged - ledger.unanswered - unknown

    for kill in ledger.kills:
        after = [t for t in ledger.ack_times if t > kill.get("up_at", kill.get("at", 0))]
        kill["recovered_s"] = round(min(after) - kill["at"], 3) if after and "at" in kill else None
        for key in ("respawned_s", "restart_s"):
            if kill.get(key) is not None:
                kill[key] = round(kill[key], 3)
        kill["at_s"] = round(kill.pop("at") - started, 3) if "at" in kill else None
        kill.pop("up_at", None)

    checks = {
        "no partial response seen": not checker.partials,
        "every acknowledged submission stored": not lost,
        "none stored twice": not twice,
        "every stored token was sent": not unknown,
        "stored but not acknowledged only from failed POSTs": not not_from_a_failed_post,
        "one token per response": responses == sum(tokens.values()),
        "no 5xx or other unexpected status": not ledger.unexpected,
        "every kill done": len(ledger.kills) == kills and not any("error" in kill for kill in ledger.kills),
        "recovered after every kill": all(kill.get("recovered_s") is not None for kill in ledger.kills),
        "something acknowledged": bool(ledger.acknowledged),
        "checker polled": checker.polls > 0,
    }
    if kind == "worker":
        checks["workers respawned after every kill"] = all(kill.get("respawned_s") is not None
                                                           for kill in ledger.kills)
    result = {
        "kind": kind, "kills_requested": kills, "seconds": round(elapsed, 3), "database_url": url,
        "log": str(server.log_path), "access_log": str(access_log) if access_log else None,
        "answer_rows_per_response": k,
        "requests": ledger.requests, "sent": len(ledger.sent), "acknowledged": len(ledger.acknowledged),
        "stored_responses": responses, "stored_tokens": len(stored),
        "stored_not_acknowledged": len(stored_unacknowledged), "post_connection_failures": len(ledger.unanswered),
        "lost": len(lost), "stored_twice": len(twice), "unknown_tokens": len(unknown),
        "submissions_per_s": len(ledger.acknowledged) / elapsed if elapsed else 0.0,
        "get_ms": latencies(ledger.get_ms), "post_ms": latencies(ledger.post_ms),
        "connection_errors_while_down": ledger.connection_errors_down,
        "connection_errors_while_up": ledger.connection_errors_up,
        "error_kinds": dict(ledger.errors), "unexpected": dict(ledger.unexpected),
        "checker": {"polls": checker.polls, "full_checks": checker.full_checks, "failed_polls": checker.failed_polls,
                    "longest_gap_s": round(checker.longest_gap_s, 3), "last_error": checker.last_error,
                    "partials": checker.partials[:20], "partials_seen": len(checker.partials)},
        "kills": ledger.kills,
        "checks": checks,
        "passed": all(checks.values()),
    }
    if not result["passed"] and server.log_tail().strip():
        print(f"--- gunicorn log (last lines) ---\n{server.log_tail(20)}")
    return result


def stop(server: Server) -> None:
    """Graceful stop; and whatever happened, nothing of the server is left running."""
    try:
        server.stop()
    finally:
        if server.process is not None and server.process.poll() is None:
            server.kill()


def probe(server: Server) -> None:
    """For the anonymity audit: requests that make gunicorn and the app log something about a client:
    a malformed request line (gunicorn logs 'Invalid request from ip=...'), a page that does not exist,
    and a POST without a CSRF token; each with the load clients' User-Agent."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"NOT A REQUEST\r\nUser-Agent: " + USER_AGENT.encode() + b"\r\n\r\n")
        sock.recv(1024)
    for method, path in (("GET", "/no-such-page"), ("POST", f"/q/{FORM}")):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {USER_AGENT}\r\n"
                         f"X-Forwarded-For: 203.0.113.9\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
            sock.recv(1024)


# --- report ----------------------------------------------------------------------------------------


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def report(results: dict[str, Any]) -> None:
    phases = results["phases"]
    names = list(phases)
    print(f"\nResults: {results['settings']['clients']} clients, {results['settings']['seconds']:g} s per phase, "
          f"{results['workers']} gunicorn workers, database {results['database']}")
    print(f"{'':46}" + "".join(f"{name + ' kills':>16}" for name in names))

    def row(label: str, values) -> None:
        print(f"{label:46}" + "".join(f"{_fmt(v):>16}" for v in values))

    row("kills", [len(phases[n]["kills"]) for n in names])
    for label, key in (("acknowledged (303)", "acknowledged"), ("stored responses", "stored_responses"),
                       ("stored, not acknowledged (303 lost in a kill)", "stored_not_acknowledged"),
                       ("POSTs whose connection failed", "post_connection_failures"),
                       ("acknowledged but lost", "lost"), ("stored twice", "stored_twice"),
                       ("connection errors, server down", "connection_errors_while_down"),
                       ("connection errors, server up", "connection_errors_while_up"),
                       ("submissions/s", "submissions_per_s")):
        row(label, [phases[n][key] for n in names])
    for p in ("p50", "p95", "p99"):
        row(f"POST {p} ms", [phases[n]["post_ms"][p] for n in names])
    row("partial responses seen", [phases[n]["checker"]["partials_seen"] for n in names])
    row("checker polls (failed)", [f"{phases[n]['checker']['polls']} ({phases[n]['checker']['failed_polls']})"
                                   for n in names])

    def worst(n: str, key: str):
        values = [k[key] for k in phases[n]["kills"] if k.get(key) is not None]
        return max(values) if values else None

    row("worst recovery s (kill to next 303)", [worst(n, "recovered_s") for n in names])
    row("worst worker respawn / server restart s", [worst(n, "respawned_s" if n == "worker" else "restart_s")
                                                     for n in names])
    print()
    for name in names:
        for check, ok in phases[name]["checks"].items():
            if not ok:
                print(f"  {name} kills: FAILED {check}")
        if phases[name]["unexpected"]:
            unexpected = phases[name]["unexpected"].items()
            print(f"  {name} kills: unexpected " + ", ".join(f"{k} x{v}" for k, v in unexpected))
        if phases[name]["checker"]["partials"]:
            print(f"  {name} kills: partial responses: {phases[name]['checker']['partials'][:3]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="CI version: 8 clients, 8 s, 3 worker kills and 3 server kills, 3 workers (unless given)")
    parser.add_argument("--clients", type=int, help="concurrent clients (default 100; --quick 8)")
    parser.add_argument("--seconds", type=float, help="duration of each phase (default 60; --quick 8)")
    parser.add_argument("--kill-worker", type=int, help="worker SIGKILLs in the first phase; 0 skips it "
                                                        "(default 10; --quick 3)")
    parser.add_argument("--kill-server", type=int, help="server SIGKILLs in the second phase; 0 skips it "
                                                        "(default 10; --quick 3)")
    parser.add_argument("--workers", type=int,
                        help=f"gunicorn workers (default {DEFAULT_WORKERS}, as bench/gunicorn.conf.py; "
                             f"--quick {QUICK_WORKERS})")
    parser.add_argument("--database-url",
                        help="PostgreSQL server URL: a temporary database is created on it for each phase")
    parser.add_argument("--seed", type=int, default=None, help="random seed (answers, which worker dies)")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/faults-<timestamp>.json)")
    parser.add_argument("--workdir", type=Path,
                        help="keep the SQLite files and gunicorn logs here (default: a temporary folder, removed)")
    parser.add_argument("--keep-database", action="store_true",
                        help="do not drop the PostgreSQL databases (their URLs are in the JSON)")
    parser.add_argument("--access-log", action="store_true",
                        help="switch gunicorn's access log on (into the work folder), to audit its format")
    parser.add_argument("--probes", action="store_true",
                        help="send a malformed request, a 404 and a POST without CSRF token first (anonymity audit)")
    args = parser.parse_args(argv)

    quick = args.quick
    args.clients = args.clients or (8 if quick else 100)
    args.seconds = args.seconds or (8.0 if quick else 60.0)
    args.workers = args.workers or (QUICK_WORKERS if quick else DEFAULT_WORKERS)
    args.kill_worker = (3 if quick else 10) if args.kill_worker is None else args.kill_worker
    args.kill_server = (3 if quick else 10) if args.kill_server is None else args.kill_server
    if args.clients < 1 or args.seconds <= 0 or args.kill_worker < 0 or args.kill_server < 0 or args.workers < 2:
        parser.error("--clients >= 1, --seconds > 0, kills >= 0, --workers >= 2 (one must be left when one dies)")
    if args.kill_worker == 0 and args.kill_server == 0 and not args.probes:
        parser.error("nothing to do: both --kill-worker and --kill-server are 0")
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("--database-url is for PostgreSQL; SQLite always uses a fresh file")
    database = "postgresql" if args.database_url else "sqlite"
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1_000_000)
    form = form_spec(FORM)
    if not any(q.id == TOKEN_QUESTION and not q.options for q in form.questions):
        raise SystemExit(f"{FORM} has no free-text '{TOKEN_QUESTION}' question to carry the tokens")

    results: dict[str, Any] = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "settings": {"clients": args.clients, "seconds": args.seconds, "kill_worker": args.kill_worker,
                     "kill_server": args.kill_server, "form": form.path, "seed": args.seed, "quick": quick},
        "database": database, "gunicorn_config": str(GUNICORN_CONF.relative_to(ROOT)),
        "workers": args.workers,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "phases": {},
    }
    secret = secrets.token_hex(32)
    # A SIGTERM (a CI job cancelled) unwinds through the finally blocks: no server is left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    phases = [(kind, n) for kind, n in (("worker", args.kill_worker), ("server", args.kill_server)) if n]
    if not phases:
        phases = [("worker", 0)]  # --probes alone: a plain load, no kills
    temporary = None
    if args.workdir is None:
        temporary = tempfile.TemporaryDirectory(prefix="feedback-faults-")
        workdir = Path(temporary.name)
    else:
        workdir = args.workdir
        workdir.mkdir(parents=True, exist_ok=True)
    databases = Databases(database, args.database_url, workdir)
    try:
        for kind, kills in phases:
            results["phases"][kind] = run_phase(kind, kills, form, databases, args, workdir, secret)
    finally:
        if not args.keep_database:
            databases.drop_all()
        if temporary is not None:
            temporary.cleanup()

    report(results)
    results["passed"] = all(phase["passed"] for phase in results["phases"].values())
    output = args.output or RESULTS_DIR / f"faults-{datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nJSON: {output}")
    if not results["passed"]:
        print("FAILED")
        return 1
    print("All checks passed: no partial response seen, every acknowledged submission stored once, no 5xx, "
          "recovered after every kill.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
