"""Several app servers share one limit when RATELIMIT_STORAGE_URI names a Redis.

Flask-Limiter keeps its storage on the one ``limiter`` object of a Python process, so two apps
made in this process would share a count whatever the storage. Two app *servers* are two
processes: the first server here is a child process that uses up the limit, the second is
this process, which then has to refuse the next request from the same address. Both must
also read the same daily salt from Redis (feedback_app/privacy.py), or each would count
under a key of its own. tests/integration/test_gunicorn_limits_and_logs.py does the same
with three gunicorn workers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from feedback_app.complaints.models import Representation
from feedback_app.extensions import db
from tests.conftest import TEST_SETTINGS
from tests.helpers import another_app, count_rows, example_answers, submit

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")  # a database of its own, flushed
ADDRESS = "203.0.113.7"  # one person's address, as both servers see it behind the load balancer
FORM = "/q/lac-review-child/young"
LIMIT = "2 per minute"


def _redis():
    try:
        import redis
    except ImportError:
        pytest.skip("the redis client is not installed")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({error}); shared rate limits need one")
    return client


@contextmanager
def flushed_redis():
    """The tests' own Redis database, empty before and after: (its URL, a client)."""
    client = _redis()
    client.flushdb()
    try:
        yield REDIS_URL, client
    finally:
        client.flushdb()
        client.close()


@pytest.fixture
def shared_redis():
    with flushed_redis() as (_url, client):
        yield client


def _limits(storage: str) -> dict:
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_SUBMIT": LIMIT, "RATELIMIT_CODE": "3 per minute",
            "RATELIMIT_STORAGE_URI": storage}


def _settings(app, storage: str) -> dict:
    """Everything a separate process needs to make the same app."""
    return {**TEST_SETTINGS, **_limits(storage), "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}


def _send(server, comment: str, address: str = ADDRESS) -> int:
    return submit(server.test_client(), FORM, {"comments": comment}, environ_base={"REMOTE_ADDR": address}).status_code


CHILD = """
import json, sys
from feedback_app import create_app
from feedback_app.extensions import db
from tests.helpers import submit
settings, path, answers, address, times = json.loads(sys.argv[1])
server = create_app(settings)
client = server.test_client()
if answers is None:  # a page to GET, as a code guesser would
    statuses = [client.get(path, environ_base={"REMOTE_ADDR": address}).status_code for _ in range(times)]
else:
    statuses = [submit(client, path, answers, environ_base={"REMOTE_ADDR": address}).status_code
                for _ in range(times)]
with server.app_context():
    db.engine.dispose()
print(json.dumps(statuses))
"""


def _first_server_sends(settings: dict, times: int, path: str = FORM, answers: dict | None = None) -> list[int]:
    """Another app server, in a process of its own, sends ``times`` requests from ADDRESS:
    ``answers`` posted to the form at ``path``, or GETs of ``path`` when there are none."""
    if answers is None and path == FORM:
        answers = {"comments": "from the first server"}
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps([settings, path, answers, ADDRESS, times])],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_app_servers_share_the_limit_through_redis(app, shared_redis):
    assert _first_server_sends(_settings(app, REDIS_URL), 2) == [303, 303]  # the first server uses the limit up
    with another_app(app, **_limits(REDIS_URL)) as second:
        assert _send(second, "from the second server") == 429  # and the second one knows
        assert _send(second, "someone else", address="198.51.100.9") == 303  # another address is not held up
        assert count_rows(app)["responses"] == 3


def test_code_guessing_is_cut_at_the_limit_across_two_app_servers(app, shared_redis):
    """Issue 9: 148 of 300 guesses at /c/<code> got through five workers that each counted alone."""
    assert _first_server_sends(_settings(app, REDIS_URL), 3, path="/c/ABCD-EFGH") == [404, 404, 404]
    with another_app(app, **_limits(REDIS_URL)) as second:
        guesser = second.test_client()
        assert guesser.get("/c/ABCD-EFGH", environ_base={"REMOTE_ADDR": ADDRESS}).status_code == 429
        assert guesser.get("/c/WXYZ-2345", environ_base={"REMOTE_ADDR": ADDRESS}).status_code == 429


def test_have_your_say_submissions_are_cut_at_the_limit_across_two_app_servers(app, shared_redis):
    """Issue 9: 93 have-your-say complaints from one address in 0.8 s became 93 register entries."""
    answers = example_answers(app.extensions["questionnaires"]["have-your-say"].variant("standard"))
    first = _first_server_sends(_settings(app, REDIS_URL), 2, path="/q/have-your-say", answers=answers)
    assert first == [303, 303]
    with another_app(app, **_limits(REDIS_URL)) as second:
        again = submit(second.test_client(), "/q/have-your-say", answers, environ_base={"REMOTE_ADDR": ADDRESS})
        assert again.status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Representation)) == 2


def test_without_shared_storage_each_server_counts_alone(app):
    """Why RATELIMIT_STORAGE_URI matters: in memory, each server lets through its own full limit."""
    assert _first_server_sends(_settings(app, "memory://"), 2) == [303, 303]
    with another_app(app, **_limits("memory://")) as second:
        assert _send(second, "from the second server") == 303
        assert count_rows(app)["responses"] == 3


def test_redis_holds_counters_but_no_address(app, shared_redis):
    """The limiter's key is a keyed hash (feedback_app/privacy.py): the address never reaches Redis."""
    with another_app(app, **_limits(REDIS_URL)) as server:
        assert _send(server, "hello") == 303
        keys = shared_redis.keys("*")
        assert keys, "the limit was not counted in Redis"
        stored = b" ".join(keys + [str(shared_redis.dump(key)).encode() for key in keys])
        assert ADDRESS.encode() not in stored
        assert b"127.0.0.1" not in stored


def test_pages_still_answer_when_the_shared_storage_is_down(app):
    """Nothing listens on port 1: the limiter falls back to counting in memory instead of a 500."""
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="2 per minute",
                     RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0") as unreachable:
        client = unreachable.test_client()
        assert client.get("/q/lac-review-child/young").status_code == 200
        statuses = [submit(client, "/q/lac-review-child/young", {"comments": "hello"}).status_code for _ in range(3)]
        assert statuses == [303, 303, 429]  # still limited, in memory
