from __future__ import annotations

import re
import time

import pyotp
import pytest

from feedback_app.staff.accounts import create_user
from tests.helpers import CSRF, csrf_token

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fresh_sign_in_counters(app):
    """Wrong-password counters live in the limiter's storage, which outlives one test: start each test clean."""
    yield
    app.extensions["sign_in_counters"].reset()


@pytest.fixture
def make_user(app):
    def make(role: str, email: str | None = None, password: str = PASSWORD):
        with app.app_context():
            user = create_user(email or f"{role}@council.example", role, password)
            return user.id

    return make


def sign_in(client, email: str, password: str = PASSWORD, next_path: str | None = None):
    url = "/staff/login" + (f"?next={next_path}" if next_path else "")
    return client.post(url, data={"csrf_token": csrf_token(client, "/staff/login"), "email": email,
                                  "password": password})


def client_from(app, address: str):
    """A browser at another address (the sign-in slow-down counts per address)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def signed_in(app, make_user):
    """A client signed in with the given role."""
    def client_for(role: str):
        make_user(role)
        client = app.test_client()
        assert sign_in(client, f"{role}@council.example").status_code == 302
        return client

    return client_for


KEY = re.compile(r'<code class="app-key" id="key">([A-Z2-7 ]+)</code>')


def code_for(app, email: str, steps_ahead: int = 0) -> str:
    """The code the person's authenticator app shows now (or ``steps_ahead`` 30-second steps later)."""
    from feedback_app.staff import two_factor
    from feedback_app.staff.accounts import find_by_email

    with app.app_context():
        totp = pyotp.TOTP(two_factor.secret_of(find_by_email(email)))
        return totp.at(time.time() + 30 * steps_ahead)


def set_up_two_factor(client) -> tuple[str, object]:
    """On the set-up page after the password step: read the key as a person would, type its code.
    The key, and the response (the page of recovery codes)."""
    page = client.get("/staff/two-factor/set-up")
    key = KEY.search(page.get_data(as_text=True)).group(1).replace(" ", "")
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    return key, client.post("/staff/two-factor/set-up", data={"csrf_token": token, "code": pyotp.TOTP(key).now()})


def sign_in_fully(app, client, email: str, password: str = PASSWORD):
    """Sign in whether or not two-factor is on: set it up at the first sign-in, type a code after."""
    response = sign_in(client, email, password)
    location = response.headers.get("Location", "")
    if location.endswith("/staff/two-factor/set-up"):
        _, response = set_up_two_factor(client)
        assert response.status_code == 200
    elif location.endswith("/staff/two-factor"):
        response = client.post("/staff/two-factor", data={"csrf_token": csrf_token(client, "/staff/two-factor"),
                                                          "code": code_for(app, email)})
        assert response.status_code == 302
    return response
