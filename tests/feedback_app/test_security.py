"""Security headers, the Content-Security-Policy, request limits, the honeypot and rate limiting."""

from __future__ import annotations

import re

import pytest

from feedback_app.extensions import db
from feedback_app.security import script_hash
from tests.helpers import another_app, count_rows, csrf_token, submit

PAGES = ["/", "/privacy", "/privacy/children", "/q/cp-conference-parent", "/q/lac-review-child/young",
         "/q/lac-review-child/paged", "/q/lac-review-child/thank-you", "/no-such-page"]
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
    with another_app(app, RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="2 per minute") as limited:
        client = limited.test_client()
        statuses = [submit(client, "/q/lac-review-child/young", {"comments": "hello"}).status_code for _ in range(3)]
        assert statuses == [303, 303, 429]
        assert "Too many answers from one place" in client.post("/q/lac-review-child/young").get_data(as_text=True)
        other = limited.test_client()  # another address is not held up
        assert submit(other, "/q/lac-review-child/young", {"comments": "hi"},
                      environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code == 303
        assert client.get("/q/lac-review-child/young").status_code == 200  # reading is not limited like sending
        assert count_rows(app)["responses"] == 3


# --- Every page from the route map, public and staff, and the error pages -----------------------------------

#: Example values for URL parts; record ids are filled in from records the test makes.
EXAMPLE_ARGUMENTS = {"slug": "cp-conference-parent", "variant": "standard", "year": 2011, "fmt": "csv",
                     "code": "ABCD-EFGH", "filename": "app.css", "question_id": "comments", "language": "pl"}
DOWNLOAD_FORMATS = ("csv", "xlsx", "json", "pdf")


def _records(app, client) -> dict:
    """A have-your-say complaint with a disclosure (a register entry and a safeguarding flag), and an admin."""
    from feedback_app.complaints.models import Representation
    from feedback_app.concerns.models import SafeguardingFlag
    from feedback_app.reading.models import ReadingEntry
    from feedback_app.staff.accounts import create_user

    assert submit(client, "/q/have-your-say", {"kind": "complaint", "what_happened": "my dad hits me",
                                               "contact": "01632 960000"}).status_code == 303
    with app.app_context():
        user = create_user("admin@council.example", "admin", "correct horse battery staple")
        return {"rep_id": db.session.scalar(db.select(Representation.id)),
                "flag_id": db.session.scalar(db.select(SafeguardingFlag.id)), "user_id": user.id,
                "entry_id": db.session.scalar(db.select(ReadingEntry.id))}


def _get_urls(app, ids: dict) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {**EXAMPLE_ARGUMENTS, **ids}
        if "fmt" in rule.arguments:
            urls += [rule.build({**values, "fmt": fmt}, append_unknown=False)[1] for fmt in DOWNLOAD_FORMATS]
        else:
            urls.append(rule.build(values, append_unknown=False)[1])
    return urls


def _assert_headers(response, url: str):
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy, url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("X-Frame-Options") == "DENY", url
    assert headers.get("Referrer-Policy") == "no-referrer", url
    assert "camera=()" in headers.get("Permissions-Policy", ""), url
    if not url.startswith("/static/") or response.mimetype == "text/html":
        # Pages, staff downloads (reports, invitation codes, paper forms), error pages: never kept by a cache.
        assert "no-store" in headers.get("Cache-Control", ""), (url, response.status_code, response.mimetype)


REPORT_DOWNLOAD = re.compile(r"^/staff/reports/.+/download/")


def test_every_get_route_and_error_page_has_the_security_headers(app, client):
    from tests.feedback_app.staff.conftest import sign_in

    ids = _records(app, client)
    admin = app.test_client()
    assert sign_in(admin, "admin@council.example").status_code == 302
    checked = set()
    for url in _get_urls(app, ids):
        for who in (client, admin):
            with who.get(url) as response:  # closed: a static file is sent from an open file
                assert response.status_code < 500, (url, response.status_code)
                _assert_headers(response, url)
            checked.add((url, response.status_code))
    statuses = {status for _, status in checked}
    assert {200, 302, 404} <= statuses, statuses  # pages, the sign-in redirect, an unknown code
    assert ("/static/app.css", 200) in checked  # a real static file: nosniff, and cacheable

    errors = {
        404: client.get("/no-such-page"),
        405: client.put("/"),
        400: client.post("/c", data={"code": "ABCD-EFGH"}),  # no CSRF token
        413: client.post("/q/cp-conference-parent", data={"comments": "x" * 300_000}),
    }
    for status, response in errors.items():
        assert response.status_code == status, (status, response.status_code)
        _assert_headers(response, f"error {status}")
    staff_errors = {403: signed_out_or(app, "chair", "/staff/users"), 400: admin.post("/staff/logout")}
    for status, response in staff_errors.items():
        assert response.status_code == status, (status, response.status_code)
        _assert_headers(response, f"/staff error {status}")


def signed_out_or(app, role: str, url: str):
    """``url`` fetched by a user of ``role``."""
    from feedback_app.staff.accounts import create_user
    from tests.feedback_app.staff.conftest import sign_in

    with app.app_context():
        create_user(f"{role}.headers@council.example", role, "correct horse battery staple")
    other = app.test_client()
    assert sign_in(other, f"{role}.headers@council.example").status_code == 302
    return other.get(url)


def test_report_downloads_are_not_kept_by_a_cache(app, client):
    from analysis.periods import default_released_period
    from feedback_app.privacy import today
    from feedback_app.responses import store_response
    from tests.feedback_app.staff.conftest import sign_in

    ids = _records(app, client)
    with app.app_context():  # five answers in a month that is over: the default summary has a file to send
        for _ in range(5):
            store_response(app.extensions["questionnaires"]["cp-conference-parent"], "standard", {},
                           submitted_on=default_released_period(today()).start)
    admin = app.test_client()
    assert sign_in(admin, "admin@council.example").status_code == 302
    downloads = [url for url in _get_urls(app, ids) if REPORT_DOWNLOAD.match(url)]
    assert len(downloads) >= 2 * len(DOWNLOAD_FORMATS)
    for url in downloads:
        response = admin.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), (url, response.mimetype)


@pytest.mark.parametrize("url", ["/q/have-your-say/child", "/q/have-your-say/child/paged", "/c", "/staff/login"])
@pytest.mark.parametrize("body", [b"0", b"[1]", b'{"kind": "complaint"}', b"not json"])
def test_a_json_body_is_refused_kindly_and_stores_nothing(app, client, url, body):
    """Found by the fuzz test: Flask-WTF read JSON bodies as form data and a non-object one gave a 500."""
    response = client.post(url, data=body, content_type="application/json")
    assert response.status_code in (400, 415)  # staff forms: CSRF protection answers first
    assert "Sorry, there is a problem with what was sent" in response.get_data(as_text=True)
    assert count_rows(app)["responses"] == 0


@pytest.mark.parametrize("token", [None, "", "not-a-token", "IjAwMDAi.aaaa.bbbb"])
def test_plainly_valid_answers_with_a_missing_or_wrong_token_store_nothing_and_ask_again(app, client, token):
    """The quick path for plainly valid answers (forms/quick_check.py) checks the CSRF token
    exactly like the form; a bad one goes to the form, which says the page expired."""
    csrf_token(client, "/q/lac-review-child/young")  # the session has a token, the post brings another
    data = {"happy_with_iro": "yes", "website": ""}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/q/lac-review-child/young", data=data)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.get_data(as_text=True)
    assert count_rows(app)["responses"] == 0
    assert submit(client, "/q/lac-review-child/young", {"happy_with_iro": "yes"}).status_code == 303  # its own token
    assert count_rows(app)["responses"] == 1


def test_a_header_a_view_sets_itself_is_kept_once_and_the_others_are_added():
    from flask import Flask, Response

    from feedback_app.security import HEADERS, add_security_headers

    app = Flask(__name__)
    with app.test_request_context("/somewhere"):
        own = Response("x", headers={"x-frame-options": "SAMEORIGIN", "Cache-Control": "private, max-age=60"})
        headers = add_security_headers(own).headers
        assert headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
        assert headers.getlist("Cache-Control") == ["private, max-age=60"]
        for name, value in HEADERS.items():
            if name != "X-Frame-Options":
                assert headers.getlist(name) == [value], name
        plain = add_security_headers(Response("x")).headers
        assert plain.getlist("Cache-Control") == ["no-store"]
        assert plain.getlist("X-Frame-Options") == ["DENY"]
