"""axe-core, heading order and 400% zoom on the report pages, with real figures in them."""

from __future__ import annotations

from datetime import date

import pytest

from feedback_app.responses import store_response
from forms.registry import load_questionnaires
from tests.browser.conftest import check_page
from tests.browser.pageflow import sign_in_as
from tests.browser.test_journeys import ZOOMED, assert_no_horizontal_scrolling
from tests.feedback_app.reports.conftest import HEADER, POPULATION, REGISTER

pytestmark = pytest.mark.browser

SATISFACTION = "/staff/reports/satisfaction/complaint-handling?from=2012-01-01&to=2012-01-31&compare=1"
#: A team with no responses: the page says how many and why nothing more is shown.
TOO_FEW = SATISFACTION + "&team=Child+Protection+North"
PAGES = ["/staff/reports", "/staff/reports/complaints/2011", "/staff/reports/complaints/2011?publish=1",
         SATISFACTION, SATISFACTION + "&publish=1", TOO_FEW, "/staff/reports/comments/complaint-handling",
         "/staff/reports/comments/complaint-handling?search=nothing-like-this"]


@pytest.fixture
def figures(app, tmp_path):
    register, population = tmp_path / "register.csv", tmp_path / "population.csv"
    register.write_text("\n".join([HEADER, *REGISTER]) + "\n", encoding="utf-8")
    population.write_text("\n".join(POPULATION) + "\n", encoding="utf-8")
    runner = app.test_cli_runner()
    for command in (["complaints", "import", str(register)], ["population", "import", str(population)]):
        assert runner.invoke(args=command).exit_code == 0
    questionnaire = load_questionnaires()["complaint-handling"]
    with app.app_context():
        for day, value in enumerate(["yes", "partly", "no", "yes", "yes"], start=2):  # five: enough to show
            store_response(questionnaire, "standard", {"felt_listened_to": [value], "eq_disability": ["no"],
                                                       "comments": [f"Comment number {day}"]},
                           submitted_on=date(2012, 1, day))


def test_report_pages_are_accessible(app, page, figures):
    sign_in_as(app, page, "manager")
    for url in PAGES:
        page.goto(url)
        check_page(page, url)


def test_a_bad_period_shows_an_accessible_error(app, pages, figures):
    page = pages.new_page()
    pages.expect_error(page, "400")
    sign_in_as(app, page, "manager")
    page.goto("/staff/reports/satisfaction/complaint-handling?from=2012-02-01&to=2012-01-01")
    check_page(page, "satisfaction summary with a bad period")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "to"


def test_report_pages_reflow_at_400_percent_zoom(app, pages, figures):
    page = pages.new_page(viewport=ZOOMED)
    sign_in_as(app, page, "manager")
    for url in PAGES:
        page.goto(url)
        assert_no_horizontal_scrolling(page, url)


def test_the_period_form_works_with_the_keyboard(app, page, figures):
    sign_in_as(app, page, "manager")
    page.goto(SATISFACTION)
    page.locator("#from").fill("2012-01-03")
    page.locator("#to").press("End")
    page.keyboard.press("Enter")
    page.wait_for_url("**from=2012-01-03**")
    assert "1 January 2012 to 31 January 2012" in page.content()  # whole months


def test_screenshots_of_the_report_pages(app, page, figures, artifacts):
    """Saved for people to look at: test-artifacts/report-*.png."""
    sign_in_as(app, page, "manager")
    page.set_viewport_size({"width": 1100, "height": 900})
    for name, url in (("complaints", "/staff/reports/complaints/2011"), ("satisfaction", SATISFACTION)):
        page.goto(url)
        page.screenshot(path=artifacts / f"report-{name}.png", full_page=True)
        assert (artifacts / f"report-{name}.png").stat().st_size > 10_000
