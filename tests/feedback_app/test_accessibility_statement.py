"""The accessibility statement at /accessibility: the GOV.UK model's sections, the council's own
contact details, and a link to it in the footer of every public page."""

from __future__ import annotations

import re
from itertools import pairwise

from tests.helpers import another_app

HEADING = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.S)
MODEL_SECTIONS = [
    "How accessible this service is",
    "Feedback and contact information",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Technical information about this service’s accessibility",
    "Non-accessible content",
    "Preparation of this accessibility statement",
]


def headings(html: str) -> list[tuple[int, str]]:
    return [(int(level), re.sub(r"<[^>]+>", "", text).strip()) for level, text in HEADING.findall(html)]


def test_the_statement_has_the_model_statements_sections_in_order(client):
    page = client.get("/accessibility")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"]  # the same protection as every other page
    html = page.get_data(as_text=True)
    found = headings(html)
    assert [text for level, text in found if level == 1] == ["Accessibility statement"]
    second_level = [text for level, text in found if level == 2 and text != "Support links"]
    assert [section for section in second_level if section in MODEL_SECTIONS] == MODEL_SECTIONS
    levels = [level for level, _ in found]
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels)), "a heading level is skipped"
    assert "<title>Accessibility statement – " in html
    for words in ("WCAG", "2.2", "Equality and Human Rights Commission", "Equality Advisory and Support Service",
                  "axe-core", "keyboard", "400%", "JavaScript", "Read this to me", "prepared on"):
        assert words in html, words


def test_the_statement_gives_the_councils_own_contact_details(client, app):
    html = client.get("/accessibility").get_data(as_text=True)
    authority = app.config["DEPLOYMENT"]["authority"]
    phone = authority["children_services_phone"]
    assert f'href="tel:{phone.replace(" ", "")}"' in html and phone in html
    assert f'href="mailto:{authority["complaints_email"]}"' in html
    assert authority["name"] in html


def test_a_councils_settings_change_the_statement(app, tmp_path, monkeypatch):
    settings = tmp_path / "council.yaml"
    settings.write_text("authority:\n  name: Coventry City Council\n  children_services_phone: 024 7678 8555\n"
                        "  complaints_email: complaints@coventry.example\n")
    monkeypatch.setenv("FEEDBACK_CONFIG", str(settings))
    with another_app(app) as council:
        html = council.test_client().get("/accessibility").get_data(as_text=True)
        assert "Coventry City Council" in html
        assert 'href="tel:02476788555"' in html
        assert "complaints@coventry.example" in html


def test_every_public_page_links_to_it_in_the_footer_beside_the_privacy_notice(client):
    for url in ("/", "/privacy", "/accessibility", "/q/cp-conference-parent", "/q/lac-review-child/young",
                "/q/lac-review-child/thank-you", "/no-such-page"):
        html = client.get(url).get_data(as_text=True)
        footer = html[html.index('<footer class="govuk-footer"'):]
        privacy = footer.index('href="/privacy"')
        statement = footer.index('href="/accessibility">Accessibility statement</a>')
        assert privacy < statement, url
