from __future__ import annotations

import pytest

from feedback_app.staff.accounts import create_user
from tests.helpers import csrf_token

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
