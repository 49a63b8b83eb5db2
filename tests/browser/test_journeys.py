"""Whole journeys in a real browser: with the keyboard alone, with JavaScript off, at 400%
zoom on a 320 px screen; "Read this to me"; big targets for children; and a screenshot of
a child's form on a small phone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from forms.registry import load_questionnaires
from tests.browser.conftest import assert_accessible
from tests.browser.looks import SMALL_PHONE, assert_big_targets, assert_choices_level_with_pictures
from tests.browser.pageflow import (
    continue_button,
    expect_check_page,
    expect_error_summary,
    expect_question_page,
    expect_thank_you,
    press_and_wait,
    send_button,
    variant_url,
)
from tests.helpers import stored

pytestmark = pytest.mark.browser

QUESTIONNAIRES = load_questionnaires()
EVERY_VARIANT = [(q.slug, name) for q in QUESTIONNAIRES.values() for name in q.variants]
PICTURE_VARIANTS = [(q.slug, name) for q in QUESTIONNAIRES.values() for name, v in q.variants.items() if v.pictures]


# --- (a) the keyboard alone ------------------------------------------------------------

VISIBLE_FOCUS = """() => {
  const element = document.activeElement;
  const shows = (style) => (style.boxShadow && style.boxShadow !== 'none')
    || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        && !/rgba\\(.*,\\s*0\\)$/.test(style.outlineColor) && style.outlineColor !== 'transparent');
  const choice = element.matches('.govuk-radios__input, .govuk-checkboxes__input');
  const style = choice ? getComputedStyle(element.nextElementSibling, '::before') : getComputedStyle(element);
  const box = (choice ? element.nextElementSibling : element).getBoundingClientRect();
  return {
    description: element.outerHTML.slice(0, 120),
    shows: shows(style),
    inView: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
  };
}"""


def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching ``selector`` has the focus; every element the
    focus lands on on the way must show that it has the focus, and be scrolled into view."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(VISIBLE_FOCUS)
        assert focus["shows"], f"no visible focus indicator on {focus['description']}"
        assert focus["inView"], f"the focused element is out of view: {focus['description']}"
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} was not reached with the Tab key")


def choice(question_id: str, value: str) -> str:
    return f"input[name='{question_id}'][value='{value}']"


def test_a_child_completes_a_questionnaire_with_the_keyboard_alone(app, page):
    slug, name = "lac-review-child", "child"
    page.goto(variant_url(slug, name))

    # Sending nothing: the error summary takes the focus; its link leads to the first question.
    tab_to(page, "#send")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(expect_error_summary(page)).to_be_focused()
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator(choice("happy_with_iro", "yes"))).to_be_focused()

    page.keyboard.press("ArrowDown")  # arrows move through the options of a radio group
    expect(page.locator(choice("happy_with_iro", "not_sure"))).to_be_checked()
    tab_to(page, choice("met_iro_before_review", "yes"))
    page.keyboard.press("Space")
    tab_to(page, choice("happy_with_review", "yes"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator(choice("happy_with_review", "no"))).to_be_checked()
    # felt_listened_to and review_helpful are skipped: the Tab key goes past them.
    tab_to(page, choice("how_took_part", "attended"))
    page.keyboard.press("Space")
    tab_to(page, choice("how_took_part", "phone"))
    page.keyboard.press("Space")
    tab_to(page, choice("how_took_part", "advocate"))
    page.keyboard.press("Space")
    page.keyboard.press("Space")  # changed my mind
    tab_to(page, "#comments")
    page.keyboard.type("My IRO was kind.\nThe meeting was long.")
    tab_to(page, "#send")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect_thank_you(page)
    [row] = stored(app)
    assert (row["questionnaire"], row["variant"]) == (slug, name)
    assert row["answers"] == {
        "happy_with_iro": ["not_sure"],
        "met_iro_before_review": ["yes"],
        "happy_with_review": ["no"],
        "how_took_part": ["attended", "phone"],
        "comments": ["My IRO was kind.\nThe meeting was long."],
    }


# --- (b) JavaScript switched off -------------------------------------------------------

def test_one_page_form_with_javascript_off(app, pages):
    page = pages.new_page(java_script_enabled=False)
    slug, name = "cp-conference-parent", "standard"
    page.goto(variant_url(slug, name))
    assert not page.evaluate("document.body.classList.contains('js-enabled')")

    press_and_wait(page, send_button(page))
    expect(expect_error_summary(page)).to_contain_text("Select which meeting it was")
    page.locator(".govuk-error-summary__list a").first.click()  # a plain link to the question
    assert urlsplit(page.url).fragment == "conference_type"

    page.locator(choice("conference_type", "review")).check()
    page.locator(choice("relationship", "grandmother")).check()
    page.locator(choice("chair_before_helped", "did_not_talk")).check()
    page.locator("textarea").first.fill("Nobody explained the plan.")
    first_text = page.locator("textarea").first.get_attribute("name")
    press_and_wait(page, send_button(page))

    expect_thank_you(page)
    [row] = stored(app)
    assert (row["questionnaire"], row["variant"]) == (slug, name)
    assert row["answers"] == {
        "conference_type": ["review"], "relationship": ["grandmother"], "chair_before_helped": ["did_not_talk"],
        first_text: ["Nobody explained the plan."],
    }


def test_one_question_at_a_time_with_javascript_off(app, pages):
    """Next, an error, Back, Change from "Check your answers", and send, with JavaScript off."""
    page = pages.new_page(java_script_enabled=False)
    slug, name = "have-your-say", "child"
    variant = app.extensions["questionnaires"][slug].variants[name]
    ids = list(variant.question_ids)
    page.goto(variant_url(slug, name, "/paged"))

    def at(question_id: str) -> None:
        expect_question_page(page, variant, ids.index(question_id))

    at("kind")
    press_and_wait(page, continue_button(page))  # required: not answered
    expect(expect_error_summary(page)).to_contain_text("Pick what you want to tell us")
    at("kind")
    page.locator(choice("kind", "compliment")).check()
    press_and_wait(page, continue_button(page))
    at("made_by")
    page.locator(choice("made_by", "child")).check()
    press_and_wait(page, continue_button(page))
    at("about")
    page.locator("#about").fill("My foster home")
    press_and_wait(page, continue_button(page))
    at("what_happened")
    page.locator("#what_happened").fill("They listened to me.")
    press_and_wait(page, page.get_by_role("button", name="Back"))
    at("about")
    expect(page.locator("#about")).to_have_value("My foster home")  # answers travel back and forth
    press_and_wait(page, continue_button(page))
    at("what_happened")
    expect(page.locator("#what_happened")).to_have_value("They listened to me.")
    press_and_wait(page, continue_button(page))
    at("put_right")
    press_and_wait(page, continue_button(page))  # skipped
    at("wants_advocate")
    page.locator(choice("wants_advocate", "yes")).check()
    press_and_wait(page, continue_button(page))
    at("contact")
    page.locator("#contact").fill("07700 900123")
    press_and_wait(page, continue_button(page))
    at("comments")
    press_and_wait(page, continue_button(page))

    expect_check_page(page)
    rows = page.locator(".govuk-summary-list__row")
    expect(rows.filter(has_text="Who are you?")).to_contain_text("I am a child")
    expect(rows.filter(has_text="What do you want to happen now?")).to_contain_text("Not answered")
    press_and_wait(page, page.locator("#change-made_by"))
    at("made_by")
    expect(page.locator(choice("made_by", "child"))).to_be_checked()
    page.locator(choice("made_by", "carer")).check()
    press_and_wait(page, continue_button(page))
    expect_check_page(page)  # straight back to the check page after a change
    expect(rows.filter(has_text="Who are you?")).to_contain_text("I look after a child")
    press_and_wait(page, send_button(page))

    expect_thank_you(page)
    [row] = stored(app)
    assert (row["questionnaire"], row["variant"]) == (slug, name)
    assert row["answers"] == {
        "kind": ["compliment"], "made_by": ["carer"], "about": ["My foster home"],
        "what_happened": ["They listened to me."], "wants_advocate": ["yes"],
    }
    assert row["contact"] == {"contact": "07700 900123"}


# --- (c) 400% zoom on a 320 px wide screen ---------------------------------------------

#: 1280 x 1024 CSS pixels at 400% zoom; the same as a 320 px wide screen's 320 x 256.
ZOOMED = {"width": 320, "height": 256}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5 && element.getClientRects().length)
    .filter((element) => !element.closest('.app-honeypot, .govuk-visually-hidden, .govuk-skip-link'))
    .map((element) => element.outerHTML.slice(0, 100));
  return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide: wide.slice(0, 5)};
}"""


def assert_no_horizontal_scrolling(page: Page, what: str) -> None:
    result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["clientWidth"], f"{what} scrolls sideways at 320 px: {result}"


def test_no_horizontal_scrolling_at_400_percent_zoom_on_a_320px_screen(pages):
    """Every variant's one-page form, its first one-question page and its thank-you page,
    and the pages around them, reflow into 320 CSS pixels (WCAG 1.4.10)."""
    page = pages.new_page(viewport=ZOOMED)
    assert any(pictures for pictures in (v.pictures for q in QUESTIONNAIRES.values() for v in q.variants.values()))
    for path in ["/", "/privacy"]:
        page.goto(path)
        assert_no_horizontal_scrolling(page, path)
    for slug, name in EVERY_VARIANT:
        for suffix in ["/paged", "/thank-you", ""]:
            page.goto(variant_url(slug, name, suffix))
            assert_no_horizontal_scrolling(page, f"{slug}/{name}{suffix}")
        press_and_wait(page, send_button(page))
        expect_error_summary(page)
        assert_no_horizontal_scrolling(page, f"{slug}/{name} error state")


def test_check_your_answers_reflows_at_400_percent_zoom(pages):
    page = pages.new_page(viewport=ZOOMED)
    slug, name = "lac-review-child", "child"
    variant = QUESTIONNAIRES[slug].variants[name]
    page.goto(variant_url(slug, name, "/paged"))
    page.locator(choice("happy_with_iro", "not_sure")).check()
    for _ in variant.questions:
        press_and_wait(page, continue_button(page))
    expect_check_page(page)
    assert_no_horizontal_scrolling(page, "check your answers")


# --- (d) "Read this to me" -------------------------------------------------------------

READ_ALOUD = ".app-read-aloud"
# A device's speech: the voices it has (window.fakeVoices, set before the page loads) and what
# it was asked to say, in which voice.
FAKE_SPEECH = """
window.spoken = [];
window.spokenIn = [];
window.fakeVoices = window.fakeVoices || [{lang: 'en-GB', name: 'Fake English', default: true}];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speak: (utterance) => { window.spoken.push(utterance.text); window.spokenIn.push(utterance.voice.lang); },
  cancel: () => {}, getVoices: () => window.fakeVoices, addEventListener: () => {},
}});
"""
NO_SPEECH = "delete window.speechSynthesis;"


def test_read_aloud_is_hidden_without_javascript(pages):
    page = pages.new_page(java_script_enabled=False)
    page.goto(variant_url("lac-review-child", "child"))
    buttons = page.locator(READ_ALOUD)
    assert buttons.count() > 0
    for index in range(buttons.count()):
        expect(buttons.nth(index)).to_be_hidden()


def test_read_aloud_is_hidden_where_the_browser_cannot_speak(pages):
    page = pages.new_page()
    page.add_init_script(NO_SPEECH)
    page.goto(variant_url("lac-review-child", "child"))
    assert not page.evaluate("'speechSynthesis' in window")
    expect(page.locator(".govuk-error-summary, body.govuk-frontend-supported")).to_have_count(1)  # JS ran
    expect(page.locator(READ_ALOUD).first).to_be_hidden()


def test_read_aloud_reads_the_question_and_its_answers(pages):
    page = pages.new_page()
    page.add_init_script(FAKE_SPEECH)
    page.goto(variant_url("lac-review-child", "child"))
    buttons = page.locator(READ_ALOUD)
    variant = QUESTIONNAIRES["lac-review-child"].variants["child"]
    assert buttons.count() == len(variant.questions)
    for index in range(buttons.count()):
        expect(buttons.nth(index)).to_be_visible()
    buttons.first.click()
    [spoken] = page.evaluate("window.spoken")
    first = variant.questions[0]
    assert first.text in spoken and first.hint in spoken
    for option in first.options:
        assert option.label in spoken
    assert_accessible(page, "child form with Read this to me buttons shown")


def test_read_aloud_uses_a_voice_for_the_pages_language(pages):
    page = pages.new_page()
    page.add_init_script("window.fakeVoices = [{lang: 'en-GB', name: 'English', default: true},"
                         " {lang: 'pl-PL', name: 'Polski', default: false}];" + FAKE_SPEECH)
    page.goto(variant_url("lac-review-child", "child") + "?lang=pl")
    assert page.evaluate("document.documentElement.lang") == "pl"
    expect(page.locator(READ_ALOUD).first).to_be_visible()
    expect(page.locator(".app-read-aloud-none").first).to_be_hidden()
    page.locator(READ_ALOUD).first.click()
    assert page.evaluate("window.spokenIn") == ["pl-PL"]


def test_read_aloud_says_so_where_the_device_has_no_voice_for_the_pages_language(pages):
    page = pages.new_page()
    page.add_init_script(FAKE_SPEECH)  # an English voice only
    page.goto(variant_url("lac-review-child", "child") + "?lang=pa")
    none = page.locator(".app-read-aloud-none")
    expect(none.first).to_be_visible()
    expect(page.locator(READ_ALOUD).first).to_be_hidden()  # not offered as if it worked
    assert none.count() == page.locator(READ_ALOUD).count()
    assert_accessible(page, "child form in Panjabi on a device without a Panjabi voice")


# --- big targets and pictures in the child variants ------------------------------------

@pytest.mark.parametrize(("slug", "name"), PICTURE_VARIANTS, ids=[f"{s}/{n}" for s, n in PICTURE_VARIANTS])
def test_child_variants_have_big_targets_and_choices_level_with_their_pictures(page, slug, name):
    """The one-page form here; each one-question page and "Check your answers" in
    test_accessibility's walk through every variant."""
    page.set_viewport_size(SMALL_PHONE)
    page.goto(variant_url(slug, name))
    assert_choices_level_with_pictures(page, f"{slug}/{name}")
    assert_big_targets(page, f"{slug}/{name}")


# --- (e) a child's form on a small phone ----------------------------------------------

def test_screenshot_of_a_child_variant_on_a_small_phone(page, artifacts):
    """Saved for people to look at: test-artifacts/child-variant-360x640*.png."""
    page.set_viewport_size(SMALL_PHONE)
    page.goto(variant_url("lac-review-child", "child"))
    page.screenshot(path=artifacts / "child-variant-360x640.png")
    page.screenshot(path=artifacts / "child-variant-360x640-full.png", full_page=True)
    # Chosen answers and the keyboard focus, close up.
    page.locator(choice("happy_with_iro", "not_sure")).check()
    page.locator(choice("how_took_part", "attended")).check()
    page.locator(choice("how_took_part", "phone")).focus()
    page.locator("#happy_with_iro-group").screenshot(path=artifacts / "child-variant-360x640-radios.png")
    page.locator("#how_took_part-group").screenshot(path=artifacts / "child-variant-360x640-checkboxes.png")
    page.goto(variant_url("lac-review-child", "child", "/paged"))
    page.screenshot(path=artifacts / "child-variant-360x640-paged.png", full_page=True)
    page.goto(variant_url("lac-review-child", "child", "/thank-you"))
    page.screenshot(path=artifacts / "child-variant-360x640-thank-you.png", full_page=True)


# --- every control shows the keyboard focus -------------------------------------------

def tab_through_page(page: Page, limit: int = 400) -> int:
    """Tab from the top of the page to the end; every stop must show the focus. Returns the stops."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            return len(seen)
        focus = page.evaluate(VISIBLE_FOCUS)
        if seen and focus["description"] == seen[0]:
            return len(seen)  # round again
        assert focus["shows"], f"{page.url}: no visible focus indicator on {focus['description']}"
        assert focus["inView"], f"{page.url}: the focused element is out of view: {focus['description']}"
        seen.append(focus["description"])
    raise AssertionError(f"{page.url}: more than {limit} Tab stops")


def test_every_control_shows_the_keyboard_focus(app, page):
    slug, name = "lac-review-child", "child"
    page.set_viewport_size(SMALL_PHONE)
    for path in ["/", "/privacy", variant_url(slug, name)]:
        page.goto(path)
        assert tab_through_page(page) > 3
    press_and_wait(page, send_button(page))
    assert tab_through_page(page) > 3  # error summary links

    page.goto(variant_url(slug, name, "/paged"))
    page.locator(choice("happy_with_iro", "yes")).check()
    press_and_wait(page, continue_button(page))
    tab_through_page(page)  # the Back button
    for _ in range(1, len(QUESTIONNAIRES[slug].variants[name].questions)):
        press_and_wait(page, continue_button(page))
    expect_check_page(page)
    tab_through_page(page)  # the Change buttons
    press_and_wait(page, send_button(page))
    expect_thank_you(page)
    tab_through_page(page)  # the help links
