"""The few places where the app touches anything that could identify a person.

Anonymity is the promise: no IP address, user agent or precise time is stored or
logged. The rate limiter still needs to tell clients apart for a few minutes, so
it is given a keyed hash of the address under a random salt made for the day; the
address itself never leaves memory, even when limits are kept in Redis.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import request
from limits.storage import RedisStorage, Storage
from redis.exceptions import RedisError

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Today's date in England: the only time a response records."""
    return datetime.now(LONDON).date()


def end_of_day(day: date) -> int:
    """The second (since 1970) that ``day`` ends in England."""
    return int(datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=LONDON).timestamp())


class DailySalt:
    """A random salt for the day, kept only where the limiter counts: never derived from SECRET_KEY.

    With the salt, the limiter's key for an IPv4 address is found by trying all 2**32 of them
    (minutes); so the salt lives no longer than a day and in no file. In Redis every worker and
    server reads the same one (the first to ask sets it, "set if not exists"), and Redis deletes
    it when the day ends (its only expiry: the end of the day, nothing finer). With memory
    storage, or while Redis cannot be reached, each process keeps its own, as it keeps its own
    counts.
    """

    REDIS_KEY = "feedback:limiter-salt:{day}"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_memory: dict[date, str] = {}

    def for_storage(self, storage: Storage | None) -> str:
        """The salt kept where ``storage`` counts; None: the limiter is counting in memory."""
        day = today()
        if isinstance(storage, RedisStorage):
            try:
                if shared := self._in_redis(storage, day):
                    return shared
            except RedisError:
                pass  # the limiter finds Redis down on this same request and counts in memory from now on
        return self._in_process(day)

    def _in_redis(self, storage: RedisStorage, day: date) -> str | None:
        redis = storage.get_connection()
        name = self.REDIS_KEY.format(day=day.isoformat())
        salt = redis.get(name)
        if salt is None:
            redis.set(name, secrets.token_bytes(32).hex(), nx=True, exat=end_of_day(day))
            salt = redis.get(name)  # ours, or the one another worker set first
        return salt.decode() if isinstance(salt, bytes) else salt

    def _in_process(self, day: date) -> str:
        with self._lock:
            if day not in self._in_memory:
                self._in_memory = {day: secrets.token_bytes(32).hex()}  # yesterday's is forgotten
            return self._in_memory[day]


daily_salt = DailySalt()


def anonymous_client_key(storage: Storage | None) -> str:
    """The limiter's name for this client today: HMAC(today's salt, address)."""
    salt = daily_salt.for_storage(storage)
    return hmac.new(bytes.fromhex(salt), (request.remote_addr or "").encode(), hashlib.sha256).hexdigest()[:32]


class DropRequestLines(logging.Filter):
    """Werkzeug's development server logs each request as
    ``ADDRESS - - [EXACT TIME] "REQUEST" STATUS``; those lines are dropped,
    everything else (start-up messages, errors) is kept."""

    REQUEST_LINE = re.compile(r"^\S* - - \[")

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.REQUEST_LINE.match(str(record.msg))


class DropLimiterKeys(logging.Filter):
    """Flask-Limiter logs "ratelimit ... (KEY) exceeded at endpoint" (at INFO): with the day's
    salt, the key gives the address back. Such lines are dropped; its warnings are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("ratelimit ")


def quiet_request_logs() -> None:
    for name, kind in (("werkzeug", DropRequestLines), ("flask-limiter", DropLimiterKeys)):
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
