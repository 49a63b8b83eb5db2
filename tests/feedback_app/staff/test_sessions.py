"""Staff sessions end on the server: on sign out (a copied cookie stops working), after
30 minutes idle, 12 hours after signing in, and their cookie does not outlive them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.staff import sessions
from feedback_app.staff.models import StaffSession
from tests.feedback_app.staff.conftest import sign_in
from tests.helpers import csrf_token


class Clock:
    """The sessions module's clock, moved on by hand."""

    def __init__(self):
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def forward(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(sessions, "utc_now", clock)
    return clock


def _session_cookie(response) -> str:
    return next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))


def _cookie_expiry(response) -> datetime | None:
    header = _session_cookie(response)
    parts = dict(part.strip().partition("=")[::2] for part in header.split(";")[1:])
    return parsedate_to_datetime(parts["Expires"]) if "Expires" in parts else None


def _session_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StaffSession))


def test_a_copied_cookie_stops_working_after_signing_out(app, signed_in):
    browser = signed_in("manager")
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    assert thief.get("/staff/").status_code == 200  # a copy works while the session lasts...
    browser.post("/staff/logout", data={"csrf_token": csrf_token(browser, "/staff/")})
    assert thief.get("/staff/").status_code == 302  # ...and not after "Sign out", from any browser
    assert "/staff/login" in thief.get("/staff/").headers["Location"]
    assert _session_rows(app) == 0


def test_a_session_ends_after_30_minutes_without_a_request(app, make_user, clock):
    make_user("manager")
    client = app.test_client()
    assert sign_in(client, "manager@council.example").status_code == 302
    clock.forward(minutes=29)
    assert client.get("/staff/").status_code == 200  # a request restarts the 30 minutes
    clock.forward(minutes=29)
    assert client.get("/staff/").status_code == 200
    clock.forward(minutes=31)
    assert client.get("/staff/").status_code == 302
    assert "You have been signed out" in client.get("/staff/login").get_data(as_text=True)
    assert _session_rows(app) == 0  # the ended session's row is gone


def test_a_session_ends_12_hours_after_signing_in_however_busy(app, make_user, clock):
    make_user("manager")
    client = app.test_client()
    assert sign_in(client, "manager@council.example").status_code == 302
    for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
        assert client.get("/staff/").status_code == 200
        clock.forward(minutes=20)
    clock.forward(seconds=1)
    assert client.get("/staff/").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(app, make_user, clock):
    make_user("manager")
    client = app.test_client()
    sign_in(client, "manager@council.example")

    def last_seen():
        with app.app_context():
            return db.session.scalar(select(StaffSession.last_seen_at))

    first = last_seen()
    clock.forward(seconds=59)
    client.get("/staff/")
    assert last_seen() == first
    clock.forward(seconds=2)
    client.get("/staff/")
    assert last_seen() > first


def test_only_a_hash_of_the_token_is_stored(app, signed_in):
    client = signed_in("chair")
    with client.session_transaction() as cookie:
        token = cookie["staff_session"]
    with app.app_context():
        stored = db.session.scalar(select(StaffSession.token_hash))
    assert token and stored and token not in stored and stored == sessions._hash(token)


def test_the_staff_cookie_expires_within_30_minutes_and_the_public_one_with_the_browser(app, make_user):
    make_user("manager")
    client = app.test_client()
    signed = sign_in(client, "manager@council.example")
    expires = _cookie_expiry(signed)
    assert expires is not None and expires <= datetime.now(UTC) + timedelta(minutes=30, seconds=5)
    page = client.get("/staff/")
    assert _cookie_expiry(page) <= datetime.now(UTC) + timedelta(minutes=30, seconds=5)
    # The questionnaire pages keep a cookie that ends when the browser closes, and no session row.
    public = app.test_client().get("/q/cp-conference-parent")
    assert _cookie_expiry(public) is None and "Max-Age" not in _session_cookie(public)
    assert _session_rows(app) == 1


def test_the_cookie_does_not_outlive_the_12_hours(app, make_user, clock):
    make_user("manager")
    client = app.test_client()
    real_now = clock.now
    clock.forward(hours=-11, minutes=-50)  # signed in 11 hours 50 minutes ago...
    sign_in(client, "manager@council.example")
    while clock.now < real_now:  # ...and busy ever since
        clock.now = min(clock.now + timedelta(minutes=20), real_now)
        response = client.get("/staff/")
        assert response.status_code == 200
    # The session ends in 10 minutes, so the cookie does too (not 30 minutes from now).
    assert _cookie_expiry(response) <= datetime.now(UTC) + timedelta(minutes=10, seconds=5)


def test_a_password_reset_or_disabling_ends_every_session_of_that_person(app, signed_in, make_user):
    admin = signed_in("admin")
    chair_id = make_user("chair")
    phone, laptop = app.test_client(), app.test_client()
    for browser in (phone, laptop):
        assert sign_in(browser, "chair@council.example").status_code == 302
    url = f"/staff/users/{chair_id}"
    new_password = "violet kettle harbour drum"
    admin.post(url, data={"csrf_token": csrf_token(admin, url), "action": "reset", "reset-password": new_password})
    assert phone.get("/staff/").status_code == 302 and laptop.get("/staff/").status_code == 302
    assert sign_in(phone, "chair@council.example", new_password).status_code == 302
    admin.post(url, data={"csrf_token": csrf_token(admin, url), "action": "update", "role": "chair"})  # disable
    assert phone.get("/staff/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffSession)
                                 .where(StaffSession.staff_user_id == chair_id)) == 0
    assert sign_in(app.test_client(), "chair@council.example", new_password).status_code == 200  # disabled


def test_signing_in_again_ends_the_session_before(app, make_user):
    make_user("manager")
    make_user("chair")
    client = app.test_client()
    sign_in(client, "manager@council.example")
    old_cookie = client.get_cookie("session").value
    sign_in(client, "chair@council.example")
    assert _session_rows(app) == 1
    copy = app.test_client()
    copy.set_cookie("session", old_cookie)
    assert copy.get("/staff/").status_code == 302


def test_the_cookie_serializer_is_made_once_and_follows_a_key_rotation(app, client):
    """The session interface keeps its serializer (feedback_app/staff: made once for each set of keys): a new
    SECRET_KEY with the old one among SECRET_KEY_FALLBACKS still opens the old cookies and signs with the new key."""
    from itsdangerous import BadSignature, URLSafeTimedSerializer

    interface = app.session_interface
    assert interface.get_signing_serializer(app) is interface.get_signing_serializer(app)
    client.get("/q/cp-conference-parent")
    old_cookie = client.get_cookie("session").value
    old_key = app.secret_key
    app.config.update(SECRET_KEY="a-new-key-after-rotation-0123456789", SECRET_KEY_FALLBACKS=[old_key])
    assert interface.get_signing_serializer(app).loads(old_cookie)["csrf_token"]  # still opens
    fresh = app.test_client()
    fresh.get("/q/cp-conference-parent")
    new_cookie = fresh.get_cookie("session").value

    def signed_with(key: str, cookie: str) -> bool:
        try:
            URLSafeTimedSerializer(key, salt=interface.salt, serializer=interface.serializer,
                                   signer_kwargs={"key_derivation": "hmac", "digest_method": interface.digest_method}
                                   ).loads(cookie)
            return True
        except BadSignature:
            return False

    assert signed_with("a-new-key-after-rotation-0123456789", new_cookie) and not signed_with(old_key, new_cookie)
