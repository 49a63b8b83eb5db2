"""Right to left laid out as it reads (issue 11): measured in Chromium, not read from attributes.

GOV.UK Frontend draws radios, the back link and the error bar with physical properties
(``left``, ``border-left``); ``feedback_app/static/rtl.css`` mirrors them. These tests measure
where things end up on the screen in Arabic and Urdu: the control to the right of its words,
the faces in reading order, the back link and progress at the right, the red bar on the right,
phone numbers still reading 0800 1111, no sideways scrolling on a small phone or at 400% zoom,
and no axe-core violations. A handful of page loads on purpose: the layout is the same CSS on
every questionnaire.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page
from tests.browser.looks import SMALL_PHONE
from tests.browser.pageflow import continue_button, press_and_wait, send_button, variant_url

pytestmark = pytest.mark.browser

RIGHT_TO_LEFT = ["ar", "fa", "ps", "ckb", "ur"]
#: 1280 px at 400% zoom is 320 CSS px wide (WCAG 1.4.10 Reflow).
ZOOMED_400 = {"width": 320, "height": 640}

#: Each picture answer: the invisible input, the circle GOV.UK draws (the label's ::before, placed
#: against the item), the picture and the words, as boxes on the screen.
CHOICES = """() => [...document.querySelectorAll('.app-choices--pictures .govuk-radios__item')].map((item) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top};
  };
  const label = item.querySelector('label');
  const circle = getComputedStyle(label, '::before');
  const itemBox = item.getBoundingClientRect();
  const circleLeft = itemBox.left + parseFloat(circle.left);  // resolved: the used position in px
  return {
    option: item.querySelector('input').id,
    input: box(item.querySelector('input')),
    circle: {left: circleLeft, right: circleLeft + parseFloat(circle.width)},
    picture: box(item.querySelector('.app-choice__picture')),
    words: box(item.querySelector('.app-choice__text')),
  };
})"""

#: Where a piece of text is drawn: the box of the first occurrence of ``needle`` inside ``selector``.
TEXT_BOX = """([selector, needle]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const r = range.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top};
    }
  }
  return null;
}"""

#: The right edge of everything drawn inside ``selector`` (its text, not its box).
TEXT_RIGHT = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  return Math.max(...[...range.getClientRects()].map((r) => r.right));
}"""


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "(e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; }")


def assert_no_sideways_scrolling(page: Page, what: str) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{what}: the page scrolls sideways ({widths[0]} px content in {widths[1]} px)"


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_a_child_variant_reads_from_the_right(pages, lang):
    page = pages.new_page(viewport=SMALL_PHONE)
    page.goto(variant_url("lac-review-child", "child") + f"?lang={lang}")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    choices = page.evaluate(CHOICES)
    assert len(choices) >= 3, choices
    for choice in choices:
        # right to left: the control, then its picture, then its words
        assert choice["input"]["left"] >= choice["picture"]["right"] - 1, choice
        assert choice["picture"]["left"] >= choice["words"]["right"] - 1, choice
        # the circle is drawn over the input that takes the tap, not at the other end of the row
        assert abs(choice["circle"]["left"] - choice["input"]["left"]) <= 3, choice
        assert abs(choice["circle"]["right"] - choice["input"]["right"]) <= 3, choice
    heading_right = page.evaluate(TEXT_RIGHT, "h1")
    assert abs(choices[0]["input"]["right"] - heading_right) <= 1, (choices[0], heading_right)
    # on a phone the faces are stacked, happy at the top
    first_three = choices[:3]
    assert [c["input"]["top"] for c in first_three] == sorted(c["input"]["top"] for c in first_three)

    assert_no_sideways_scrolling(page, f"{lang} child variant at 360 px")
    check_page(page, f"lac-review-child/child in {lang}")
    page.set_viewport_size(ZOOMED_400)
    assert_no_sideways_scrolling(page, f"{lang} child variant at 320 px (400% zoom)")

    # on a wide screen the faces are in a row, happy first in reading order: at the right
    page.set_viewport_size({"width": 1280, "height": 800})
    happy, not_sure = page.evaluate(CHOICES)[:2]
    assert happy["input"]["top"] == not_sure["input"]["top"], (happy, not_sure)
    assert happy["picture"]["left"] > not_sure["picture"]["right"], (happy, not_sure)
    column, container = box(page, ".govuk-grid-column-two-thirds"), box(page, "main")
    assert abs(column["right"] - container["right"]) <= 16, (column, container)  # the column starts at the right


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_the_paged_journey_has_its_back_link_and_progress_at_the_right(pages, lang):
    page = pages.new_page(viewport=SMALL_PHONE)
    page.goto(variant_url("lac-review-child", "child", "/paged") + f"?lang={lang}")
    press_and_wait(page, continue_button(page))  # question 2, with a Back button

    back = page.locator(".govuk-back-link")
    expect(back).to_be_visible()
    back_box, main_box = box(page, ".govuk-back-link"), box(page, "main")
    assert abs(back_box["right"] - main_box["right"]) <= 1, (back_box, main_box)
    chevron = back.evaluate("(e) => { const s = getComputedStyle(e, '::before');"
                            " return [parseFloat(s.left), e.getBoundingClientRect().width, s.transform]; }")
    left, width, transform = chevron
    assert left > width / 2, f"the chevron is not at the right of 'Back': {chevron}"
    # rotate(45deg), the matrix GOV.UK's breadcrumbs use for a chevron pointing right
    assert transform.startswith("matrix(0.707107, 0.707107, -0.707107, 0.707107"), transform

    caption_right = page.evaluate(TEXT_RIGHT, ".govuk-caption-l")
    assert abs(caption_right - main_box["right"]) <= 1, (caption_right, main_box)
    button = box(page, "button[name='_go'][value='next']")
    assert abs(button["right"] - main_box["right"]) <= 1, (button, main_box)

    assert_no_sideways_scrolling(page, f"{lang} paged journey at 360 px")
    check_page(page, f"lac-review-child/child paged, question 2, in {lang}")
    page.set_viewport_size(ZOOMED_400)
    assert_no_sideways_scrolling(page, f"{lang} paged journey at 320 px (400% zoom)")


def test_errors_are_marked_on_the_right_in_arabic(pages):
    page = pages.new_page(viewport=SMALL_PHONE)
    page.goto(variant_url("have-your-say", "child") + "?lang=ar")
    press_and_wait(page, send_button(page))  # "What do you want to tell us?" is required

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    title_right = page.evaluate(TEXT_RIGHT, ".govuk-error-summary__title")
    first_error_right = page.evaluate(TEXT_RIGHT, ".govuk-error-summary__list li")
    # the list of errors starts under the title at the right, not a list's indent in from it
    assert abs(first_error_right - title_right) <= 1, (first_error_right, title_right)

    group = page.locator(".govuk-form-group--error").first
    bar = group.evaluate("(e) => { const s = getComputedStyle(e); return [s.borderRightWidth, s.borderLeftWidth]; }")
    assert bar == ["5px", "0px"], f"the red bar is not on the right edge: {bar}"
    group_right = group.evaluate("(e) => e.getBoundingClientRect().right")
    message_right = page.evaluate(TEXT_RIGHT, ".govuk-form-group--error .govuk-error-message")
    assert abs(message_right - (group_right - 5 - 15)) <= 1, (message_right, group_right)  # inside bar and padding
    assert_no_sideways_scrolling(page, "have-your-say/child with errors in Arabic")


def test_the_childline_number_reads_0800_1111_in_every_right_to_left_language(pages):
    page = pages.new_page(viewport=SMALL_PHONE)
    for lang in RIGHT_TO_LEFT:
        page.goto(variant_url("have-your-say", "child") + f"?lang={lang}")
        first = page.evaluate(TEXT_BOX, ["main .govuk-body-l", "0800"])
        second = page.evaluate(TEXT_BOX, ["main .govuk-body-l", "1111"])
        assert first and second, f"{lang}: no Childline number in the introduction"
        if abs(first["top"] - second["top"]) < 5:  # on one line: 0800 comes first, at the left
            assert first["right"] <= second["left"], f"{lang}: the number reads backwards: {first} {second}"
        else:
            pytest.fail(f"{lang}: the Childline number is broken over two lines: {first} {second}")
