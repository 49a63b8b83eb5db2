"""Gunicorn settings for bench/load.py: the app and the baseline are served alike.

bench/load.py passes the address (``--bind 127.0.0.1:<free port>``) and the app
on the command line; everything else is here.

Why sync workers, 2 x cores + 1 of them (5 on the 2-core bench machine):

* A request to this app is mostly CPU in Python (Jinja rendering of a long form,
  WTForms validation, the session cookie's signature, SQLAlchemy's unit of work)
  with one short wait: SQLite's commit (and its fsync with SQLITE_SYNCHRONOUS=FULL). Only one
  thread of a Python process runs at a time, so throughput comes from processes,
  not threads; on 2 cores a few processes keep both cores busy.
* The extra workers beyond one a core cover the time a worker sits in fsync or
  waits for SQLite's write lock (busy_timeout): another process uses the CPU
  meanwhile. More than that only adds memory and context switches.
* gthread was measured against it on the 2-core bench machine (50 clients, 10 s,
  two runs each, machine otherwise idle), app submissions/s and POST p99:
      sync 5 workers           92-101/s   p99  360-410 ms
      sync 3 workers           95-96/s    p99  360-365 ms
      gthread 2 x 4 threads    74-92/s    p99  730-1230 ms
      gthread 3 x 2 threads    89-96/s    p99  580-600 ms
  Threads share one GIL, so they add no CPU, and they take turns unevenly:
  the slowest requests wait far longer. (The baseline does better with gthread,
  800-940/s against 520-700/s, because keep-alive saves a TCP connect per tiny
  request; the app is what we deploy, so its behaviour decides.) Sync workers
  are also gunicorn's default and the simplest to reason about: one request per
  process, a slow request never delays another inside the same process.
* Sync workers close the connection after each response (no keep-alive), so the
  benchmark's clients reconnect for every request; on loopback that is cheap.
  In production they belong behind a buffering proxy such as nginx, which keeps
  slow clients from holding a worker.

Environment overrides for experiments (not used by default):
BENCH_WORKERS, BENCH_WORKER_CLASS (sync or gthread), BENCH_THREADS.
"""

import multiprocessing
import os

workers = int(os.environ.get("BENCH_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
worker_class = os.environ.get("BENCH_WORKER_CLASS") or "sync"
threads = int(os.environ.get("BENCH_THREADS") or 1)

# Loopback only; a queue of 50 waiting clients fits easily.
backlog = 2048
# A request that takes this long is a failure worth seeing, not something to wait for.
timeout = 30
graceful_timeout = 10
keepalive = 2

# Each benchmark run starts its own gunicorn: no shared control socket in $HOME.
control_socket_disable = True
# No access log: writing a line per request would be part of what is measured.
accesslog = None
loglevel = "warning"
