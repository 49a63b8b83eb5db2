"""Two-factor sign-in (issue 12, decision 0016): set-up, codes, recovery codes, slow-down, reset."""

from __future__ import annotations

import logging
import re

import pyotp
import pytest
from sqlalchemy import select

from feedback_app.config import settings_from_environment
from feedback_app.extensions import db
from feedback_app.staff import two_factor
from feedback_app.staff.access import PUBLIC, SECOND_STEP
from feedback_app.staff.accounts import find_by_email
from feedback_app.staff.models import AuditEvent, RecoveryCode
from feedback_app.staff.throttle import PAIR_FAILURES
from feedback_app.staff.two_factor_routes import PENDING_KEY
from tests.feedback_app.staff.conftest import code_for, set_up_two_factor, sign_in, sign_in_fully
from tests.helpers import csrf_token

EMAIL = "worker@council.example"


@pytest.fixture(autouse=True)
def two_factor_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_TWO_FACTOR", True)


@pytest.fixture
def person(app, make_user):
    return make_user("manager", EMAIL)


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def _send_code(client, code: str):
    return client.post("/staff/two-factor", data={"csrf_token": csrf_token(client, "/staff/two-factor"),
                                                  "code": code})


def _enrolled(app, person) -> tuple[object, list[str]]:
    """A browser that set up two-factor sign-in (and is signed in): it and the recovery codes."""
    client = app.test_client()
    assert sign_in(client, EMAIL).headers["Location"] == "/staff/two-factor/set-up"
    _, page = set_up_two_factor(client)
    return client, re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page.get_data(as_text=True))


def _password_step(app):
    client = app.test_client()
    assert sign_in(client, EMAIL).headers["Location"] == "/staff/two-factor"
    return client


def test_set_up_shows_a_qr_code_and_the_key_then_signs_in_with_ten_recovery_codes(app, person):
    client = app.test_client()
    response = sign_in(client, EMAIL)
    assert response.headers["Location"] == "/staff/two-factor/set-up"
    assert client.get("/staff/").status_code == 302  # not signed in yet
    page = client.get("/staff/two-factor/set-up").get_data(as_text=True)
    assert 'src="data:image/png;base64,' in page and 'name="code"' in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert client.get("/staff/two-factor/set-up").get_data(as_text=True).count("app-key") == 1
    key, done = set_up_two_factor(client)
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert text.count("<li><code>") == 10 and "only time these codes are shown" in text
    assert client.get("/staff/").status_code == 200
    assert _actions(app)[-2:] == ["two-factor set up", "signed in"]
    with app.app_context():
        user = find_by_email(EMAIL)
        assert user.two_factor_on and key not in user.totp_secret  # kept encrypted
        assert db.session.query(RecoveryCode).filter_by(staff_user_id=user.id).count() == 10
    # Next time: the code, never the set-up page (nor the key) again.
    again = app.test_client()
    assert sign_in(again, EMAIL).headers["Location"] == "/staff/two-factor"
    assert again.get("/staff/two-factor/set-up").headers["Location"] == "/staff/two-factor"


def test_the_key_is_encrypted_with_a_key_the_database_does_not_hold(app, person, monkeypatch):
    _enrolled(app, person)
    with app.app_context():
        user = find_by_email(EMAIL)
        assert two_factor.secret_of(user) is not None
        monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key")
        assert two_factor.secret_of(user) is None


def test_a_wrong_code_at_set_up_is_refused_and_nothing_changes(app, person):
    client = app.test_client()
    sign_in(client, EMAIL)
    token = csrf_token(client, "/staff/two-factor/set-up")
    for code, message in [("", "Enter the 6-digit code from your authenticator app"),
                          ("12345", "The code must be 6 digits"), ("１２３４５６", "The code must be 6 digits"),
                          ("000000", "The code is not right")]:
        response = client.post("/staff/two-factor/set-up", data={"csrf_token": token, "code": code})
        assert response.status_code == 200 and message in response.get_data(as_text=True), code
    with app.app_context():
        assert not find_by_email(EMAIL).two_factor_on
    assert client.get("/staff/").status_code == 302


def test_a_wrong_code_is_refused_recorded_and_does_not_sign_in(app, person):
    _enrolled(app, person)
    client = _password_step(app)
    right = code_for(app, EMAIL)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    response = _send_code(client, wrong)
    assert response.status_code == 200
    assert "The code is not right" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302
    assert _actions(app)[-1] == "two-factor code wrong"


@pytest.mark.parametrize("hostile", ["", " ", "x" * 5000, "12345\x00", "<script>", "١٢٣٤٥٦", "123 456 789"])
def test_hostile_codes_get_an_error_message_not_a_500(app, person, hostile):
    _enrolled(app, person)
    client = _password_step(app)
    response = _send_code(client, hostile)
    assert response.status_code == 200 and "govuk-error-summary" in response.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302


def test_a_code_cannot_be_used_twice(app, person):
    first, _ = _enrolled(app, person)  # the set-up code's step is now used
    client = _password_step(app)
    code = code_for(app, EMAIL, steps_ahead=1)  # the next step's code: accepted once (a slow clock)
    assert _send_code(client, code).status_code == 302
    assert client.get("/staff/").status_code == 200
    again = _password_step(app)
    response = _send_code(again, code)
    assert response.status_code == 200 and "The code is not right" in response.get_data(as_text=True)
    assert again.get("/staff/").status_code == 302
    # An older code (the set-up one, or this step's) is refused as well: only later steps work.
    assert _send_code(again, code_for(app, EMAIL)).status_code == 200


def test_a_recovery_code_works_once(app, person):
    _, codes = _enrolled(app, person)
    assert len(set(codes)) == 10
    client = _password_step(app)
    response = _send_code(client, codes[3].upper().replace("-", " "))  # as typed from paper
    assert response.status_code == 302 and client.get("/staff/").status_code == 200
    assert "recovery code used" in _actions(app)
    again = _password_step(app)
    assert _send_code(again, codes[3]).status_code == 200
    assert again.get("/staff/").status_code == 302
    assert _send_code(again, codes[4]).status_code == 302  # another one still works
    with app.app_context():
        assert two_factor.recovery_codes_left(find_by_email(EMAIL)) == 8


def test_wrong_codes_slow_sign_in_down_like_wrong_passwords(app, person):
    _enrolled(app, person)
    client = _password_step(app)
    for _ in range(PAIR_FAILURES):
        assert _send_code(client, "000000").status_code == 200
    # Now even the right code is refused from here, and a new password step does not start the count again.
    assert _send_code(client, code_for(app, EMAIL, steps_ahead=1)).status_code == 200
    assert client.get("/staff/").status_code == 302
    assert sign_in(app.test_client(), EMAIL).status_code == 200  # the password step is slowed down too
    assert "sign-in slowed down" in _actions(app)


def test_half_signed_in_opens_no_staff_page(app, person):
    _enrolled(app, person)
    client = _password_step(app)
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff.") or rule.endpoint in PUBLIC | SECOND_STEP:
            continue
        url = rule.build({name: {"slug": "cp-conference-parent", "variant": "standard", "year": 2011,
                                 "fmt": "json"}.get(name, 1) for name in rule.arguments})[1]
        method = client.get if "GET" in rule.methods else client.post
        response = method(url)
        assert response.status_code in {302, 400}, url  # a POST without its CSRF token stops even earlier
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/staff/login"), url


def test_the_second_step_ends_after_ten_minutes(app, person):
    _enrolled(app, person)
    client = _password_step(app)
    with client.session_transaction() as session:
        session[PENDING_KEY] = {**session[PENDING_KEY], "since": session[PENDING_KEY]["since"] - 601}
    assert client.get("/staff/two-factor").headers["Location"] == "/staff/login"


def test_a_password_reset_ends_a_half_finished_sign_in(app, person, make_user):
    _enrolled(app, person)
    client = _password_step(app)
    with app.app_context():
        from feedback_app.staff.accounts import reset_password

        admin = find_by_email("admin@council.example") or db.session.get(type(find_by_email(EMAIL)),
                                                                         make_user("admin"))
        reset_password(find_by_email(EMAIL), "another horse battery staple", actor=admin)
    assert client.get("/staff/two-factor").headers["Location"] == "/staff/login"


def test_an_administrator_resets_two_factor_and_the_person_sets_it_up_again(app, person, make_user):
    user_client, _ = _enrolled(app, person)
    make_user("admin")
    admin = app.test_client()
    sign_in_fully(app, admin, "admin@council.example")
    manager = app.test_client()
    make_user("complaints_officer")
    sign_in_fully(app, manager, "complaints_officer@council.example")
    url = f"/staff/users/{person}/two-factor/reset"
    assert manager.post(url, data={"csrf_token": csrf_token(manager, "/staff/")}).status_code == 403
    page = admin.get(f"/staff/users/{person}").get_data(as_text=True)
    assert "Reset two-factor sign-in" in page
    assert admin.post(url, data={"csrf_token": csrf_token(admin, f"/staff/users/{person}")}).status_code == 302
    assert user_client.get("/staff/").status_code == 302  # their sessions ended
    assert _actions(app)[-1] == "two-factor reset"
    with app.app_context():
        user = find_by_email(EMAIL)
        assert not user.two_factor_on and user.totp_secret is None
        assert two_factor.recovery_codes_left(user) == 0
    assert sign_in(app.test_client(), EMAIL).headers["Location"] == "/staff/two-factor/set-up"


def test_switched_off_a_password_signs_in_and_start_up_says_so(app, person, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "STAFF_TWO_FACTOR", False)
    client = app.test_client()
    assert sign_in(client, EMAIL).headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    with caplog.at_level(logging.WARNING, logger="feedback_app.staff.two_factor"):
        two_factor.tell_if_two_factor_off(app)
    assert [r.getMessage() for r in caplog.records] == [
        "STAFF_TWO_FACTOR=off: staff sign in with a password alone, without two-factor sign-in"]
    caplog.clear()
    monkeypatch.setitem(app.config, "STAFF_TWO_FACTOR", True)
    two_factor.tell_if_two_factor_off(app)
    assert caplog.records == []


@pytest.mark.parametrize(("raw", "expected"), [(None, True), ("on", True), ("1", True), ("off", False), ("0", False)])
def test_staff_two_factor_is_on_unless_switched_off(tmp_path, monkeypatch, raw, expected):
    if raw is None:
        monkeypatch.delenv("STAFF_TWO_FACTOR", raising=False)
    else:
        monkeypatch.setenv("STAFF_TWO_FACTOR", raw)
    assert settings_from_environment(tmp_path, {"SECRET_KEY": "x"})["STAFF_TWO_FACTOR"] is expected


def test_codes_from_a_clock_more_than_a_step_out_are_refused(app, person):
    _enrolled(app, person)
    client = _password_step(app)
    assert _send_code(client, code_for(app, EMAIL, steps_ahead=3)).status_code == 200


def test_the_provisioning_uri_names_the_person_and_the_service(app, person):
    with app.app_context():
        uri = two_factor.setup_uri(find_by_email(EMAIL), pyotp.random_base32())
    assert uri.startswith("otpauth://totp/") and "worker%40council.example" in uri and "issuer=" in uri


def test_the_command_line_resets_two_factor_for_an_administrator_locked_out(app, person, runner):
    _enrolled(app, person)
    result = runner.invoke(args=["users", "reset-two-factor", EMAIL])
    assert result.exit_code == 0, result.output
    assert sign_in(app.test_client(), EMAIL).headers["Location"] == "/staff/two-factor/set-up"
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.actor, event.detail) == ("two-factor reset", "system", EMAIL)
    unknown = runner.invoke(args=["users", "reset-two-factor", "nobody@council.example"])
    assert unknown.exit_code != 0 and "no account" in unknown.output
