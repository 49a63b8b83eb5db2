"""Checks of how pages look and how big their targets are, for children's variants."""

from __future__ import annotations

from playwright.sync_api import Page

SMALL_PHONE = {"width": 360, "height": 640}

GEOMETRY = """() => [...document.querySelectorAll(
    '.app-choices--pictures .govuk-radios__item, .app-choices--pictures .govuk-checkboxes__item')]
  .map((item) => {
    const input = item.querySelector('input');
    const label = item.querySelector('label');
    const picture = item.querySelector('.app-choice__picture');
    const itemBox = item.getBoundingClientRect();
    const circle = getComputedStyle(label, '::before');
    const mark = getComputedStyle(label, '::after');
    const middle = (box) => box.top + box.height / 2;
    const drawnMiddle = (style) => parseFloat(style.top) + (style.boxSizing === 'border-box' ? parseFloat(style.height)
      : parseFloat(style.height) + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth)) / 2;
    return {
      option: input.id,
      input: [input.getBoundingClientRect().width, input.getBoundingClientRect().height],
      label: [label.getBoundingClientRect().width, label.getBoundingClientRect().height],
      inputMiddle: middle(input.getBoundingClientRect()) - itemBox.top,
      circleMiddle: drawnMiddle(circle),
      markMiddle: drawnMiddle(mark),
      checkbox: input.type === 'checkbox',
      pictureMiddle: picture ? middle(picture.getBoundingClientRect()) - itemBox.top : null,
    };
  })"""


SMALL_TARGETS = """(controls) => controls.filter((element) => element.getClientRects().length > 0).map((element) => {
  element.scrollIntoView({block: 'center', inline: 'center'});
  const box = element.getBoundingClientRect();
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const hits = ([dx, dy]) => {
    const found = document.elementFromPoint(x + dx, y + dy);
    return Boolean(found) && (found === element || element.contains(found)
      || (found.tagName === 'LABEL' && found.control === element));
  };
  return [[-21, 0], [21, 0], [0, -21], [0, 21]].every(hits) ? null : element.outerHTML.slice(0, 100);
}).filter(Boolean)"""
CONTROLS = "main input:not([type=hidden]):not([tabindex='-1']), main textarea, main button"


def assert_big_targets(page: Page, what: str) -> None:
    """Every answer, button and Back or Change control can be hit 21px either side of its
    middle: a 44 x 44 px target or more (WCAG 2.5.5), as children's fingers need. Links in
    sentences (phone numbers on the thank-you page) are left to axe-core's target-size rule."""
    small = page.locator(CONTROLS).evaluate_all(SMALL_TARGETS)
    assert not small, f"{what}: small targets: {small}"


def assert_choices_level_with_pictures(page: Page, what: str) -> None:
    for item in page.evaluate(GEOMETRY):
        assert min(item["input"]) >= 44 and item["label"][1] >= 44, f"{what}: small target {item}"
        if item["pictureMiddle"] is not None:
            # the circle or box, the dot or tick and the invisible input sit level with the picture
            assert abs(item["circleMiddle"] - item["pictureMiddle"]) <= 2, f"{what}: {item}"
            assert abs(item["inputMiddle"] - item["pictureMiddle"]) <= 2, f"{what}: {item}"
            offset = 3 if item["checkbox"] else 0  # GOV.UK draws the tick a little above the middle
            assert abs(item["markMiddle"] + offset - item["pictureMiddle"]) <= 2, f"{what}: {item}"
