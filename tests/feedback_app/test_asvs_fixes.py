"""Small fixes and checks made while mapping the app to OWASP ASVS 4.0.3 level 2
(docs/security/asvs.md); each test is named in that map."""

from __future__ import annotations

import logging

from feedback_app.staff.accounts import create_user
from tests.feedback_app.staff.conftest import sign_in
from tests.helpers import another_app

PRIVACY_DETAILS = {"controller": "Example Council", "contact_email": "ig@council.example",
                   "dpo_name": "Data Protection Officer", "dpo_email": "dpo@council.example"}


def test_a_refused_staff_page_is_logged_with_the_account_not_the_address(app, caplog):
    with app.app_context():
        chair = create_user("chair.asvs@council.example", "chair", "correct horse battery staple")
        chair_id = chair.id
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    assert sign_in(browser, "chair.asvs@council.example").status_code == 302
    with caplog.at_level(logging.WARNING):
        assert browser.get("/staff/users").status_code == 403
    refused = [record.getMessage() for record in caplog.records if "Access refused" in record.getMessage()]
    assert refused == [f"Access refused: staff account {chair_id} (chair) to staff.users"]
    assert not any("198.51.100.23" in record.getMessage() for record in caplog.records)


def test_a_page_that_is_not_there_is_not_logged_as_refused(client, caplog):
    with caplog.at_level(logging.WARNING):
        assert client.get("/staff/no-such-page").status_code in (302, 404)
        assert client.get("/no-such-page").status_code == 404
    assert not any("Access refused" in record.getMessage() for record in caplog.records)


def test_with_secure_cookies_the_cookie_is_secure_and_hsts_is_sent(app):
    # Production does not start without the privacy notice's controller and DPO (test_privacy_notice.py).
    named = {**app.config["DEPLOYMENT"], "privacy": {**app.config["DEPLOYMENT"]["privacy"], **PRIVACY_DETAILS}}
    with another_app(app, SESSION_COOKIE_SECURE=True, DEPLOYMENT=named) as server:
        browser = server.test_client()
        response = browser.get("/staff/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("session=") for cookie in cookies)
    # Flask-Login also sends a header deleting a "remember me" cookie it never set (no value,
    # expired in 1970: nothing to protect); every cookie with a value must carry the flags.
    for cookie in (cookie for cookie in cookies if "Max-Age=0" not in cookie):
        assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def test_no_page_allows_another_origin_to_read_it(client):
    for url in ("/", "/privacy", "/staff/login", "/healthz", "/.well-known/security.txt"):
        response = client.get(url, headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in response.headers, url
        options = client.options(url, headers={"Origin": "https://evil.example",
                                               "Access-Control-Request-Method": "POST"})
        assert "Access-Control-Allow-Origin" not in options.headers, url


def test_every_text_response_names_its_character_set(client):
    for url in ("/", "/privacy", "/q/cp-conference-parent", "/staff/login", "/healthz", "/no-such-page",
                "/static/app.css"):
        with client.get(url) as response:
            content_type = response.headers["Content-Type"]
        assert content_type.startswith(("text/", "application/javascript")), (url, content_type)
        assert "charset=utf-8" in content_type.lower(), (url, content_type)


def test_no_code_evaluates_unpickles_or_shells_out_what_it_is_given():
    """ASVS 5.2.4, 5.2.5, 5.5.3, 12.3.5: no eval/exec, pickle, marshal, unsafe YAML or shell in the
    app's own code (the command line's subprocess calls, if any, are in scripts/, not here)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    banned_calls = {"eval", "exec", "compile", "__import__"}
    banned_modules = {"pickle", "marshal", "shelve", "dill", "subprocess"}
    found = []
    for package in ("feedback_app", "forms", "analysis"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in banned_calls:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.func.id}()")
                names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                found += [f"{path.relative_to(root)}:{node.lineno} import {name}" for name in names
                          if name.split(".")[0] in banned_modules]
                if (isinstance(node, ast.Attribute) and node.attr in ("load", "load_all")
                        and isinstance(node.value, ast.Name) and node.value.id == "yaml"):
                    found.append(f"{path.relative_to(root)}:{node.lineno} yaml.{node.attr}")
    allowed_yaml = {"forms/yaml_loader.py"}  # yaml.load with DefinitionLoader, a SafeLoader subclass
    found = [item for item in found if not (item.split(":")[0] in allowed_yaml and "yaml.load" in item)]
    assert not found, found


def test_no_folder_is_listed(client):
    for url in ("/static/", "/static/govuk/", "/static/pictures/", "/.well-known/", "/staff/../static/"):
        with client.get(url) as response:
            assert response.status_code == 404, (url, response.status_code)
            page = response.get_data(as_text=True)
        assert "Page not found" in page and "Index of" not in page, url


def test_the_apps_own_script_keeps_nothing_in_the_browser():
    """ASVS 8.2.2: no answers or tokens in localStorage, sessionStorage, IndexedDB or cookies set by script."""
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "feedback_app" / "static" / "app.js").read_text()
    for storage in ("localStorage", "sessionStorage", "indexedDB", "document.cookie"):
        assert storage not in script, storage


def test_a_password_of_any_unicode_signs_in_whole(app):
    """ASVS 2.1.3 and 2.1.4: spaces, accents and emoji are allowed, and every character counts."""
    password = "Cwtch 🐘 rhubarb — lantern ñandú"
    with app.app_context():
        create_user("unicode.asvs@council.example", "chair", password)
    assert sign_in(app.test_client(), "unicode.asvs@council.example", password).status_code == 302
    refused = sign_in(app.test_client(), "unicode.asvs@council.example", password[:-1])
    assert refused.status_code == 200


def test_the_sign_in_form_lets_a_password_manager_fill_it(client):
    """ASVS 2.1.11: autocomplete hints for password managers, and nothing that blocks pasting."""
    page = client.get("/staff/login").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page and 'autocomplete="username"' in page
    assert "onpaste" not in page.lower() and 'autocomplete="off"' not in page


def test_the_app_never_runs_in_debug_mode(app):
    """ASVS 14.3.2: no debugger or tracebacks in pages, whatever starts it."""
    from pathlib import Path

    assert app.debug is False
    root = Path(__file__).resolve().parents[2]
    for launcher in ("run.sh", "bench/gunicorn.conf.py", "docs/deployment.md"):
        assert "--debug" not in (root / launcher).read_text(), launcher
        assert "FLASK_DEBUG=1" not in (root / launcher).read_text(), launcher
