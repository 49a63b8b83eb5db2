"""axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on the pages of the questionnaires: the
one-page form and its error state for every variant; each one-question page, "Check your
answers" and its error state and the thank-you page for a sample of variants; and the pages
around them.

The one-question journey takes 4 to 8 s a variant in Chromium, so it runs on the smallest set
of variants, chosen by ``covering_sample``, that between them show every kind of one-question
page there is: each question type, required or not, with pictures (on a phone) or without, a
version where nothing is required, one that opens a register case, one for staff, one read
aloud. Every version's one-question pages are still rendered and sent without a browser
(tests/feedback_app/test_translated_journeys.py), and every page template is the same for all.

The questionnaires are whatever ``forms/definitions`` holds when the tests are collected;
``test_every_questionnaire_the_app_serves_is_tested`` checks that is what the app serves.
"""

from __future__ import annotations

import copy

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


def journey_features(slug: str, name: str) -> set[tuple]:
    """What a variant's one-question pages show that another's might not."""
    questionnaire = QUESTIONNAIRES[slug]
    variant = questionnaire.variants[name]
    look = "pictures" if variant.pictures else "words"
    features = {(look, question.type, question.required) for question in variant.questions}
    features.add((look, "something required" if any(q.required for q in variant.questions) else "nothing required"))
    features |= {(flag,) for flag in ("opens_register_case", "staff_only") if getattr(questionnaire, flag)}
    features |= {(flag,) for flag in ("read_aloud", "show_help") if getattr(variant, flag)}
    return features


def covering_sample(variants: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The fewest variants (greedily) that together have every feature any of them has."""
    left = set().union(*(journey_features(*v) for v in variants))
    chosen = []
    while left:
        best = max(variants, key=lambda v: len(journey_features(*v) & left))  # first wins a tie: stable
        chosen.append(best)
        left -= journey_features(*best)
    return chosen


JOURNEY_SAMPLE = covering_sample(EVERY_VARIANT)


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


def test_the_journey_sample_covers_every_feature_and_is_smaller_than_the_whole():
    everything = set().union(*(journey_features(*v) for v in EVERY_VARIANT))
    assert set().union(*(journey_features(*v) for v in JOURNEY_SAMPLE)) == everything
    assert len(JOURNEY_SAMPLE) < len(EVERY_VARIANT)
    print("journey sample:", ", ".join(f"{slug}/{name}" for slug, name in JOURNEY_SAMPLE))


@pytest.mark.parametrize(("slug", "name"), JOURNEY_SAMPLE, ids=[f"{s}/{n}" for s, n in JOURNEY_SAMPLE])
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


@pytest.mark.parametrize("path", ["/", "/privacy", "/privacy/children", "/accessibility"])
def test_other_pages(page, path):
    page.goto(path)
    check_page(page, path)


COUNCIL_DETAILS = {"controller": "Testshire County Council",
                   "contact_email": "information.governance@testshirecountycouncil.example",
                   "contact_address": "County Hall, Testtown TE1 1ST", "contact_phone": "01632 960 555",
                   "dpo_name": "A. Person", "dpo_email": "data.protection.officer@testshirecountycouncil.example",
                   "processors": ["Hosting: Testcloud Ltd, servers in the UK"]}


@pytest.mark.parametrize("path", ["/privacy", "/privacy/children"])
def test_a_privacy_notice_with_a_council_s_details_in_arabic_on_a_small_phone(app, page, path):
    """Issue 12 item 3: filled in (long email addresses, English details in a right-to-left page),
    each notice reflows into 320 CSS pixels and has no axe violation."""
    saved = copy.deepcopy(app.config["DEPLOYMENT"])
    app.config["DEPLOYMENT"]["privacy"].update(COUNCIL_DETAILS)
    try:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(f"{path}?lang=ar")
        expect(page.locator("main")).to_contain_text("data.protection.officer@testshirecountycouncil.example"
                                                     if path == "/privacy" else "information.governance@")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scrolling"
        check_page(page, f"{path} filled in, in Arabic, 320px")
    finally:
        app.config["DEPLOYMENT"] = saved


def test_page_not_found(pages):
    page = pages.new_page()
    pages.expect_error(page, "404")
    response = page.goto("/q/no-such-questionnaire")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    check_page(page, "404 page")


LANGUAGE_PAGES = ["/", "/privacy", "/privacy/children", "/accessibility", "/c", "/q/lac-review-child/child",
                  "/q/fgc-family/paged"]


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
