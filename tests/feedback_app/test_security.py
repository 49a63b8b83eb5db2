"""Security headers, the Content-Security-Policy, request limits, the honeypot and rate limiting."""

from __future__ import annotations

import re

from feedback_app import create_app
from feedback_app.extensions import db, limiter
from feedback_app.security import script_hash
from tests.conftest import TEST_SETTINGS
from tests.helpers import count_rows, csrf_token, submit

PAGES = ["/", "/privacy", "/q/cp-conference-parent", "/q/lac-review-child/young", "/q/lac-review-child/paged",
         "/q/lac-review-child/thank-you", "/no-such-page"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def test_every_page_has_the_security_headers(client):
    for url in PAGES:
        headers = client.get(url).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"], url
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"


def test_every_inline_script_is_allowed_by_its_hash_and_no_other_is(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    for url in PAGES:
        scripts = INLINE_SCRIPT.findall(client.get(url).get_data(as_text=True))
        assert scripts, url
        for script in scripts:
            assert script_hash(script) in script_src, (url, script)


def test_no_page_refers_to_another_site(client):
    for url in PAGES:
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href|action)="(https?:)?//', page), url


def test_inline_styles_are_not_used_because_the_policy_forbids_them(client):
    for url in PAGES:
        page = client.get(url).get_data(as_text=True)
        assert "<style" not in page and " style=" not in page, url


def test_a_filled_in_honeypot_looks_accepted_but_stores_nothing(app, client):
    response = submit(client, "/q/lac-review-child/young", {"happy_with_iro": "yes", "website": "http://spam.example"})
    assert response.status_code == 303
    assert count_rows(app)["responses"] == 0


def test_a_request_larger_than_the_limit_is_refused_kindly(app, client):
    token = csrf_token(client, "/q/cp-conference-parent")
    response = client.post("/q/cp-conference-parent", data={"csrf_token": token, "comments": "x" * 300_000})
    assert response.status_code == 413
    assert "too much to send" in response.get_data(as_text=True)
    assert count_rows(app)["responses"] == 0


def test_submissions_are_rate_limited_per_client(app):
    limited = create_app({**TEST_SETTINGS, "RATELIMIT_ENABLED": True, "RATELIMIT_SUBMIT": "2 per minute",
                          "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    try:
        client = limited.test_client()
        statuses = [submit(client, "/q/lac-review-child/young", {"comments": "hello"}).status_code for _ in range(3)]
        assert statuses == [303, 303, 429]
        assert "Too many answers from one place" in client.post("/q/lac-review-child/young").get_data(as_text=True)
        other = limited.test_client()  # another address is not held up
        assert submit(other, "/q/lac-review-child/young", {"comments": "hi"},
                      environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code == 303
        assert client.get("/q/lac-review-child/young").status_code == 200  # reading is not limited like sending
        assert count_rows(app)["responses"] == 3
    finally:
        with limited.app_context():
            db.engine.dispose()
        # Flask-Limiter keeps its settings on the one Limiter object: give them back to the test app.
        limiter.init_app(app)
