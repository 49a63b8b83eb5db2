"""axe-core and heading order on the invitation-card and paper-form pages, staff and public,
in their normal and error states."""

from __future__ import annotations

from datetime import timedelta

import pytest

from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.privacy import today
from tests.browser.conftest import check_page
from tests.browser.pageflow import sign_in_as

pytestmark = pytest.mark.browser


def test_staff_invitation_and_paper_pages(app, page):
    sign_in_as(app, page, "admin")
    for url in ("/staff/", "/staff/invitations", "/staff/invitations/new", "/staff/paper",
                "/staff/paper/cp-conference-parent/standard", "/staff/paper/cp-conference-child/child"):
        page.goto(url)
        check_page(page, url)
    with app.app_context():
        codes.create_batch(questionnaires=["cp-conference-parent"], meeting_type="fgc", month="2026-10",
                           team="Looked After Children", cards_each=2, created_by="admin.browser@council.example")
        # And a quarter whose cards have all expired, so its response rates are shown.
        for team, cards_each in (("Child Protection North", 20), ("Child Protection South", 3)):
            batch, _ = codes.create_batch(questionnaires=["cp-conference-parent"], meeting_type="fgc",
                                          month="2025-10", team=team, cards_each=cards_each,
                                          created_by="admin.browser@council.example")
            batch.created_on = today() - timedelta(days=codes.DEFAULT_EXPIRY_DAYS + 200)
        db.session.commit()
    page.goto("/staff/invitations")
    check_page(page, "batches with a batch")


def test_staff_error_states(app, pages):
    page = pages.new_page()
    sign_in_as(app, page, "chair")
    pages.expect_error(page, "400")
    page.goto("/staff/invitations/new")
    page.locator("#month").fill("November")
    page.locator("form button.govuk-button").last.click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "new batch with errors")
    page.goto("/staff/paper/cp-conference-parent/standard")
    page.locator("form button.govuk-button").last.click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "paper entry with errors")


def test_public_code_pages(app, pages):
    page = pages.new_page()
    pages.expect_error(page, "404")
    pages.expect_error(page, "410")
    pages.expect_error(page, "400")
    page.goto("/c")
    check_page(page, "type a code")
    page.locator("#code").fill("AB")
    page.locator("form button.govuk-button").click()
    page.wait_for_selector(".govuk-error-summary")
    check_page(page, "type a code, with an error")
    page.goto("/c/ABCD-EFGH")
    check_page(page, "unknown code")
    with app.app_context():
        _, cards = codes.create_batch(questionnaires=["cp-conference-child"], meeting_type="lac_review",
                                      month="2026-10", team=None, cards_each=1, created_by="x@council.example")
        codes.use(codes.check(cards[0].code))
        db.session.commit()
    page.goto(f"/c/{cards[0].code}")
    check_page(page, "used code")
