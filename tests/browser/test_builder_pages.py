"""The questionnaire builder in a browser: build a five-question questionnaire with a children's
version from nothing, preview it, publish it and answer it; axe and heading order on each
builder page on the way. No JavaScript is needed by any of it (Move up is a form's button)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import check_page
from tests.browser.pageflow import sign_in_as

pytestmark = pytest.mark.browser

QUESTIONS = [
    # text, how people answer, the answers to choose from, which count as positive
    ("Did you enjoy the holiday club?", "One answer from a list", "Yes\nA bit\nNo", "Yes"),
    ("Did the staff listen to you?", "One answer from a list", "Yes\nSometimes\nNo", "Yes"),
    ("What did you do?", "Any number of answers from a list", "Games\nSport\nArt\nTrips", ""),
    ("What would make it better?", "Their own words", "", ""),
]


def _save(page: Page) -> None:
    page.locator("main form button.govuk-button").last.click()


def _fill_answers(page: Page, labels: list[str]) -> None:
    """One box per answer; Add another answer (a button, no JavaScript) when the boxes run out."""
    for number, label in enumerate(labels, start=1):
        if page.get_by_label(f"Answer {number}", exact=True).count() == 0:
            page.get_by_role("button", name="Add another answer").click()
            page.wait_for_load_state()
        page.get_by_label(f"Answer {number}", exact=True).fill(label)


def build_questionnaire(page: Page, check=check_page) -> str:
    """Every page a person walks through to build the questionnaire; returns its web address's slug."""
    page.goto("/staff/questionnaires")
    check(page, "questionnaires")
    page.get_by_role("link", name="Create a questionnaire").click()
    page.wait_for_url("**/new")
    check(page, "new questionnaire")
    page.get_by_label("Title").fill("Holiday club")
    page.get_by_label("Nothing").check()
    _save(page)
    page.wait_for_url("**/draft")
    check(page, "empty draft")
    for number, (text, how, options, positive) in enumerate(QUESTIONS):
        page.get_by_role("link", name="Add a question").first.click()
        page.wait_for_url("**/questions/new")
        if number == 0:
            check(page, "add a question")
        page.get_by_label("Question", exact=True).fill(text)
        page.get_by_label(how).check()
        if options:
            _fill_answers(page, options.splitlines())
        if positive:
            page.get_by_label("Answers that count as positive (optional)").fill(positive)
        _save(page)
        page.wait_for_url("**/draft*")
    # The last question added should come first: Move up, three times, without JavaScript.
    for _ in range(3):
        page.get_by_role("button", name="Move up “What would make it better?”").click()
        page.wait_for_url("**/draft*")
    check(page, "draft with five questions")
    page.get_by_role("link", name="Children's version").click()
    page.wait_for_url("**/child")
    check(page, "children's version")
    page.get_by_label("Title for children (optional)").fill("Tell us about holiday club")
    for text, *_ in QUESTIONS[:2]:
        page.get_by_label(f"Ask “{text}”").check()
    page.locator("#words-did_you_enjoy_the_holiday_club").fill("Was holiday club fun?")
    page.get_by_label("Pictures beside the answers, big buttons").check()
    _save(page)
    page.wait_for_url("**/draft")
    page.get_by_role("link", name="Preview").click()
    page.wait_for_url("**/preview")
    check(page, "preview")
    page.get_by_role("link", name="Preview the Children version").click()
    page.wait_for_url("**/preview/child*")
    assert page.get_by_text("Was holiday club fun?").is_visible()
    page.get_by_role("link", name="As on a phone").click()
    page.wait_for_url("**/preview/child?*view=phone*")
    check(page, "preview as on a phone")
    assert page.locator(".app-preview--phone").bounding_box()["width"] <= 360
    page.get_by_role("link", name="Back to the draft").click()
    page.wait_for_url("**/draft")
    page.get_by_role("link", name="Publish").first.click()
    page.wait_for_url("**/publish")
    check(page, "publish")
    _save(page)
    page.wait_for_url("**/history")
    check(page, "versions")
    return page.url.split("/")[-2]


def test_build_preview_publish_and_answer_a_questionnaire(app, page):
    sign_in_as(app, page, "editor")
    slug = build_questionnaire(page)
    assert slug == "holiday-club"
    page.goto(f"/q/{slug}")
    assert page.locator("h1").inner_text() == "Holiday club"
    questions = page.locator("main form legend, main form label.govuk-label--m").all_inner_texts()
    assert questions[0].strip() == "What would make it better? (optional)"
    page.get_by_label("Yes").first.check()
    page.locator("#send").click()
    page.wait_for_url(f"**/q/{slug}/thank-you")
    live = app.extensions["questionnaires"][slug]
    assert live.version == 1 and set(live.variants) == {"standard", "child"}


def test_a_live_questionnaire_changed_on_the_pages_is_reported_with_its_old_version(app, page):
    """Version 1's answers (with "Partly") and version 2's (with the new "Completely") in one summary."""
    from datetime import date

    from feedback_app.responses import store_response
    from forms.registry import load_questionnaires

    with app.app_context():
        for day, value in enumerate(["yes", "partly", "no", "partly", "yes"], start=2):
            store_response(load_questionnaires()["complaint-handling"], "standard",
                           {"felt_listened_to": [value]}, submitted_on=date(2012, 1, day))
    sign_in_as(app, page, "admin")
    page.goto("/staff/questionnaires")
    page.get_by_role("button", name="Change questionnaire complaint-handling").click()
    page.wait_for_url("**/draft")
    page.get_by_role("link", name="Change “Did you feel listened to?”").click()
    page.wait_for_url("**/questions/felt_listened_to")
    page.get_by_label("Answer 4", exact=True).fill("Completely")  # the empty box: a new answer, after No
    page.get_by_label("Answers that count as positive (optional)").fill("Completely\nYes")
    _save(page)
    page.wait_for_url("**/draft*")
    page.get_by_role("link", name="Publish").first.click()
    page.wait_for_url("**/publish")
    assert page.get_by_text("Option added to felt_listened_to: “Completely” (completely)").is_visible()
    _save(page)
    page.wait_for_url("**/history")
    new = app.extensions["questionnaires"]["complaint-handling"]
    assert new.version == 2
    with app.app_context():
        for day, value in enumerate(["completely", "completely", "yes", "no", "completely"], start=10):
            store_response(new, "standard", {"felt_listened_to": [value]}, submitted_on=date(2012, 1, day))
    page.goto("/staff/reports/satisfaction/complaint-handling?from=2012-01-01&to=2012-01-31")
    check_page(page, "a report across two versions")
    text = " ".join(page.locator("main").inner_text().split())
    assert "Responses 10" in text
    answers = page.locator("table", has=page.locator("th[scope=row]", has_text="Completely"))
    rows = " ".join(answers.first.inner_text().split())
    assert "Completely 3" in rows and "Partly 2" in rows, rows
