#!/usr/bin/env python
"""CPU per request, the app against the minimal baseline, without concurrency.

Two measures for each (the questionnaire's GET, its POST, and the pair):

1. *in process*: the WSGI app called directly, no sockets, no client. What the app's own
   Python costs.
2. *one worker*: gunicorn (bench/gunicorn.conf.py, one sync worker) and one client sending
   one request at a time; the worker's CPU from /proc. What a request costs a worker with
   the server's own overhead, before 50 clients and five workers share two cores.

bench/load.py measures under load; the two together show how much of a worker's CPU per
request is the app and how much concurrency adds (bench/README.md).

    .venv/bin/python bench/request_cost.py                 # cp-conference-parent, 800 requests each
    .venv/bin/python bench/request_cost.py --requests 50 --in-process-only
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))
import load  # noqa: E402  bench/load.py: this script's folder is on sys.path
import minimal_app  # noqa: E402

CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"')


def _environ(method: str, path: str, body: bytes = b"", cookie: str | None = None) -> dict:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
               "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http",
               "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
               "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False}
    if body:
        environ.update(CONTENT_TYPE="application/x-www-form-urlencoded", CONTENT_LENGTH=str(len(body)))
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def _cpu_ms(send, count: int) -> float:
    for _ in range(min(50, count)):  # warm: caches, the blank page, the codebook
        send()
    start = time.process_time()
    for _ in range(count):
        send()
    return (time.process_time() - start) / count * 1000


class Wsgi:
    """Calls a WSGI app in this process, keeping its session cookie like a browser."""

    def __init__(self, app):
        self.app, self.cookie = app, None

    def __call__(self, method: str, path: str, body: bytes = b"") -> tuple[str, bytes]:
        status, cookie = [], []

        def start_response(line, headers, exc_info=None):
            status.append(line)
            cookie.extend(value.split(";")[0] for name, value in headers if name.lower() == "set-cookie")

        data = b"".join(self.app(_environ(method, path, body, self.cookie), start_response))
        self.cookie = cookie[0] if cookie else self.cookie
        return status[0], data


class OneWorker:
    """gunicorn with one sync worker and a client sending one request at a time."""

    def __init__(self, app_spec: str, env: dict, cwd: Path):
        self.port = load.free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(BENCH_DIR / "gunicorn.conf.py"), "-w", "1",
             "--bind", f"127.0.0.1:{self.port}", app_spec], env={**env, "BENCH_WORKERS": "1"}, cwd=cwd,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.cookie = None
        for _ in range(100):
            try:
                self("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        self.workers = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                                      text=True).stdout.split()

    def __call__(self, method: str, path: str, body: bytes = b"") -> tuple[str, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        if self.cookie:
            headers["Cookie"] = self.cookie
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";")[0]
        connection.close()
        return str(response.status), data

    def cpu_seconds(self) -> float:
        ticks = 0
        for pid in self.workers:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _worker_cpu_ms(server: OneWorker, send, count: int) -> float:
    for _ in range(min(50, count)):
        send()
    start = server.cpu_seconds()
    for _ in range(count):
        send()
    return (server.cpu_seconds() - start) / count * 1000


def measure(call, cpu, form: load.FormSpec, app_paths: bool, count: int, rng: random.Random) -> dict[str, float]:
    """GET and POST costs through ``call`` (in process or one worker), timed by ``cpu``."""
    if app_paths:
        _, page = call("GET", form.path)
        token = CSRF.search(page).group(1).decode()
        path = form.path

        def body() -> bytes:
            return urlencode(form.random_answers(rng) + [("csrf_token", token)]).encode()
    else:
        path = "/form"

        def body() -> bytes:
            return b"answer=yes"

    def get():
        status, _ = call("GET", path)
        assert status.startswith("200"), status

    def post():
        status, _ = call("POST", path, body())
        assert status.startswith("303"), status

    costs = {"GET": cpu(get, count), "POST": cpu(post, count)}
    costs["pair"] = costs["GET"] + costs["POST"]
    return costs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--form", default="cp-conference-parent", help="slug or slug/variant")
    parser.add_argument("--requests", type=int, default=800, help="requests of each kind measured")
    parser.add_argument("--in-process-only", action="store_true", help="skip the one-worker gunicorn measure")
    args = parser.parse_args(argv)
    form = load.form_spec(args.form)
    rng = random.Random(1)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        app_url, baseline_url = f"sqlite:///{folder}/app.sqlite3", f"sqlite:///{folder}/baseline.sqlite3"
        env = {**os.environ, "DATABASE_URL": app_url, "BASELINE_DATABASE_URL": baseline_url, "SECRET_KEY": "b" * 32,
               "RATELIMIT_ENABLED": "0", "STAFF_TWO_FACTOR": "off", "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "flask", "--app", "feedback_app", "db", "upgrade"], env=env, cwd=ROOT,
                       capture_output=True, check=True)
        minimal_app.init_db(baseline_url)

        from feedback_app import create_app
        app = create_app({"SECRET_KEY": "b" * 32, "SQLALCHEMY_DATABASE_URI": app_url, "RATELIMIT_ENABLED": False,
                          "STAFF_TWO_FACTOR": False})
        results["app, in process"] = measure(Wsgi(app), _cpu_ms, form, True, args.requests, rng)
        results["baseline, in process"] = measure(Wsgi(minimal_app.create_app(baseline_url)), _cpu_ms, form, False,
                                                  args.requests, rng)
        if not args.in_process_only:
            for name, spec, cwd, app_paths in (("app, one worker", "feedback_app:create_app()", ROOT, True),
                                               ("baseline, one worker", "minimal_app:create_app()", BENCH_DIR, False)):
                server = OneWorker(spec, env, cwd)
                try:
                    results[name] = measure(server, lambda send, n, s=server: _worker_cpu_ms(s, send, n), form,
                                            app_paths, args.requests, rng)
                finally:
                    server.stop()
    print(f"\nCPU per request, ms ({args.requests} of each; {form.path}):")
    print(f"{'':24}{'GET':>8}{'POST':>8}{'pair':>8}")
    for name, costs in results.items():
        print(f"{name:24}{costs['GET']:8.2f}{costs['POST']:8.2f}{costs['pair']:8.2f}")
    for where in ("in process", "one worker"):
        if f"app, {where}" in results:
            ratio = results[f"baseline, {where}"]["pair"] / results[f"app, {where}"]["pair"]
            print(f"baseline/app CPU per pair, {where}: {ratio:.2f} (throughput ratio if only server CPU counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
