"""Signing in cannot be used against staff: a refusal looks and takes the same whether the
email is unknown, the password wrong, the account disabled or slowed down; wrong passwords
slow down one address for one account, so a stranger cannot shut the real person out; an
administrator can lift a slow-down."""

from __future__ import annotations

import os
import re
import statistics
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.staff import accounts, passwords, throttle
from feedback_app.staff.accounts import SIGN_IN_REFUSED
from feedback_app.staff.models import AuditEvent, StaffUser
from tests.conftest import APP_PASSWORD_HASHER
from tests.feedback_app.staff.conftest import PASSWORD, client_from, sign_in
from tests.helpers import CSRF, another_app, csrf_token

WRONG = "not the password at all"


def _wrong_passwords(app, email: str, address: str, times: int) -> None:
    client = client_from(app, address)
    for _ in range(times):
        assert sign_in(client, email, WRONG).status_code == 200


def _disable(app, email: str) -> None:
    with app.app_context():
        db.session.scalar(select(StaffUser).where(StaffUser.email == email)).active = False
        db.session.commit()


def _page_without_token_and_email(response, email: str) -> str:
    html = response.get_data(as_text=True)
    return CSRF.sub("", html).replace(email, "EMAIL")


def test_every_refused_sign_in_answers_with_the_same_page(app, make_user):
    make_user("chair", "known@council.example")
    make_user("chair", "disabled@council.example")
    _disable(app, "disabled@council.example")
    make_user("chair", "slowed@council.example")
    _wrong_passwords(app, "slowed@council.example", "10.0.0.9", throttle.PAIR_FAILURES)
    _wrong_passwords(app, "nobody@council.example", "10.0.0.9", throttle.PAIR_FAILURES)
    attempts = {
        "unknown email": ("nobody.else@council.example", WRONG),
        "wrong password": ("known@council.example", WRONG),
        "disabled account, right password": ("disabled@council.example", PASSWORD),
        "slowed down, right password": ("slowed@council.example", PASSWORD),
        "slowed down, unknown email": ("nobody@council.example", PASSWORD),
    }
    pages = {}
    for case, (email, password) in attempts.items():
        response = sign_in(client_from(app, "10.0.0.9"), email, password)
        assert response.status_code == 200, case
        assert SIGN_IN_REFUSED in response.get_data(as_text=True), case
        pages[case] = _page_without_token_and_email(response, email)
    assert len(set(pages.values())) == 1, "a refusal tells one case from another"


def _timed_sign_in(client, email: str, password: str) -> float:
    token = csrf_token(client, "/staff/login")
    started = time.perf_counter()
    response = client.post("/staff/login", data={"csrf_token": token, "email": email, "password": password})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    return elapsed


@pytest.fixture
def hashes_at_the_apps_cost(monkeypatch):
    """Argon2 at the app's own cost for this test (the suite's is the smallest), and a count of checks.

    At the app's cost one check takes 60-150 ms, so a refusal's time is the check's: a case that skipped
    it would take a fraction of the others' time whatever else the machine is doing."""
    checks = []
    real_verify = APP_PASSWORD_HASHER.verify

    def counted_verify(password_hash, password):
        checks.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "_hasher", SimpleNamespace(hash=APP_PASSWORD_HASHER.hash, verify=counted_verify,
                                                              check_needs_rehash=APP_PASSWORD_HASHER.check_needs_rehash))
    monkeypatch.setattr(accounts, "_DUMMY_HASH", APP_PASSWORD_HASHER.hash("not-a-real-password-just-for-timing"))
    return checks


def test_every_refused_sign_in_checks_one_hash_and_takes_about_as_long(app, make_user, hashes_at_the_apps_cost):
    checks = hashes_at_the_apps_cost
    make_user("chair", "known@council.example")
    make_user("chair", "disabled@council.example")
    _disable(app, "disabled@council.example")
    make_user("chair", "slowed@council.example")
    _wrong_passwords(app, "slowed@council.example", "10.0.1.1", throttle.PAIR_FAILURES)
    cases = {"unknown": ("nobody@council.example", WRONG), "wrong": ("known@council.example", WRONG),
             "disabled": ("disabled@council.example", PASSWORD), "slowed": ("slowed@council.example", PASSWORD)}
    times: dict[str, list[float]] = {case: [] for case in cases}
    for try_number in range(3):  # the cases take turns, so a busy moment on the machine falls on all of them
        for case, (email, password) in cases.items():
            # Each try from its own address, so only the slowed-down case is slowed down.
            address = "10.0.1.1" if case == "slowed" else f"10.0.2.{try_number}"
            checks.clear()
            times[case].append(_timed_sign_in(client_from(app, address), email, password))
            # Exactly one Argon2 check at the app's cost, whichever way the sign-in is refused.
            assert len(checks) == 1 and checks[0].startswith("$argon2id$v=19$m=65536,t=3,p=4$"), (case, checks)
    medians = {case: statistics.median(taken) for case, taken in times.items()}
    assert max(medians.values()) < 2 * min(medians.values()), medians


def test_a_strangers_wrong_passwords_do_not_stop_the_real_person(app, make_user):
    make_user("manager", "real.person@council.example")
    _wrong_passwords(app, "real.person@council.example", "203.0.113.7", 10)
    # The stranger's address is slowed down, even with the right password...
    stranger = sign_in(client_from(app, "203.0.113.7"), "real.person@council.example")
    assert stranger.status_code == 200 and SIGN_IN_REFUSED in stranger.get_data(as_text=True)
    # ...and the real person, from their own address, signs in.
    real = sign_in(client_from(app, "198.51.100.20"), "real.person@council.example")
    assert real.status_code == 302 and real.headers["Location"] == "/staff/"
    with app.app_context():
        details = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "sign-in slowed down")).all()
    assert details == ["real.person@council.example: 5 wrong passwords from one address"]


def test_the_address_slow_down_ends_after_15_minutes(app, make_user, monkeypatch):
    import limits.storage.memory as memory

    make_user("manager", "real.person@council.example")
    _wrong_passwords(app, "real.person@council.example", "203.0.113.7", throttle.PAIR_FAILURES)
    assert sign_in(client_from(app, "203.0.113.7"), "real.person@council.example").status_code == 200
    later = time.time() + throttle.PAIR_BLOCK.total_seconds() + 1
    monkeypatch.setattr(memory, "time", SimpleNamespace(time=lambda: later))  # the limiter storage's clock
    assert sign_in(client_from(app, "203.0.113.7"), "real.person@council.example").status_code == 302


def test_many_addresses_slow_the_account_down_until_an_administrator_unlocks_it(app, make_user, monkeypatch):
    monkeypatch.setattr(throttle, "ACCOUNT_FAILURES", 6)  # 50 in production: the same rule, fewer requests
    make_user("admin")
    person_id = make_user("manager", "real.person@council.example")
    for number in range(6):  # one wrong password each from six addresses: no address is slowed down
        _wrong_passwords(app, "real.person@council.example", f"203.0.113.{number}", 1)
    assert sign_in(client_from(app, "198.51.100.20"), "real.person@council.example").status_code == 200

    admin = client_from(app, "192.0.2.1")
    assert sign_in(admin, "admin@council.example").status_code == 302
    listing = admin.get("/staff/users").get_data(as_text=True)
    row = re.search(r"real\.person@council\.example</td>.*?</tr>", listing, re.S).group(0)
    assert "Sign-in slowed down" in row and "Active" not in row
    page = admin.get(f"/staff/users/{person_id}").get_data(as_text=True)
    assert "Unlock" in page
    unlocked = admin.post(f"/staff/users/{person_id}/unlock", data={"csrf_token": csrf_token(admin, "/staff/users")})
    assert unlocked.status_code == 302
    assert sign_in(client_from(app, "198.51.100.20"), "real.person@council.example").status_code == 302
    row = re.search(r"real\.person@council\.example</td>.*?</tr>", admin.get("/staff/users").get_data(as_text=True),
                    re.S).group(0)
    assert "Active" in row
    with app.app_context():
        events = db.session.execute(select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail)).all()
    assert ("admin@council.example", "account unlocked", "real.person@council.example") in events
    assert ("real.person@council.example", "sign-in slowed down",
            "real.person@council.example: 6 wrong passwords in an hour") in events


def test_unlocking_also_lifts_the_slow_down_of_one_address(app, make_user, signed_in):
    person_id = make_user("chair", "typo@council.example")
    _wrong_passwords(app, "typo@council.example", "198.51.100.5", throttle.PAIR_FAILURES)  # their own typing
    assert sign_in(client_from(app, "198.51.100.5"), "typo@council.example").status_code == 200
    admin = signed_in("admin")
    admin.post(f"/staff/users/{person_id}/unlock", data={"csrf_token": csrf_token(admin, "/staff/users")})
    assert sign_in(client_from(app, "198.51.100.5"), "typo@council.example").status_code == 302


def test_only_an_administrator_can_unlock(app, make_user, signed_in):
    person_id = make_user("chair", "someone@council.example")
    manager = signed_in("manager")
    response = manager.post(f"/staff/users/{person_id}/unlock", data={"csrf_token": csrf_token(manager, "/staff/")})
    assert response.status_code == 403


def test_the_counters_are_shared_by_app_servers_through_the_limiters_redis(app, make_user):
    """Two app servers with the same RATELIMIT_STORAGE_URI: wrong passwords sent to one slow down the other."""
    redis = pytest.importorskip("redis")
    # A database no other test flushes; only this test's keys are removed, before and after.
    url = os.environ.get("TEST_REDIS_SIGN_IN_URL", "redis://127.0.0.1:6379/7")
    store = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        store.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {url} ({error})")

    def forget_counters():
        for key in store.scan_iter("LIMITS:sign-in/*"):
            store.delete(key)

    forget_counters()
    make_user("manager", "real.person@council.example")
    try:
        with (another_app(app, RATELIMIT_STORAGE_URI=url) as first,
              another_app(app, RATELIMIT_STORAGE_URI=url) as second):
            _wrong_passwords(first, "real.person@council.example", "203.0.113.7", throttle.PAIR_FAILURES)
            refused = sign_in(client_from(second, "203.0.113.7"), "real.person@council.example")
            assert refused.status_code == 200 and SIGN_IN_REFUSED in refused.get_data(as_text=True)
            keys = [key.decode() for key in store.scan_iter("LIMITS:sign-in/*")]
            assert keys and all("real.person" not in key and "203.0.113.7" not in key for key in keys)  # HMACs only
    finally:
        forget_counters()
        store.close()


def test_without_its_redis_sign_in_still_works_and_slows_down_in_each_process(app, make_user, caplog):
    pytest.importorskip("redis")
    make_user("manager", "real.person@council.example")
    with another_app(app, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0") as cut_off:  # nothing listens there
        _wrong_passwords(cut_off, "real.person@council.example", "203.0.113.7", throttle.PAIR_FAILURES)
        assert sign_in(client_from(cut_off, "203.0.113.7"), "real.person@council.example").status_code == 200
        assert sign_in(client_from(cut_off, "198.51.100.20"), "real.person@council.example").status_code == 302
    assert "limiter storage unavailable" in caplog.text
