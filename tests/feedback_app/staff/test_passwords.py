"""The password policy: 12 characters or more, and hard to guess for someone who knows
the person's email address and the council's name (zxcvbn, score 3 or more)."""

from __future__ import annotations

import pytest

from feedback_app.staff.passwords import TOO_EASY, password_problem
from tests.feedback_app.staff.conftest import PASSWORD, sign_in
from tests.helpers import csrf_token

COUNCIL = "Coventry City Council"


@pytest.mark.parametrize(("password", "email", "problem"), [
    ("short", "jo.bloggs@council.example", "12 characters or more"),
    ("x" * 201, "jo.bloggs@council.example", "200 characters or fewer"),
    ("jo.bloggs-is-my-name", "jo.bloggs@council.example", "must not contain your email"),
    ("aaaaaaaaaaaaaaaa", "jo.bloggs@council.example", TOO_EASY),
    ("password1234", "jo.bloggs@council.example", TOO_EASY),
    # Built from the email address: the example, and the domain's words in another order.
    ("examplegovuk1", "weak@example.gov.uk", TOO_EASY),
    ("Gov.Uk.Example.2026", "weak@example.gov.uk", TOO_EASY),
    # Built from the council's name.
    ("Coventry City Council 1", "jo@council.example", TOO_EASY),
    ("coventrycitycouncil!", "jo@council.example", TOO_EASY),
    # Common choices that pass a length rule (zxcvbn's lists).
    ("iloveyou1234", "jo@council.example", TOO_EASY),
    ("qwertyuiop123", "jo@council.example", TOO_EASY),
])
def test_weak_passwords_are_refused_with_a_reason(password, email, problem):
    assert problem in (password_problem(password, email, COUNCIL) or "no problem found")


@pytest.mark.parametrize("password", [PASSWORD, "purple tractor umbrella", "coventry purple tractor umbrella"])
def test_three_random_words_pass(password):
    assert password_problem(password, "weak@example.gov.uk", COUNCIL) is None


def test_an_admin_cannot_give_an_account_a_password_built_from_its_email(app, make_user):
    make_user("admin")
    admin = app.test_client()
    assert sign_in(admin, "admin@council.example").status_code == 302
    token = csrf_token(admin, "/staff/users/new")
    response = admin.post("/staff/users/new", data={"csrf_token": token, "email": "weak@example.gov.uk",
                                                    "role": "chair", "password": "examplegovuk1"})
    assert response.status_code == 200
    assert TOO_EASY in response.get_data(as_text=True)
    assert sign_in(app.test_client(), "weak@example.gov.uk", "examplegovuk1").status_code == 200


def test_the_councils_name_comes_from_the_deployment(app, runner):
    name = app.config["DEPLOYMENT"]["authority"]["name"]
    result = runner.invoke(args=["users", "create", "x@council.example", "--role", "chair", "--password-stdin"],
                           input=f"{name} 2026!\n")
    assert result.exit_code == 1 and TOO_EASY in result.output
