"""Staff change their own password at /staff/account/password: their other sessions end."""

from __future__ import annotations

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.staff.models import AuditEvent
from feedback_app.staff.passwords import TOO_EASY
from tests.feedback_app.staff.conftest import PASSWORD, sign_in
from tests.helpers import csrf_token

URL = "/staff/account/password"
NEW = "violet kettle harbour drum"


def _change(client, current: str, new: str, confirm: str | None = None):
    return client.post(URL, data={"csrf_token": csrf_token(client, URL), "current_password": current,
                                  "new_password": new, "confirm_password": new if confirm is None else confirm})


def test_changing_your_password_ends_your_other_sessions(app, make_user):
    make_user("chair")
    here, elsewhere = app.test_client(), app.test_client()
    for browser in (here, elsewhere):
        assert sign_in(browser, "chair@council.example").status_code == 302
    response = _change(here, PASSWORD, NEW)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert "Your password has been changed" in here.get("/staff/").get_data(as_text=True)  # this session goes on
    assert elsewhere.get("/staff/").status_code == 302  # the other one has ended
    assert sign_in(app.test_client(), "chair@council.example", PASSWORD).status_code == 200
    assert sign_in(app.test_client(), "chair@council.example", NEW).status_code == 302
    with app.app_context():
        events = db.session.execute(select(AuditEvent.actor, AuditEvent.action)).all()
    assert ("chair@council.example", "password changed") in events


def test_a_wrong_or_weak_password_changes_nothing(app, signed_in):
    client = signed_in("manager")
    cases = [
        (("not my password", NEW), "Your current password is wrong"),
        ((PASSWORD, NEW, "violet kettle harbour"), "The new passwords do not match"),
        ((PASSWORD, "council12345"), TOO_EASY),
        ((PASSWORD, "short"), "Password must be 12 characters or more"),
        ((PASSWORD, PASSWORD), "different from your current one"),
        (("", ""), "Enter your current password"),
    ]
    for arguments, message in cases:
        response = _change(client, *arguments)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and message in html, message
        assert "There is a problem" in html and 'class="govuk-error-message"' in html
    assert sign_in(app.test_client(), "manager@council.example", PASSWORD).status_code == 302


def test_everyone_signed_in_can_reach_it_from_the_home_page(app, signed_in):
    for role in ("chair", "complaints_officer"):
        client = signed_in(role)
        assert URL in client.get("/staff/").get_data(as_text=True)
        assert client.get(URL).status_code == 200
    assert app.test_client().get(URL).status_code == 302  # not signed in
