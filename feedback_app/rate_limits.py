"""Rate limits that hold across workers and keep no time finer than their window.

Two things Flask-Limiter's ``fixed-window`` does not do, done here as a strategy of its own:

* **Expiry on the clock.** ``fixed-window`` sets a counter's expiry to the client's first
  request plus the window, so each counter in Redis stamps when someone first sent a form, to
  the millisecond. Here the counter still starts at the first request but expires at the
  first boundary of the clock (a whole multiple of the window since 1970: a minute, an hour)
  at least one window later (``EXPIREAT``). So the expiry says only which minute (or hour)
  the first request fell in, and a window lasts between one and two of its lengths: never
  shorter than the limit says. (Windows cut at every boundary would reveal no more, but a
  burst across a boundary would get the limit twice.)
* **Counting in memory is divided between the workers.** Each gunicorn worker is a process
  with its own memory, so counting there lets a client through up to *workers* times the
  limit (code guessing got 148 of 300 guesses through with 5 workers). With Redis
  (``RATELIMIT_STORAGE_URI``) the workers share one count. Without it, and while Redis is
  unreachable (Flask-Limiter then falls back to memory), each worker allows its share,
  ``limit // WEB_CONCURRENCY`` and at least one, so all of them together stay within the
  limit (or at most one each when the limit is smaller than the number of workers). The app
  refuses to start with several workers and memory storage unless ``RATELIMIT_PER_WORKER=1``
  says that is meant.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import urlparse

from flask import Flask, current_app
from limits import RateLimitItem
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import STRATEGIES, FixedWindowRateLimiter
from limits.util import WindowStats

from feedback_app.config import ConfigError

STRATEGY = "clock-window"
logger = logging.getLogger(__name__)

#: Count a hit; a new counter ends on the clock. One round trip, atomic.
INCREMENT_UNTIL = """
local count = redis.call("INCRBY", KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then
    redis.call("EXPIREAT", KEYS[1], ARGV[1])
end
return count
"""

#: Redis and its variants (TLS, a Unix socket, sentinel, cluster); all share one count.
SHARED_SCHEMES = ("redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster")
#: A Redis that does not answer must not hold a request (and a worker) for minutes: seconds.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}


class CountingInMemory:
    """Whether this process has said it is counting in memory for want of the shared storage.
    Said once an outage: set when the first limit is counted in memory, cleared when Redis counts again."""

    announced = False


class ClockWindow(FixedWindowRateLimiter):
    """A fixed window that ends on the clock, counted in Redis or, divided between workers, in memory."""

    def __init__(self, storage: Storage):
        if not isinstance(storage, (RedisStorage, MemoryStorage)):
            # The limiter's daily salt (feedback_app/privacy.py) lives in Redis or in memory only.
            raise ConfigError("RATELIMIT_STORAGE_URI must be memory:// or a redis:// address")
        super().__init__(storage)
        self.shared = isinstance(storage, RedisStorage)
        if self.shared:
            self._increment_until = storage.get_connection().register_script(INCREMENT_UNTIL)

    @staticmethod
    def window_end(item: RateLimitItem) -> int:
        """When a window starting now ends: the first multiple of its length (seconds since 1970)
        at least one length from now."""
        length = item.get_expiry()
        return (int(time.time()) // length + 2) * length

    def allowed(self, item: RateLimitItem) -> int:
        """How many hits this storage may let through in a window."""
        if self.shared:
            return item.amount
        return max(1, item.amount // worker_processes())

    def hit(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        key, ends = item.key_for(*identifiers), self.window_end(item)
        if self.shared:
            count = int(self._increment_until(keys=[self.storage.prefixed_key(key)], args=[ends, cost]))
            CountingInMemory.announced = False
        else:
            self._announce_memory_counting()
            count = self.storage.incr(key, ends - time.time(), amount=cost)  # the expiry is set by the first hit
        return count <= self.allowed(item)

    def test(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        return self.storage.get(item.key_for(*identifiers)) <= self.allowed(item) - cost

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        key = item.key_for(*identifiers)
        return WindowStats(self.storage.get_expiry(key), max(0, self.allowed(item) - self.storage.get(key)))

    @staticmethod
    def _announce_memory_counting() -> None:
        """One warning, with nothing about the request in it, when counting falls back to memory."""
        configured = current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        if CountingInMemory.announced or is_memory(configured):
            return
        CountingInMemory.announced = True
        logger.warning("Rate limit storage unreachable: counting in this worker's memory until it is back, "
                       "each limit divided by %d worker processes", worker_processes())


STRATEGIES[STRATEGY] = ClockWindow  # Flask-Limiter looks strategies up by name in this table


def worker_processes() -> int:
    return current_app.config.get("WORKER_PROCESSES", 1)


def is_memory(uri: str) -> bool:
    return urlparse(uri).scheme == "memory"


def check_storage(app: Flask) -> None:
    """Before the limiter is set up: stop at start-up where limits would not hold."""
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    scheme = urlparse(uri).scheme
    if scheme in SHARED_SCHEMES:
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", REDIS_TIMEOUTS)
    elif scheme != "memory":
        raise ConfigError(f"RATELIMIT_STORAGE_URI must be memory:// or a redis:// address, not a {scheme}:// one")
    workers = app.config.get("WORKER_PROCESSES", 1)
    if scheme == "memory" and workers > 1 and not app.config.get("RATELIMIT_PER_WORKER"):
        raise ConfigError(
            f"Rate limits in memory with {workers} worker processes (WEB_CONCURRENCY) would each count alone: "
            "set RATELIMIT_STORAGE_URI=redis://... (docs/deployment.md, section 7), or RATELIMIT_PER_WORKER=1 "
            "to divide each limit between the workers")
