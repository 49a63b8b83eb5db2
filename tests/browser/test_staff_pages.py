"""axe-core and heading order on the staff pages: sign-in, accounts, audit log, the
complaints register and the safeguarding review, in their normal and error states.
(Invitation cards and paper forms: test_invitation_pages.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from feedback_app.complaints.models import Representation
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.extensions import db
from feedback_app.staff import throttle
from feedback_app.staff.accounts import create_user
from feedback_app.staff.models import StaffUser
from tests.browser.conftest import check_page
from tests.browser.pageflow import STAFF_PASSWORD, sign_in_as

pytestmark = pytest.mark.browser


def _submit_button(page: Page):
    return page.locator("main form button.govuk-button").last


def test_sign_in_page_and_its_errors(page):
    page.goto("/staff/login")
    check_page(page, "sign in")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "sign in with errors")
    page.get_by_label("Email address").fill("nobody@council.example")
    page.get_by_label("Password").fill("wrong password here")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "sign in with a wrong password")


def test_admin_pages(app, page):
    sign_in_as(app, page, "admin")
    with app.app_context():
        someone = create_user("someone@council.example", "chair", STAFF_PASSWORD).id
    for url in ("/staff/", "/staff/users", "/staff/users/new", f"/staff/users/{someone}", "/staff/audit"):
        page.goto(url)
        check_page(page, url)
    page.goto("/staff/users/new")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "new account with errors")
    # An account whose sign-in is slowed down: its status in the list, and "Unlock" on its page.
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.7"}):
        for _ in range(throttle.PAIR_FAILURES):
            throttle.failed("someone@council.example")
    for url in ("/staff/users", f"/staff/users/{someone}"):
        page.goto(url)
        check_page(page, f"{url} slowed down")
    app.extensions["sign_in_counters"].reset()


def test_changing_your_own_password(app, page):
    sign_in_as(app, page, "chair")
    page.goto("/staff/account/password")
    check_page(page, "change your password")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "change your password with errors")
    page.get_by_label("Current password").fill(STAFF_PASSWORD)
    page.get_by_label("New password", exact=True).fill("violet kettle harbour drum")
    page.get_by_label("Confirm new password").fill("violet kettle harbour drum")
    _submit_button(page).click()
    page.wait_for_url("**/staff/")
    check_page(page, "password changed")


def test_complaints_register_pages(app, pages):
    page = pages.new_page()
    pages.expect_error(page, "400")  # the register answers a form with errors with 400
    sign_in_as(app, page, "complaints_officer")
    page.goto("/staff/complaints/new")
    check_page(page, "new representation")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "new representation with errors")
    # A representation arrives from the public form, then the officer opens and edits it.
    page.goto("/q/have-your-say")
    page.locator("#kind").check()
    page.locator("#what_happened").fill("My visit with my children was cancelled twice.")
    page.locator("#send").click()
    page.wait_for_url("**/thank-you")
    with app.app_context():
        rep_id = db.session.scalar(select(Representation.id))
    for url in ("/staff/complaints", "/staff/complaints?view=due", "/staff/complaints?view=overdue",
                f"/staff/complaints/{rep_id}", f"/staff/complaints/{rep_id}/edit",
                f"/staff/complaints/{rep_id}/edit?section=received", f"/staff/complaints/{rep_id}/edit?section=stage2",
                "/staff/complaints?q=cancelled&sort=deadline&received_from=2020-01-01",
                "/staff/complaints?received_from=2026-02-30"):
        page.goto(url)
        check_page(page, url)
    # A stage page whose rules fail across stages: closed with no outcome and no stage 1 response.
    page.goto(f"/staff/complaints/{rep_id}/edit?section=outcome")
    page.locator("#status-3").check()
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "outcome page with errors")
    # Casework on the record page: a note (with its error), then void (with its error); notes and history shown.
    page.goto(f"/staff/complaints/{rep_id}")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "note with errors")
    page.locator("#text").fill("Rang the parent.")
    page.get_by_role("button", name="Add note").click()
    page.wait_for_selector("text=Rang the parent.")
    page.goto(f"/staff/complaints/{rep_id}/void")
    check_page(page, "void")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "void with errors")
    page.locator("#reason").fill("A test entry.")
    _submit_button(page).click()
    page.wait_for_selector("text=Void: recorded in error")
    check_page(page, "void record with notes and history")


def test_safeguarding_pages(app, page):
    page.goto("/q/lac-review-child/child")
    page.locator("#comments").fill("my step dad hits me when mum is out")
    page.locator("#send").click()
    page.wait_for_url("**/thank-you")
    check_page(page, "thank-you page with help now")
    assert page.get_by_role("heading", name="If you or a child are not safe, get help now").is_visible()
    sign_in_as(app, page, "manager")
    with app.app_context():
        flag_id = db.session.scalar(select(SafeguardingFlag.id))
    for url in ("/staff/safeguarding", f"/staff/safeguarding/{flag_id}"):
        page.goto(url)
        check_page(page, url)
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "review with errors")
    page.locator("#action_taken").fill("Referred to the multi-agency safeguarding hub.")
    _submit_button(page).click()
    page.wait_for_url("**/staff/safeguarding")
    check_page(page, "nothing left to review")
    page.goto("/staff/safeguarding?status=reviewed")
    check_page(page, "reviewed concerns")
    assert page.get_by_role("columnheader", name="Reviewed by").is_visible()
    page.goto(f"/staff/safeguarding/{flag_id}")
    check_page(page, "a reviewed concern, with who reviewed it and when")
    assert page.get_by_text("Reviewed by manager.browser@council.example on").is_visible()


def test_reading_queue_pages(app, page):
    page.goto("/q/lac-review-child/child")
    page.locator("#comments").fill("when my dad has been drinking i stay in my room")
    page.locator("#send").click()
    page.wait_for_url("**/thank-you")
    sign_in_as(app, page, "manager")
    page.goto("/staff/reading")
    check_page(page, "the reading queue")
    page.get_by_role("link", name="Raise as a concern").first.click()
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "raising a concern with errors")
    page.goto("/staff/reading")
    page.get_by_role("button", name="Mark as read").first.click()
    page.wait_for_selector("text=There is nothing to read")
    check_page(page, "an empty reading queue")


def test_an_administrator_marks_a_safeguarding_lead_with_the_keyboard(app, page):
    sign_in_as(app, page, "admin")
    with app.app_context():
        someone = create_user("lead.chair@council.example", "chair", STAFF_PASSWORD).id
    page.goto(f"/staff/users/{someone}")
    check_page(page, "account page with the safeguarding lead box")
    page.get_by_label("Designated safeguarding lead").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save changes").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/users")
    with app.app_context():
        assert db.session.get(StaffUser, someone).safeguarding_lead


def test_a_forbidden_page_is_accessible_too(app, pages):
    page = pages.new_page()
    sign_in_as(app, page, "chair")
    pages.expect_error(page, "403")
    page.goto("/staff/users")
    check_page(page, "403")
    with app.app_context():
        assert db.session.scalar(select(StaffUser).where(StaffUser.role == "chair")) is not None


def test_staff_home_with_things_to_do_audit_filters_and_reports(app, pages):
    """Issue 10: the home page's "What needs doing" cards, the audit log's filter (and its
    error state), and the Reports page as the complaints officer sees it."""
    from datetime import timedelta

    from feedback_app.models import Response
    from feedback_app.privacy import today

    with app.app_context():
        response = Response(questionnaire="lac-review-child", definition_version=1, variant="child", channel="web",
                            submitted_on=today() - timedelta(days=4))
        db.session.add(response)
        db.session.flush()
        db.session.add(SafeguardingFlag(response_id=response.id, categories="physical_harm", status="new"))
        db.session.add(Representation(reference="HOME-1", kind="complaint", status="new", made_by="parent",
                                      received_on=today() - timedelta(days=40), stage1_extended=False))
        db.session.commit()
    page = pages.new_page()
    sign_in_as(app, page, "manager")
    check_page(page, "manager's home with concerns and complaints")
    assert page.get_by_role("link", name="1 concern").is_visible()
    page = pages.new_page()
    sign_in_as(app, page, "admin")
    page.goto("/staff/audit")
    page.get_by_label("From").fill("31/11/2026")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "audit log with a date not understood")
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_label("Who").select_option("manager.browser@council.example")
    _submit_button(page).click()
    page.wait_for_selector("text=Download these events as CSV")
    check_page(page, "audit log filtered")
    page = pages.new_page()
    sign_in_as(app, page, "complaints_officer")
    check_page(page, "complaints officer's home")
    page.goto("/staff/reports")
    check_page(page, "reports for the complaints officer")


def test_making_cards_twice_from_one_form(app, pages):
    """Issue 10: the batch form with versions, a refused questionnaire that does not fit the
    meeting, and the page a second sending of the same form gets."""
    page = pages.new_page(accept_downloads=True)
    pages.expect_error(page, "400")
    pages.expect_error(page, "409")
    sign_in_as(app, page, "chair")
    page.goto("/staff/invitations/new")
    page.get_by_label("Looked after child review").check()
    page.locator("#questionnaires").check()  # the first questionnaire: a child protection conference form
    page.locator("#month").fill("2026-11")
    page.locator("#cards_each").fill("1")
    _submit_button(page).click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "new batch with a questionnaire that does not fit")
    page.get_by_label("Review child protection conference").check()
    page.get_by_label("Version of the cards for Tell us about your child protection conference").select_option(
        "young")
    with page.expect_download() as download:
        _submit_button(page).click()
    assert download.value.suggested_filename.startswith("invitation-cards-2026-11-")
    # The same form again, as a chair unsure it worked would: after a moment, since GOV.UK's
    # preventDoubleClick swallows a second click within a second (with JavaScript on).
    page.wait_for_timeout(1500)
    _submit_button(page).click()
    page.wait_for_selector("h1:has-text('These cards were already made')")
    check_page(page, "cards already made")
