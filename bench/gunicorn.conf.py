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

Logs keep the anonymity promise (docs/decisions/0002): no client address, no user
agent, no time finer than the date, and no request line, path or query (an
invitation card's code is in /c/<code>). gunicorn's own error log stamps every line
with the time and, at WARNING, writes "Invalid request from ip=ADDRESS: Invalid HTTP
request line: 'THE WHOLE LINE'" for a malformed request, and "Error handling request
PATH" for an error; Flask logs "Exception on PATH [METHOD]"; the app's errors would
get Flask's default handler, which stamps the time. So ``AnonymousLogger`` below
gives gunicorn's lines and the app's (the root logger shares gunicorn's error-log
handlers) a date-only stamp, rewrites those messages to say what went wrong without
the request, and removes from every line and traceback anything shaped like an IP
address, a request line, a web address, a /c/ path, a query or an invitation code.
The access log stays off; if someone turns it on (``--access-logfile``), its format
holds method, status, size and duration only.
tests/integration/test_anonymity_after_load.py searches the logs after a load;
tests/integration/test_gunicorn_limits_and_logs.py sends malformed requests to /c/<code>.

Rate limits: ``pre_fork`` tells each worker how many there are (``WEB_CONCURRENCY``).
The app then refuses to start with several workers and rate limits counted in memory
(each worker would count alone) unless ``RATELIMIT_PER_WORKER=1``, and whenever it
counts in memory (that setting, or Redis unreachable) each worker allows its share
of each limit (feedback_app/rate_limits.py).

Environment overrides for experiments (not used by default):
BENCH_WORKERS, BENCH_WORKER_CLASS (sync or gthread), BENCH_THREADS.
"""

import gc
import logging
import multiprocessing
import os
import re

from gunicorn.glogging import Logger

workers = int(os.environ.get("BENCH_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
# Each worker makes its own app, after pre_fork (below) has told it how many workers there are, for
# its rate limits. With --preload the master would make one app before any pre_fork: do not add it.
preload_app = False
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
# No access log: writing a line per request would be part of what is measured, and an access
# log is where addresses, user agents and exact times usually end up.
accesslog = None
# If it is switched on anyway: no %(h)s (address), %(a)s (user agent), %(t)s (time), nor the
# path (an invitation card's code is in /c/<code>).
access_log_format = "%(m)s %(s)s %(B)s bytes %(M)s ms"
loglevel = "warning"

#: IPv4, IPv6 (full or with ::) and gunicorn's own ``ip=...``.
ADDRESS = re.compile(
    r"\bip=\S+"
    r"|(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
    r"|(?<![\w:.])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){7}"
    r"|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?)(?![\w:])",
    re.IGNORECASE)

#: The letters of an invitation code (feedback_app/invitations/codes.py: ALPHABET), repeated here so
#: this file needs nothing from the app (the benchmarks' baseline is served with it too).
CODE_LETTERS = "ABCDEFGHJKMNPQRSTWXYZ2345679"

#: Pieces of a request, wherever they turn up (a message, an exception's text in a traceback).
REQUEST_PARTS = [
    (re.compile(r"\b[A-Z]{3,10} +\S+ +HTTP/\S*"), "[request line removed]"),
    (re.compile(r"\b(?:https?|wss?)://\S+", re.IGNORECASE), "[web address removed]"),
    (re.compile(r"/c/[^\s'\"]*"), "[code path removed]"),
    (re.compile(r"(?<=[\w/])\?[^\s'\"]+"), "?[query removed]"),
    # As the app prints and reads it (upper case; a code typed in lower case is only ever in a /c/ path).
    (re.compile(rf"(?<![\w-])[{CODE_LETTERS}]{{4}}[- ]?[{CODE_LETTERS}]{{4}}(?![\w-])"), "[code removed]"),
]

#: Whole messages that are about one request, said again without it.
REQUEST_MESSAGES = [
    # gunicorn, a malformed request: "Invalid request from ip=A: Invalid HTTP request line: 'LINE'".
    # The kind of problem (the words before the first colon or quote) is kept.
    (re.compile(r"Invalid request from\b.*?: ([^:'\"]{0,80}).*", re.DOTALL),
     r"Invalid request: \1 (request line, path and address not logged)"),
    # gunicorn, an error in a worker: "Error handling request METHOD PATH".
    (re.compile(r"Error handling request\b.*", re.DOTALL), "Error handling request (method and path not logged)"),
    # Flask, an exception in a view: "Exception on PATH [METHOD]".
    (re.compile(r"Exception on .*", re.DOTALL), "Exception on a request (path not logged)"),
]


def scrub(text: str) -> str:
    for pattern, replacement in REQUEST_PARTS:  # first: a web address holds an address and a path
        text = pattern.sub(replacement, text)
    return ADDRESS.sub("[address removed]", text)


def scrub_message(message: str) -> str:
    for pattern, replacement in REQUEST_MESSAGES:
        if pattern.match(message):
            message = pattern.sub(replacement, message, count=1)
            break
    return scrub(message)


class ScrubClientDetails(logging.Filter):
    """Removes addresses and request lines, paths, queries and codes from a record's message and
    its traceback before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_message(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True


class AnonymousLogger(Logger):
    """gunicorn's logger with a date-only stamp and addresses removed; the app logs through it too."""

    datefmt = "[%Y-%m-%d]"

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers + self.access_log.handlers:
            if not any(isinstance(f, ScrubClientDetails) for f in handler.filters):
                handler.addFilter(ScrubClientDetails())
        # The app's own loggers (Flask's app.logger, SQLAlchemy...) propagate to the root: give it
        # gunicorn's error-log handlers, so Flask adds no handler of its own (with the time) and
        # every line goes to the same place, scrubbed and dated alike.
        root = logging.getLogger()
        root.handlers = list(self.error_log.handlers)
        root.setLevel(self.loglevel)


logger_class = AnonymousLogger


def pre_fork(server, worker) -> None:
    """In the master, before each worker starts: the number of workers, for the app's rate limits.
    Read here rather than from ``workers`` above so that ``--workers`` on the command line, a
    reload and TTIN/TTOU are counted too."""
    os.environ["WEB_CONCURRENCY"] = str(server.num_workers)


def post_worker_init(worker) -> None:
    """In each worker, once its app is made: move every object that exists now (the app, its
    templates, catalogues, questionnaires: about 230,000 objects) out of the garbage collector's
    reach. They live as long as the worker, yet each full collection walked all of them: about
    100 ms in which that worker answered no one, a few times a minute under load, and about 3 % of
    a worker's CPU in all (bench/README.md, "Garbage collection"). Only cycles among objects made
    later are still collected, which is all a request makes."""
    gc.freeze()
