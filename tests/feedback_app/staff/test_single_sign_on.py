"""Single sign-on end to end against a real OpenID Connect provider on loopback
(tests/oidc_provider/provider.py, its own process, RS256 tokens, discovery and JWKS):
the app's Authlib client talks to it over HTTP; nothing is mocked."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from feedback_app import privacy
from feedback_app.extensions import db
from feedback_app.staff.accounts import create_user, update_user
from feedback_app.staff.models import AuditEvent, StaffUser
from tests.feedback_app.staff.conftest import PASSWORD, sign_in
from tests.helpers import another_app, csrf_token
from tests.oidc_provider import running_provider

BASE = "http://localhost"
CALLBACK = f"{BASE}/staff/sso/callback"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("oidc"), [CALLBACK]) as running:
        yield running


@pytest.fixture
def sso_app(app, provider):
    """An app with single sign-on on the session's migrated database (``app`` empties it afterwards)."""
    with another_app(app, PUBLIC_BASE_URL=BASE, **provider.settings()) as made:
        made.config["DEPLOYMENT"] = copy.deepcopy(made.config["DEPLOYMENT"])  # tests change it
        yield made


def account(app, email: str, role: str = "chair", **changes) -> int:
    with app.app_context():
        user = create_user(email, role, PASSWORD)
        for name, value in changes.items():
            setattr(user, name, value)
        db.session.commit()
        return user.id


def start(client) -> str:
    reply = client.get("/staff/sso/start")
    assert reply.status_code == 302
    return reply.location


def journey(client, provider, login: str, misbehave: str = ""):
    """Press the button, sign in at the provider, come back: the app's answer to the callback."""
    back = provider.sign_in(start(client), login, misbehave)
    assert back.startswith(CALLBACK)
    return client.get(back[len(BASE):])


def signed_in_as(client) -> str | None:
    reply = client.get("/staff/")
    if reply.status_code != 200:
        return None
    return re.search(r"Signed in as ([^<]+)</p>", reply.text).group(1)


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def user(app, user_id: int) -> StaffUser:
    with app.app_context():
        found = db.session.get(StaffUser, user_id)
        db.session.expunge(found)
        return found


def heading(reply) -> str:
    return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", reply.text, re.S).group(1)


def test_the_authorisation_request_uses_pkce_state_and_nonce(sso_app, provider):
    url = start(sso_app.test_client())
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{provider.issuer}/authorize?")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    assert query["redirect_uri"] == [CALLBACK] and "openid" in query["scope"][0].split()


def test_sign_in_links_a_verified_email_then_matches_by_subject(sso_app, provider):
    user_id = account(sso_app, "manager@council.example")
    client = sso_app.test_client()
    reply = journey(client, provider, "manager")
    assert reply.status_code == 302 and reply.location == "/staff/"
    assert signed_in_as(client) == "manager@council.example"
    linked = user(sso_app, user_id)
    assert linked.oidc_subject == "sub-manager-0001" and linked.last_sign_in_on == privacy.today()
    assert actions(sso_app)[-2:] == ["account linked to single sign-on", "signed in via single sign-on"]
    # The email changes in the app: the next sign-in still finds the account, by its subject.
    with sso_app.app_context():
        db.session.get(StaffUser, user_id).email = "renamed@council.example"
        db.session.commit()
    again = sso_app.test_client()
    assert journey(again, provider, "manager").status_code == 302
    assert signed_in_as(again) == "renamed@council.example"


@pytest.mark.parametrize("misbehave", ["nonce", "expired", "other-key", "audience"])
def test_a_bad_id_token_signs_nobody_in(sso_app, provider, misbehave):
    account(sso_app, "manager@council.example")
    client = sso_app.test_client()
    reply = journey(client, provider, "manager", misbehave)
    assert reply.status_code == 403 and heading(reply) == "Sign-in did not work"
    assert signed_in_as(client) is None
    assert actions(sso_app)[-1] == "single sign-on refused: bad response"
    with sso_app.app_context():
        assert db.session.scalar(select(StaffUser.oidc_subject)) is None  # nothing linked either


def test_a_callback_with_the_wrong_state_is_refused(sso_app, provider):
    account(sso_app, "manager@council.example")
    client = sso_app.test_client()
    back = provider.sign_in(start(client), "manager")
    forged = back.replace("state=", "state=x")
    reply = client.get(forged[len(BASE):])
    assert reply.status_code == 403 and signed_in_as(client) is None
    assert actions(sso_app)[-1] == "single sign-on refused: bad response"
    # Nor does the real callback work in another browser, which never started a sign-in.
    other = sso_app.test_client()
    assert other.get(back[len(BASE):]).status_code == 403 and signed_in_as(other) is None


def test_someone_the_provider_has_disabled_cannot_get_in(sso_app, provider):
    account(sso_app, "leaver@council.example")
    client = sso_app.test_client()
    reply = journey(client, provider, "leaver")
    assert reply.status_code == 403 and signed_in_as(client) is None
    assert actions(sso_app)[-1] == "single sign-on refused by the provider"


@pytest.mark.parametrize("login", ["stranger", "unverified"])
def test_no_account_no_entry_and_nothing_created(sso_app, provider, login):
    account(sso_app, "chair@council.example")  # the unverified email names this account: not good enough
    client = sso_app.test_client()
    reply = journey(client, provider, login)
    assert reply.status_code == 403 and heading(reply) == "You do not have an account"
    assert "Ask an administrator" in reply.text and signed_in_as(client) is None
    assert actions(sso_app)[-1] == "single sign-on refused: no account"
    with sso_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 1
        assert db.session.scalar(select(StaffUser.oidc_subject)) is None


def test_an_account_disabled_in_the_app_stays_out(sso_app, provider):
    account(sso_app, "manager@council.example", active=False)
    client = sso_app.test_client()
    reply = journey(client, provider, "manager")
    assert reply.status_code == 403 and heading(reply) == "Your account is disabled"
    assert signed_in_as(client) is None and actions(sso_app)[-1] == "single sign-on refused: account disabled"


def test_roles_come_from_mapped_groups(sso_app, provider):
    sso_app.config["DEPLOYMENT"]["sso"]["group_roles"] = {"grp-managers": "manager", "grp-admins": "admin"}
    manager = account(sso_app, "manager@council.example", role="chair")
    admin = account(sso_app, "admin@council.example", role="chair")
    officer = account(sso_app, "officer@council.example", role="complaints_officer")
    assert journey(sso_app.test_client(), provider, "manager").status_code == 302
    assert user(sso_app, manager).role == "manager"
    assert journey(sso_app.test_client(), provider, "admin").status_code == 302
    assert user(sso_app, admin).role == "admin"  # in both groups: the more powerful role
    assert "role set from groups" in actions(sso_app)
    client = sso_app.test_client()
    reply = journey(client, provider, "no-groups")
    assert reply.status_code == 403 and heading(reply) == "Your council account does not give you access"
    assert signed_in_as(client) is None and user(sso_app, officer).role == "complaints_officer"


def test_an_unused_account_is_disabled_at_sign_in(sso_app, provider):
    old = privacy.today() - timedelta(days=91)
    user_id = account(sso_app, "manager@council.example", last_sign_in_on=old)
    reply = journey(sso_app.test_client(), provider, "manager")
    assert reply.status_code == 403 and heading(reply) == "Your account is disabled"
    assert not user(sso_app, user_id).active
    assert "account disabled: unused" in actions(sso_app)


def test_an_unused_account_cannot_sign_in_with_its_password_either(app, client):
    user_id = account(app, "chair@council.example", last_sign_in_on=privacy.today() - timedelta(days=91))
    assert sign_in(client, "chair@council.example").status_code == 200  # the sign-in page again, refused
    assert not user(app, user_id).active and signed_in_as(client) is None
    recent = account(app, "manager@council.example", last_sign_in_on=privacy.today() - timedelta(days=90))
    assert sign_in(app.test_client(), "manager@council.example").status_code == 302
    assert user(app, recent).last_sign_in_on == privacy.today()


def test_an_administrator_can_enable_an_unused_account_again(sso_app, provider):
    admin = account(sso_app, "admin@council.example", role="admin")
    user_id = account(sso_app, "manager@council.example", last_sign_in_on=privacy.today() - timedelta(days=91))
    assert journey(sso_app.test_client(), provider, "manager").status_code == 403  # disabled now
    with sso_app.app_context():
        update_user(db.session.get(StaffUser, user_id), "chair", True, actor=db.session.get(StaffUser, admin))
    client = sso_app.test_client()
    assert journey(client, provider, "manager").status_code == 302
    assert signed_in_as(client) == "manager@council.example"


def test_the_account_page_shows_the_link_and_the_last_sign_in(sso_app, provider):
    admin = account(sso_app, "admin@council.example", role="admin")
    manager = account(sso_app, "manager@council.example")
    client = sso_app.test_client()
    assert journey(client, provider, "admin").status_code == 302
    page = client.get(f"/staff/users/{manager}").text
    assert "Not linked yet" in page and re.search(r"Last signed in\s*</dt>\s*<dd[^>]*>\s*Never", page)
    page = client.get(f"/staff/users/{admin}").text
    today = privacy.today()
    assert "Linked: signs in with their council account" in page and f"{today.day} {today:%B %Y}" in page


def test_disable_unused_command(app, runner):
    today = privacy.today()
    stale = account(app, "old@council.example", last_sign_in_on=today - timedelta(days=120))
    fresh = account(app, "new@council.example", last_sign_in_on=today - timedelta(days=3))
    never = account(app, "never@council.example")  # never signed in: counts from today, when it was created
    result = runner.invoke(args=["users", "disable-unused"])
    assert result.exit_code == 0 and "Disabled 1 account(s)" in result.output and "old@council.example" in result.output
    assert [user(app, i).active for i in (stale, fresh, never)] == [False, True, True]
    assert actions(app)[-1] == "account disabled: unused"


def test_local_passwords_off(sso_app, provider):
    sso_app.config["STAFF_LOCAL_PASSWORDS"] = False
    account(sso_app, "manager@council.example")
    client = sso_app.test_client()
    page = client.get("/staff/login").text
    assert 'name="password"' not in page and 'name="email"' not in page
    assert re.search(r'<a href="/staff/sso/start"[^>]*govuk-button--start', page)
    # A real post with a valid CSRF token (from a public form: the sign-in page no longer has one).
    token = csrf_token(client, "/q/cp-conference-parent")
    reply = client.post("/staff/login", data={"csrf_token": token, "email": "manager@council.example",
                                              "password": PASSWORD})
    assert reply.status_code == 403 and signed_in_as(client) is None
    assert actions(sso_app)[-1] == "password sign-in refused: passwords off"
    assert journey(client, provider, "manager").status_code == 302  # single sign-on still works


def test_no_button_without_single_sign_on(client):
    page = client.get("/staff/login").text
    assert "govuk-button--start" not in page and "/staff/sso/start" not in page and 'name="password"' in page
    assert client.get("/staff/sso/start").status_code == 404
    assert client.get("/staff/sso/callback?code=x&state=y").status_code == 404


@pytest.mark.parametrize("query", ["", "?code=x", "?state=%00&code=%00", "?error=%00%3Cscript%3E&state=x",
                                   "?error=" + "x" * 5000, "?code=a&state=b&code=c&state=d"])
def test_hostile_callbacks_are_refused_plainly(sso_app, provider, query):
    client = sso_app.test_client()
    start(client)  # a sign-in under way in this browser: its state is in the cookie
    reply = client.get("/staff/sso/callback" + query)
    assert reply.status_code == 403 and heading(reply) == "Sign-in did not work"
    assert "xxxxxxxx" not in reply.text and "&lt;script" not in reply.text  # nothing sent is shown back
    assert signed_in_as(client) is None
    with sso_app.app_context():
        assert all("\x00" not in detail for detail in db.session.scalars(select(AuditEvent.detail)))
