"""The whole single sign-on journey in Chromium: the app's sign-in page, the button, the
test OpenID Connect provider's page (its own process on loopback), back to the staff
home page, signed in; and the page for someone with no account. axe on the app's pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from feedback_app.staff.accounts import create_user
from tests.browser.conftest import LIVE_HOST, Pages, check_page
from tests.helpers import another_app
from tests.oidc_provider import running_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def sso_site(app, tmp_path) -> Iterator[tuple[str, object]]:
    """The app with single sign-on on its own live server. The server's port comes first (the
    provider must know the address it sends people back to), the app once the provider runs."""
    holder = {}
    server = make_server(LIVE_HOST, 0, lambda environ, start: holder["app"](environ, start), threaded=True)
    base = f"http://{LIVE_HOST}:{server.server_port}"
    with running_provider(tmp_path, [f"{base}/staff/sso/callback"]) as provider, \
            another_app(app, PUBLIC_BASE_URL=base, **provider.settings()) as sso_app:
        holder["app"] = sso_app
        with sso_app.app_context():
            create_user("manager@council.example", "manager", "correct horse battery staple")
            create_user("admin@council.example", "admin", "correct horse battery staple")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield base, sso_app
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def sso_pages(browser, sso_site) -> Iterator[Pages]:
    opened = Pages(browser, sso_site[0])
    yield opened
    problems = opened.close()
    assert not problems, "Problems in the browser:\n" + "\n".join(problems)


def test_sign_in_through_the_council_provider(sso_pages, artifacts):
    page = sso_pages.new_page()
    page.goto("/staff/login")
    check_page(page, "sign in with single sign-on offered")
    page.screenshot(path=str(artifacts / "sso-login.png"), full_page=True)
    page.get_by_role("button", name="Sign in with your council account").click()
    page.wait_for_url("**/authorize?**")  # the provider's own page: not the app's, so not axe-checked here
    page.get_by_label("manager").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/staff/")
    assert "Signed in as manager@council.example" in page.inner_text("body")
    check_page(page, "staff home after single sign-on")


def test_no_account_page(sso_pages, artifacts):
    page = sso_pages.new_page()
    sso_pages.expect_error(page, "403")
    page.goto("/staff/login")
    page.get_by_role("button", name="Sign in with your council account").click()
    page.get_by_label("stranger").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/staff/sso/callback?**")
    assert page.get_by_role("heading", level=1).inner_text() == "You do not have an account"
    check_page(page, "no account")
    page.screenshot(path=str(artifacts / "sso-no-account.png"), full_page=True)


def test_sign_in_page_without_local_passwords(sso_site, sso_pages, artifacts):
    sso_site[1].config["STAFF_LOCAL_PASSWORDS"] = False
    page = sso_pages.new_page()
    page.goto("/staff/login")
    assert page.locator("input[type=password]").count() == 0
    check_page(page, "sign in, passwords off")
    page.screenshot(path=str(artifacts / "sso-login-passwords-off.png"), full_page=True)


def test_an_account_page_says_how_its_owner_signs_in(sso_pages, artifacts):
    page = sso_pages.new_page()
    page.goto("/staff/login")
    page.get_by_role("button", name="Sign in with your council account").click()
    page.get_by_label("admin").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/staff/")
    page.goto("/staff/users")
    page.get_by_role("link", name="admin@council.example").click()
    assert "Linked: signs in with their council account" in page.inner_text("main")
    check_page(page, "account page after single sign-on")
    page.screenshot(path=str(artifacts / "sso-account-page.png"), full_page=True)
