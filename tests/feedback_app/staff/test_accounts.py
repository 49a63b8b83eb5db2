"""Staff accounts: Argon2, signing in, creating, resetting and disabling, the CLI and the audit log.
(Password rules: test_passwords.py; sessions: test_sessions.py; slow-downs: test_sign_in.py.)"""

from __future__ import annotations

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent, StaffUser
from tests.feedback_app.staff.conftest import PASSWORD, sign_in
from tests.helpers import csrf_token


def _user(app, email):
    with app.app_context():
        return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def _audit(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(e.actor, e.action, e.detail) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_the_app_hashes_with_argon2id_at_owasp_cost():
    """The tests hash at the smallest cost (tests/conftest.py); the app's own hasher is this one."""
    from argon2 import Type

    from tests.conftest import APP_PASSWORD_HASHER

    hasher = APP_PASSWORD_HASHER
    assert hasher.type is Type.ID
    # OWASP's password storage cheat sheet: argon2id with at least 19 MiB and 2 passes (or more memory).
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2, (hasher.memory_cost, hasher.time_cost)


def test_passwords_are_stored_as_argon2_hashes(app, make_user):
    make_user("chair")
    user = _user(app, "chair@council.example")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_signing_in_and_the_wrong_password(app, make_user):
    make_user("manager")
    client = app.test_client()
    wrong = sign_in(client, "manager@council.example", "not the password at all")
    assert wrong.status_code == 200
    assert "Enter a correct email address and password" in wrong.get_data(as_text=True)
    unknown = sign_in(client, "nobody@council.example", "not the password at all")
    assert "Enter a correct email address and password" in unknown.get_data(as_text=True)
    right = sign_in(client, "MANAGER@council.example ")
    assert right.status_code == 302 and right.headers["Location"] == "/staff/"


def test_signing_in_starts_a_new_session(app, make_user):
    make_user("manager")
    client = app.test_client()
    client.get("/staff/login")
    before = client.get_cookie("session").value
    sign_in(client, "manager@council.example")
    after = client.get_cookie("session").value
    assert before != after
    with client.session_transaction() as session:
        assert session.permanent  # expires after inactivity


def test_only_local_next_pages_are_followed(app, make_user):
    make_user("admin")
    response = sign_in(app.test_client(), "admin@council.example", next_path="/staff/users")
    assert response.headers["Location"] == "/staff/users"
    for hostile in ("https://evil.example/", "//evil.example/staff/", "/staff/\\evil.example"):
        response = sign_in(app.test_client(), "admin@council.example", next_path=hostile)
        assert response.headers["Location"] == "/staff/", hostile


def test_an_admin_creates_resets_and_disables_accounts(app, signed_in):
    admin = signed_in("admin")
    token = csrf_token(admin, "/staff/users/new")
    bad = admin.post("/staff/users/new", data={"csrf_token": token, "email": "not-an-email", "role": "chair",
                                               "password": PASSWORD})
    assert "Enter an email address in the correct format" in bad.get_data(as_text=True)
    made = admin.post("/staff/users/new", data={"csrf_token": token, "email": "Chair.Two@Council.example",
                                                "role": "chair", "password": PASSWORD})
    assert made.status_code == 302
    chair = _user(app, "chair.two@council.example")
    assert chair.role == "chair"

    chair_client = app.test_client()
    assert sign_in(chair_client, "chair.two@council.example").status_code == 302
    edit_url = f"/staff/users/{chair.id}"
    token = csrf_token(admin, edit_url)
    admin.post(edit_url, data={"csrf_token": token, "action": "reset", "reset-password": "a brand new passphrase"})
    assert chair_client.get("/staff/").status_code == 302  # the reset ended their session
    assert sign_in(chair_client, "chair.two@council.example", "a brand new passphrase").status_code == 302

    admin.post(edit_url, data={"csrf_token": token, "action": "update", "role": "chair"})  # no "active": disable
    assert _user(app, "chair.two@council.example").active is False
    assert chair_client.get("/staff/").status_code == 302
    assert sign_in(app.test_client(), "chair.two@council.example", "a brand new passphrase").status_code == 200

    actions = [(action, detail) for _, action, detail in _audit(app)]
    assert ("user created", "chair.two@council.example as chair") in actions
    assert ("password reset", "chair.two@council.example") in actions
    assert ("user changed", "chair.two@council.example: disabled") in actions
    assert "Audit log" in admin.get("/staff/audit").get_data(as_text=True)


def test_an_admin_cannot_disable_themselves(app, signed_in):
    admin = signed_in("admin")
    me = _user(app, "admin@council.example")
    url = f"/staff/users/{me.id}"
    response = admin.post(url, data={"csrf_token": csrf_token(admin, url), "action": "update", "role": "admin"})
    assert "You cannot change your own role or disable your own account" in response.get_data(as_text=True)
    assert _user(app, "admin@council.example").active


def test_users_create_on_the_command_line(app, runner):
    result = runner.invoke(args=["users", "create", "cpo@council.example", "--role", "complaints_officer",
                                 "--password-stdin"], input="a long enough passphrase\n")
    assert result.exit_code == 0, result.output
    assert _user(app, "cpo@council.example").role == "complaints_officer"
    weak = runner.invoke(args=["users", "create", "x@council.example", "--role", "chair", "--password-stdin"],
                         input="short\n")
    assert weak.exit_code == 1 and "12 characters or more" in weak.output
    again = runner.invoke(args=["users", "create", "cpo@council.example", "--role", "chair", "--password-stdin"],
                          input="a long enough passphrase\n")
    assert again.exit_code == 1 and "already an account" in again.output
    bad_role = runner.invoke(args=["users", "create", "y@council.example", "--role", "wizard"])
    assert bad_role.exit_code == 2


def test_the_audit_log_never_holds_response_content(app, signed_in, client):
    from tests.helpers import submit

    submit(client, "/q/cp-conference-parent", {"conference_type": "initial", "comments": "SECRET-WORDS-123"})
    admin = signed_in("admin")
    assert "SECRET-WORDS-123" not in admin.get("/staff/audit").get_data(as_text=True)
    assert all("SECRET-WORDS-123" not in detail for _, _, detail in _audit(app))


def test_sign_in_attempts_are_rate_limited(app, make_user):
    from tests.helpers import another_app

    make_user("manager")
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute") as limited:
        client = limited.test_client()
        statuses = [sign_in(client, "manager@council.example", "wrong guess number one").status_code
                    for _ in range(4)]
        assert statuses == [200, 200, 200, 429]


def test_the_sign_in_limit_speaks_of_signing_in_not_answers(app, make_user):
    from tests.helpers import another_app

    make_user("manager")
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute") as limited:
        client = limited.test_client()
        sign_in(client, "manager@council.example", "wrong guess number one")
        refused = sign_in(client, "manager@council.example", "wrong guess number two")
        page = refused.get_data(as_text=True)
        assert refused.status_code == 429
        assert "Too many tries at signing in" in page and "Too many answers" not in page
