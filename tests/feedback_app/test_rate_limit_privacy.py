"""What the rate limiter keeps about a client (issue 9, abuse): a key that neither SECRET_KEY nor
a backup gives back, counters that say no more than their window, no key in a log line, and
limits that do not multiply when each worker counts in its own memory."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from datetime import datetime, timedelta

import pytest

from feedback_app import create_app, privacy, rate_limits
from feedback_app.config import ConfigError
from feedback_app.privacy import LONDON, today
from tests.conftest import TEST_SETTINGS
from tests.feedback_app.test_shared_rate_limits import ADDRESS, REDIS_URL, _limits, flushed_redis
from tests.helpers import another_app

SALT_KEY = f"feedback:limiter-salt:{today().isoformat()}"


@pytest.fixture
def shared_redis():
    with flushed_redis() as (_url, client):
        yield client


@pytest.fixture(autouse=True)
def fresh_salts(monkeypatch):
    """Each test starts as a new process would: no salt in memory, nothing said yet, and the one
    limiter object not left believing a previous test's Redis is down."""
    from feedback_app.extensions import limiter

    monkeypatch.setattr(privacy, "daily_salt", privacy.DailySalt())
    monkeypatch.setattr(rate_limits.CountingInMemory, "announced", False)
    monkeypatch.setattr(limiter, "_storage_dead", False)


def _guess(server, code: str = "ABCD-EFGH", address: str = ADDRESS) -> int:
    return server.test_client().get(f"/c/{code}", environ_base={"REMOTE_ADDR": address}).status_code


def _limited(storage: str, **settings) -> dict:
    return {**_limits(storage), **settings}


def _client_keys(redis) -> set[str]:
    """The client part of each counter's key (LIMITS:LIMITER/<client>/<route>/<amount>/...)."""
    return {key.decode().split("/")[1] for key in redis.keys("LIMITS:*")}


def test_the_limiter_key_is_not_computable_from_the_secret_key(app, shared_redis):
    """Same SECRET_KEY, address and day, two fresh storages: two unrelated keys, neither of them the
    HMAC of the address and date under SECRET_KEY (which anyone with the key could brute-force)."""
    keys = []
    for _ in range(2):
        shared_redis.flushdb()  # a fresh storage: Redis restarted, or another deployment with the same key
        with another_app(app, **_limits(REDIS_URL)) as server:
            assert _guess(server) == 404
        keys.append(_client_keys(shared_redis))
    assert len(keys[0]) == len(keys[1]) == 1 and keys[0] != keys[1]
    secret = TEST_SETTINGS["SECRET_KEY"].encode()
    from_secret = hmac.new(secret, f"{today().isoformat()}|{ADDRESS}".encode(), hashlib.sha256).hexdigest()[:32]
    assert from_secret not in keys[0] | keys[1]


def test_the_salt_is_random_kept_in_redis_and_ends_with_the_day(app, shared_redis):
    with another_app(app, **_limits(REDIS_URL)) as server:
        assert _guess(server) == 404
        assert _guess(server, address="198.51.100.9") == 404
    salt = shared_redis.get(SALT_KEY)
    assert salt is not None and len(bytes.fromhex(salt.decode())) == 32
    assert shared_redis.keys("feedback:*") == [SALT_KEY.encode()]  # one salt for every client and worker
    midnight = datetime.combine(today() + timedelta(days=1), datetime.min.time(), tzinfo=LONDON)
    assert shared_redis.pexpiretime(SALT_KEY) == int(midnight.timestamp()) * 1000  # the day's end, to the ms
    expected = hmac.new(bytes.fromhex(salt.decode()), ADDRESS.encode(), hashlib.sha256).hexdigest()[:32]
    assert expected in _client_keys(shared_redis)


def test_a_new_day_brings_a_new_salt(app, shared_redis, monkeypatch):
    with another_app(app, **_limits(REDIS_URL)) as server:
        assert _guess(server) == 404
        tomorrow = today() + timedelta(days=1)
        monkeypatch.setattr(privacy, "today", lambda: tomorrow)
        assert _guess(server) == 404
    salts = {shared_redis.get(key) for key in shared_redis.keys("feedback:limiter-salt:*")}
    assert len(salts) == 2 and len(_client_keys(shared_redis)) == 2


def test_in_memory_each_process_and_day_has_its_own_salt(monkeypatch):
    from limits.storage import MemoryStorage

    salts = privacy.DailySalt()
    first = salts.for_storage(MemoryStorage())
    assert salts.for_storage(MemoryStorage()) == first  # the same all day in this process
    assert privacy.DailySalt().for_storage(MemoryStorage()) != first  # another process: another salt
    monkeypatch.setattr(privacy, "today", lambda: today() + timedelta(days=1))
    assert salts.for_storage(MemoryStorage()) != first


def test_counters_expire_on_the_clock_not_at_a_requests_time(app, shared_redis):
    """A counter's expiry was its first request + the window: it stamped when someone sent a form,
    to the millisecond. Now it is a whole minute (or hour) on the clock, one to two windows on:
    the same for everyone whose first request fell in that minute (or hour)."""
    with another_app(app, **_limited(REDIS_URL, RATELIMIT_CODE="5 per minute;50 per hour")) as server:
        before = time.time()
        assert _guess(server) == 404
        after = time.time()
        time.sleep(1.2)  # a second request, later in the window, leaves the expiry where it was
        assert _guess(server) == 404
    counters = sorted(shared_redis.keys("LIMITS:*"))
    assert len(counters) == 2
    for key in counters:
        length = {"minute": 60, "hour": 3600}[key.decode().rsplit("/", 1)[1]]
        assert shared_redis.get(key) == b"2"
        ends = shared_redis.pexpiretime(key)
        assert ends in {(int(moment) // length + 2) * length * 1000 for moment in (before, after)}, key
        assert ends % (length * 1000) == 0 and ends / 1000 - after >= length  # on the clock, a window or more on


def test_the_limiters_log_line_with_the_key_is_dropped(app, caplog):
    """Flask-Limiter logs "ratelimit 3 per 1 minute (KEY) exceeded at endpoint" at INFO; with the
    day's salt the key gives the address back."""
    caplog.set_level(logging.INFO)
    with another_app(app, **_limits("memory://")) as server:
        statuses = [_guess(server) for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert not [r for r in caplog.records if "exceeded" in r.getMessage()], caplog.text


def test_while_redis_is_down_each_worker_takes_its_share_and_says_so_once(app, caplog):
    """Five workers each counting 20 a minute in memory let 100 through; each now lets through
    its share (20 // 5 = 4), and the first of them says so, once, without the request."""
    caplog.set_level(logging.WARNING)
    with another_app(app, **_limited("redis://127.0.0.1:1/0", RATELIMIT_CODE="6 per minute",
                     WORKER_PROCESSES=3)) as server:
        statuses = [_guess(server) for _ in range(4)]
    assert statuses == [404, 404, 429, 429]
    said = [r.getMessage() for r in caplog.records if "counting in this worker's memory" in r.getMessage()]
    assert said == ["Rate limit storage unreachable: counting in this worker's memory until it is back, "
                    "each limit divided by 3 worker processes"]
    assert ADDRESS not in caplog.text and "ABCD" not in caplog.text


def test_a_limit_smaller_than_the_workers_still_lets_one_through_each(app):
    with another_app(app, **_limited("redis://127.0.0.1:1/0", RATELIMIT_CODE="2 per minute",
                     WORKER_PROCESSES=5)) as server:
        assert [_guess(server) for _ in range(2)] == [404, 429]


def test_several_workers_counting_in_memory_must_be_asked_for(app):
    settings = {**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                **_limits("memory://"), "WORKER_PROCESSES": 3}
    with pytest.raises(ConfigError, match="Rate limits in memory with 3 worker processes"):
        create_app(settings)
    with another_app(app, **_limited("memory://", RATELIMIT_CODE="6 per minute", WORKER_PROCESSES=3,
                     RATELIMIT_PER_WORKER=True)) as server:
        assert [_guess(server) for _ in range(3)] == [404, 404, 429]  # asked for: this worker's share


def test_web_concurrency_is_read_and_checked(monkeypatch, tmp_path):
    from feedback_app import config

    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})["WORKER_PROCESSES"] == 5
    for wrong in ("0", "five", "-2"):
        monkeypatch.setenv("WEB_CONCURRENCY", wrong)
        with pytest.raises(ConfigError, match="WEB_CONCURRENCY must be a whole number of 1 or more"):
            config.settings_from_environment(tmp_path, {"SECRET_KEY": "x"})


def test_a_storage_the_salt_cannot_live_in_is_refused(app):
    settings = {**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                **_limits("memcached://127.0.0.1:11211")}
    with pytest.raises(ConfigError, match="must be memory:// or a redis:// address"):
        create_app(settings)


def test_while_redis_is_down_the_salt_is_not_asked_of_it_on_every_request(app, monkeypatch):
    """Once the limiter counts in memory the salt comes from memory too: a Redis that does not
    answer is not waited for on each request (it is still asked once, on the request that finds it down)."""
    asked = []
    real = privacy.DailySalt._in_redis
    monkeypatch.setattr(privacy.DailySalt, "_in_redis", lambda self, *args: asked.append(1) or real(self, *args))
    with another_app(app, **_limited("redis://127.0.0.1:1/0", RATELIMIT_CODE="30 per minute")) as server:
        assert [_guess(server) for _ in range(4)] == [404] * 4
    assert len(asked) == 1
