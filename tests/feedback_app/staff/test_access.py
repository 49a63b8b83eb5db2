"""Every staff route, from the app's own route map, as anonymous and as each role."""

from __future__ import annotations

import pytest

from feedback_app.staff.access import PUBLIC, ROLES, ROUTE_ROLES, SECOND_STEP, allowed
from tests.feedback_app.staff.conftest import sign_in_fully
from tests.helpers import csrf_token

#: Open to everyone, but without OIDC_ISSUER (as here) single sign-on is not set up: 404, saying so.
#: tests/feedback_app/staff/test_single_sign_on.py walks them with a real provider.
NOT_SET_UP = {"staff.sso_start", "staff.sso_callback"}
#: Staff routes that only take POST, tested with a real form post below.
POST_ONLY = {"staff.logout", "staff.unlock_user", "staff.reset_two_factor", "staff.add_complaint_note",
             "staff.mark_read",
             # The questionnaire builder's buttons (tests/feedback_app/builder/test_builder_pages.py).
             "staff.start_draft", "staff.move_question", "staff.remove_question", "staff.discard_draft"}


def _staff_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff.")]


#: Example values for URL parts that are not an id (a questionnaire and its variant).
EXAMPLE_ARGUMENTS = {"slug": "cp-conference-parent", "variant": "standard", "year": 2011, "fmt": "json"}


def _example_url(rule, user_id: int) -> str:
    return rule.build({name: EXAMPLE_ARGUMENTS.get(name, user_id) for name in rule.arguments})[1]


def test_every_staff_route_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in _staff_rules(app)}
    assert endpoints - PUBLIC - SECOND_STEP == set(ROUTE_ROLES), "add the route to feedback_app/staff/access.py"
    post_only = {rule.endpoint for rule in _staff_rules(app) if "GET" not in rule.methods}
    assert post_only == POST_ONLY


@pytest.mark.parametrize("two_factor", [False, True], ids=["password", "two-factor"])
@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_exactly_its_pages(app, make_user, role, two_factor, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_TWO_FACTOR", two_factor)
    user_id = make_user("admin", "someone@council.example")
    _answers_in_a_month_that_is_over(app)
    client = app.test_client()
    if role:
        make_user(role, f"{role}.tester@council.example")
        assert sign_in_fully(app, client, f"{role}.tester@council.example").status_code in {200, 302}
    for rule in _staff_rules(app):
        if rule.endpoint in POST_ONLY:
            continue
        url = _example_url(rule, user_id)
        response = client.get(url)
        if rule.endpoint in PUBLIC:
            assert response.status_code == (404 if rule.endpoint in NOT_SET_UP else 200), url
        elif rule.endpoint in SECOND_STEP:  # only just after a right password: signed in or not, not now
            assert response.status_code == 302 and response.headers["Location"] == "/staff/login", url
        elif role is None:
            assert response.status_code == 302 and "/staff/login" in response.headers["Location"], url
        elif allowed(rule.endpoint, role):
            # A page of some other record gets a made-up id here: its 404 shows the role got past the check.
            expected = {200} if set(rule.arguments) <= {"user_id"} else {200, 404}
            assert response.status_code in expected, (url, role)
        else:
            assert response.status_code == 403, (url, role)
            assert "You cannot see this page" in response.get_data(as_text=True)


def _answers_in_a_month_that_is_over(app) -> None:
    """Five answers in the satisfaction summary's default period: it has a file to send
    (with fewer it shows only how many there are, and its download sends no file)."""
    from analysis.periods import default_released_period
    from feedback_app.privacy import today
    from feedback_app.responses import store_response

    with app.app_context():
        for _ in range(5):
            store_response(app.extensions["questionnaires"]["cp-conference-parent"], "standard", {},
                           submitted_on=default_released_period(today()).start)


def test_signing_out_needs_a_form_post_with_its_token(app, signed_in):
    client = signed_in("manager")
    assert client.post("/staff/logout").status_code == 400  # no CSRF token
    assert client.get("/staff/").status_code == 200
    token = csrf_token(client, "/staff/")
    response = client.post("/staff/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302  # signed out


def test_an_unknown_staff_endpoint_is_refused_to_everyone():
    for role in ROLES:
        assert not allowed("staff.something_new", role)
    assert not allowed("staff.home", None)
