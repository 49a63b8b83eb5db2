"""Moving through questionnaire pages in a real browser, the way a person would."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from forms.model import MULTI, SINGLE, Question, Variant


def variant_url(slug: str, variant: str, suffix: str = "") -> str:
    return f"/q/{slug}/{variant}{suffix}"


def press_and_wait(page: Page, button: Locator) -> None:
    """Click a button that submits a form and wait for the next page to load."""
    with page.expect_navigation(wait_until="load"):
        button.click()


def answer(page: Page, question: Question, choice: int = 0, text: str | None = None) -> list[str]:
    """Answer ``question`` on the page (option number ``choice``, or ``text``); returns the values given."""
    if question.type in (SINGLE, MULTI):
        option = question.options[choice]
        page.locator(f"input[name='{question.id}'][value='{option.value}']").check()
        return [option.value]
    words = text if text is not None else f"Answer to {question.id}"
    page.locator(f"textarea#{question.id}").fill(words)
    return [words]


def continue_button(page: Page) -> Locator:
    return page.locator("button[name='_go'][value='next']")


def send_button(page: Page) -> Locator:
    return page.locator("#send")


def expect_error_summary(page: Page) -> Locator:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("h2")).to_have_text("There is a problem")
    assert page.title().startswith("Error: "), page.title()
    return summary


def expect_question_page(page: Page, variant: Variant, step: int) -> None:
    expect(page.locator(".govuk-caption-l")).to_have_text(f"Question {step + 1} of {len(variant.questions)}")


def expect_check_page(page: Page) -> None:
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")


def expect_thank_you(page: Page) -> None:
    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you")
    assert urlsplit(page.url).path.endswith("/thank-you"), page.url


STAFF_PASSWORD = "correct horse battery staple"


def sign_in_as(app, page: Page, role: str, email: str | None = None) -> None:
    """Make a staff account with ``role`` and sign in with it through the sign-in page."""
    from feedback_app.staff.accounts import create_user

    email = email or f"{role}.browser@council.example"
    with app.app_context():
        create_user(email, role, STAFF_PASSWORD)
    page.goto("/staff/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff/")
