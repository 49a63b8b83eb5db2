"""Two-factor sign-in in a real browser: set up from the key shown as text, recovery codes, then a
code at the next sign-in; axe-core on every page and error state; and the same with JavaScript off."""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import Page

from feedback_app.staff.accounts import create_user
from tests.browser.conftest import check_page
from tests.browser.pageflow import STAFF_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def two_factor_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_TWO_FACTOR", True)
    yield
    app.extensions["sign_in_counters"].reset()


def _password_step(page: Page, email: str) -> None:
    page.goto("/staff/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.locator("main form button[type=submit]").click()


def _continue(page: Page) -> None:
    page.locator("main form button.govuk-button").last.click()


def _set_up(page: Page, email: str, artifacts, check: bool) -> str:
    _password_step(page, email)
    page.wait_for_url("**/staff/two-factor/set-up")
    if check:
        check_page(page, "two-factor set-up")
        page.screenshot(path=str(artifacts / "two-factor-set-up.png"), full_page=True)
        _continue(page)
        page.wait_for_selector(".govuk-error-summary")
        check_page(page, "two-factor set-up with no code")
    key = page.locator("#key").inner_text().replace(" ", "")
    assert page.locator("img[src^='data:image/png;base64,']").count() == 1
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(key).now())
    _continue(page)
    page.wait_for_selector("#recovery-codes")
    return key


def test_set_up_and_sign_in_with_a_code(app, page, artifacts):
    email = "two.factor@council.example"
    with app.app_context():
        create_user(email, "manager", STAFF_PASSWORD)
    key = _set_up(page, email, artifacts, check=True)
    check_page(page, "recovery codes")
    assert page.locator("#recovery-codes li").count() == 10
    page.screenshot(path=str(artifacts / "two-factor-recovery-codes.png"), full_page=True)
    page.get_by_role("button", name="Continue to the staff pages").click()
    page.wait_for_url("**/staff/")
    page.locator("form[action$='/staff/logout'] button").click()
    page.wait_for_url("**/staff/login")

    _password_step(page, email)
    page.wait_for_url("**/staff/two-factor")
    check_page(page, "two-factor code")
    page.screenshot(path=str(artifacts / "two-factor-code.png"), full_page=True)
    page.get_by_label("Enter the code from your authenticator app").fill("000000")
    _continue(page)
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "two-factor code wrong")
    page.screenshot(path=str(artifacts / "two-factor-code-wrong.png"), full_page=True)
    # The set-up code's time-step is used up: the next step's code (accepted for a slow clock) signs in.
    page.get_by_label("Enter the code from your authenticator app").fill(pyotp.TOTP(key).at(time.time() + 30))
    _continue(page)
    page.wait_for_url("**/staff/")


def test_two_factor_works_with_javascript_off(app, pages, artifacts):
    page = pages.new_page(java_script_enabled=False)
    email = "no.script@council.example"
    with app.app_context():
        create_user(email, "chair", STAFF_PASSWORD)
    _set_up(page, email, artifacts, check=False)
    page.get_by_role("button", name="Continue to the staff pages").click()
    page.wait_for_url("**/staff/")


def test_an_administrator_resets_two_factor(app, page, monkeypatch, artifacts):
    from feedback_app.staff import two_factor
    from feedback_app.staff.accounts import find_by_email
    from tests.browser.pageflow import sign_in_as

    with app.app_context():
        person = create_user("lost.phone@council.example", "chair", STAFF_PASSWORD)
        secret = two_factor.key_being_set_up(person)
        assert two_factor.confirm(person, pyotp.TOTP(secret).now())
        person_id = person.id
    monkeypatch.setitem(app.config, "STAFF_TWO_FACTOR", False)  # the administrator signs in with a password here
    sign_in_as(app, page, "admin")
    page.goto(f"/staff/users/{person_id}")
    check_page(page, "account with two-factor sign-in")
    page.get_by_role("button", name="Reset two-factor sign-in").click()
    page.wait_for_selector("text=Two-factor sign-in reset for lost.phone@council.example")
    check_page(page, "account after a two-factor reset")
    page.screenshot(path=str(artifacts / "two-factor-reset.png"), full_page=True)
    with app.app_context():
        assert not find_by_email("lost.phone@council.example").two_factor_on


def test_the_set_up_page_reflows_at_400_percent_zoom(app, pages, artifacts):
    """1280 CSS pixels at 400% is 320 wide: the QR code, the key and the field fit without scrolling sideways."""
    page = pages.new_page(viewport={"width": 320, "height": 640})
    email = "zoomed@council.example"
    with app.app_context():
        create_user(email, "chair", STAFF_PASSWORD)
    _password_step(page, email)
    page.wait_for_url("**/staff/two-factor/set-up")
    page.screenshot(path=str(artifacts / "two-factor-set-up-320.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
