"""axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on every page of every questionnaire in every
variant: the one-page form and its error state, each one-question page, "Check your answers"
and its error state, the thank-you page; and the pages around them.

The questionnaires are whatever ``forms/definitions`` holds when the tests are collected;
``test_every_questionnaire_the_app_serves_is_tested`` checks that is what the app serves.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from forms.model import Variant
from forms.registry import load_questionnaires
from tests.browser.conftest import check_page
from tests.browser.looks import SMALL_PHONE, assert_big_targets, assert_choices_level_with_pictures
from tests.browser.pageflow import (
    answer,
    continue_button,
    expect_check_page,
    expect_error_summary,
    expect_question_page,
    expect_thank_you,
    press_and_wait,
    send_button,
    variant_url,
)
from tests.helpers import count_rows

pytestmark = pytest.mark.browser

QUESTIONNAIRES = load_questionnaires()
EVERY_VARIANT = [(q.slug, name) for q in QUESTIONNAIRES.values() for name in q.variants]
IDS = [f"{slug}/{name}" for slug, name in EVERY_VARIANT]


def _variant(app, slug: str, name: str) -> Variant:
    return app.extensions["questionnaires"][slug].variants[name]


def test_every_questionnaire_the_app_serves_is_tested(migrated_app):
    served = [(q.slug, name) for q in migrated_app.extensions["questionnaires"].values() for name in q.variants]
    assert sorted(served) == sorted(EVERY_VARIANT)


def assert_error_links_move_focus(page: Page) -> None:
    """Each link in the error summary puts the keyboard focus on the control it names."""
    links = page.locator(".govuk-error-summary__list a")
    assert links.count() > 0
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        link.click()
        expect(page.locator(f"[id='{target}']")).to_be_focused()
        expect(page.locator(f"[id='{target}']")).to_be_in_viewport()


@pytest.mark.parametrize(("slug", "name"), EVERY_VARIANT, ids=IDS)
def test_one_page_form_and_its_error_state(page, migrated_app, slug, name):
    variant = _variant(migrated_app, slug, name)
    page.goto(variant_url(slug, name))
    expect(page.locator("h1")).to_have_text(variant.title)
    check_page(page, f"{slug}/{name} one-page form")

    press_and_wait(page, send_button(page))  # nothing answered

    summary = expect_error_summary(page)
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    required = [q for q in variant.questions if q.required]
    for question in required:
        expect(summary).to_contain_text(question.required_message)
    if not required:
        expect(summary).to_contain_text("You have not answered any questions yet")
    check_page(page, f"{slug}/{name} one-page form, error state")
    assert_error_links_move_focus(page)


@pytest.mark.parametrize(("slug", "name"), EVERY_VARIANT, ids=IDS)
def test_one_question_pages_check_your_answers_and_thank_you(page, app, slug, name):
    """Every one-question page and its error state, "Check your answers" (with the error of
    sending nothing, where nothing is required), then sending and the thank-you page."""
    variant = _variant(app, slug, name)
    required = any(q.required for q in variant.questions)
    if variant.pictures:  # children's variants are checked on a phone, with their targets and pictures
        page.set_viewport_size(SMALL_PHONE)

    def check(what: str) -> None:
        check_page(page, f"{slug}/{name} {what}")
        if variant.pictures:
            assert_choices_level_with_pictures(page, f"{slug}/{name} {what}")
            assert_big_targets(page, f"{slug}/{name} {what}")

    page.goto(variant_url(slug, name, "/paged"))
    for step, question in enumerate(variant.questions):
        expect_question_page(page, variant, step)
        check(f"question {step + 1}")
        if question.required:
            press_and_wait(page, continue_button(page))
            expect_question_page(page, variant, step)
            expect(expect_error_summary(page)).to_contain_text(question.required_message)
            check(f"question {step + 1}, error state")
            assert_error_links_move_focus(page)
        if required:
            answer(page, question)
        press_and_wait(page, continue_button(page))

    expect_check_page(page)
    check("check your answers")
    if not required:  # nothing answered: sending says so, and leads back to the first question
        press_and_wait(page, send_button(page))
        expect(expect_error_summary(page)).to_contain_text("You have not answered any questions yet")
        check("check your answers, error state")
        assert_error_links_move_focus(page)
        first = variant.questions[0]
        press_and_wait(page, page.locator(f"button[value='change-{first.id}']"))
        expect_question_page(page, variant, 0)
        answer(page, first)
        press_and_wait(page, continue_button(page))
        expect_check_page(page)
        check("check your answers, one answer")

    press_and_wait(page, send_button(page))
    expect_thank_you(page)
    check("thank-you page")
    assert count_rows(app)["responses"] == 1


@pytest.mark.parametrize("path", ["/", "/privacy", "/accessibility"])
def test_other_pages(page, path):
    page.goto(path)
    check_page(page, path)


def test_page_not_found(pages):
    page = pages.new_page()
    pages.expect_error(page, "404")
    response = page.goto("/q/no-such-questionnaire")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    check_page(page, "404 page")


LANGUAGE_PAGES = ["/", "/privacy", "/accessibility", "/c", "/q/lac-review-child/child", "/q/fgc-family/paged"]


@pytest.mark.parametrize("language", ["ar", "pa"], ids=["right-to-left", "left-to-right"])
@pytest.mark.parametrize("path", LANGUAGE_PAGES)
def test_pages_in_another_language(page, language, path):
    """Issue 11: <html lang> and dir set, the language list, and 0 axe violations in a right-to-left
    and a left-to-right language (the words are the catalogue's, English where it has none yet)."""
    page.goto(f"{path}?lang={language}")
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("getComputedStyle(document.body).direction") == ("rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scrolling"
    expect(page.locator(f'.app-languages [aria-current="true"][lang="{language}"]')).to_have_count(1)
    check_page(page, f"{path} in {language}")
