"""Choosing a language on the public pages (issue 11): ?lang=, the session, Accept-Language, the
deployment's list; <html lang> and dir; the language links; staff pages stay English."""

from __future__ import annotations

import re

import pytest

from feedback_app.config import ConfigError, load_deployment
from feedback_app.i18n import SESSION_KEY, is_right_to_left, language_name, shipped_languages
from tests.helpers import another_app

HTML_TAG = re.compile(r"<html[^>]*>")
BODY_TAG = re.compile(r"<body[^>]*>")
SHIPPED = list(shipped_languages())
RIGHT_TO_LEFT = {"ar", "fa", "ps", "ckb", "ur"}


def html_lang(page: str) -> str:
    return re.search(r'lang="([^"]+)"', HTML_TAG.search(page).group(0)).group(1)


def body_dir(page: str) -> str | None:
    found = re.search(r'dir="([^"]+)"', BODY_TAG.search(page).group(0))
    return found.group(1) if found else None


def html_dir(page: str) -> str | None:
    found = re.search(r'dir="([^"]+)"', HTML_TAG.search(page).group(0))
    return found.group(1) if found else None


def language_list(page: str) -> list[dict[str, str]]:
    nav = re.search(r'<nav class="app-languages".*?</nav>', page, re.S)
    if nav is None:
        return []
    items = []
    for tag in re.findall(r"<(?:a|span) [^>]*>[^<]*</(?:a|span)>", nav.group(0)):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        attributes["text"] = re.search(r">([^<]*)<", tag).group(1)
        items.append(attributes)
    return items


def test_the_shipped_languages_are_english_and_the_twelve():
    assert SHIPPED == ["en", "ar", "fa", "ps", "ckb", "ur", "ti", "am", "vi", "sq", "pl", "ro", "pa"]
    assert {code for code in SHIPPED if is_right_to_left(code)} == RIGHT_TO_LEFT


def test_english_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert html_lang(page) == "en" and body_dir(page) is None and html_dir(page) is None


@pytest.mark.parametrize("code", SHIPPED)
def test_lang_in_the_address_sets_html_lang_and_direction(client, code):
    response = client.get(f"/q/fgc-family?lang={code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html_lang(page) == code
    assert body_dir(page) == ("rtl" if code in RIGHT_TO_LEFT else None)
    assert html_dir(page) == ("rtl" if code in RIGHT_TO_LEFT else None)  # beside lang, as the contract says


def test_the_copied_page_template_is_the_packages_but_for_the_direction():
    """feedback_app/templates/layout/govuk_template.html copies GOV.UK Frontend Jinja's template to
    put dir on <html>: after an upgrade of the package, copy it again."""
    from pathlib import Path

    import govuk_frontend_jinja

    package = (Path(govuk_frontend_jinja.__file__).parent / "templates" / "template.html").read_text()
    ours = (Path(__file__).resolve().parents[2] / "feedback_app" / "templates" / "layout"
            / "govuk_template.html").read_text()
    ours = ours[ours.index("-#}") + 4:].replace('{%- if htmlDir %} dir="{{ htmlDir }}"{% endif %}', "")
    assert ours == package


def test_the_chosen_language_is_remembered_for_the_journey(client):
    client.get("/?lang=pl")
    with client.session_transaction() as session:
        assert session[SESSION_KEY] == "pl"
    assert html_lang(client.get("/q/fgc-family").get_data(as_text=True)) == "pl"
    assert html_lang(client.get("/q/fgc-family/paged").get_data(as_text=True)) == "pl"
    client.get("/privacy?lang=en")  # and changed back
    assert html_lang(client.get("/q/fgc-family").get_data(as_text=True)) == "en"


def test_the_browsers_language_is_used_but_never_stored(client):
    page = client.get("/q/fgc-family", headers={"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"})
    assert html_lang(page.get_data(as_text=True)) == "fa"
    assert "Accept-Language" in page.headers["Vary"]
    with client.session_transaction() as session:
        assert SESSION_KEY not in session
    assert html_lang(client.get("/q/fgc-family").get_data(as_text=True)) == "en"


def test_a_chosen_language_wins_over_the_browsers(client):
    page = client.get("/?lang=vi", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert html_lang(page) == "vi"


@pytest.mark.parametrize("code", ["xx", "EN", "", "pl;drop", "<script>", "../../etc", "a" * 5000, "ar\x00"])
def test_an_unknown_language_is_ignored(client, code):
    response = client.get("/q/fgc-family", query_string={"lang": code})
    assert response.status_code == 200
    assert html_lang(response.get_data(as_text=True)) == "en"
    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_every_public_page_lists_every_language_named_in_itself(client):
    for url in ("/", "/privacy", "/accessibility", "/c", "/q/fgc-family", "/q/fgc-family/paged",
                "/q/fgc-family/thank-you", "/no-such-page"):
        items = language_list(client.get(url + "?lang=ar").get_data(as_text=True))
        assert [item["lang"] for item in items] == SHIPPED, url
        for item in items:
            assert item["text"] == language_name(item["lang"])
            assert item["dir"] == ("rtl" if item["lang"] in RIGHT_TO_LEFT else "ltr")
            if item["lang"] == "ar":
                assert item["aria-current"] == "true" and "href" not in item
            else:
                assert item["hreflang"] == item["lang"] and "aria-current" not in item
                assert item["href"] == f"{url}?lang={item['lang']}"
    names = {item["lang"]: item["text"] for item in language_list(client.get("/").get_data(as_text=True))}
    assert names["pl"] == "Polski" and names["ar"] == "العربية" and names["pa"] == "ਪੰਜਾਬੀ"


def test_a_language_link_is_the_page_and_its_language_alone(client):
    """Even on a page drawn from the blank-page cache for another visitor's address."""
    client.get("/q/fgc-family?lang=pl")
    items = language_list(client.get("/q/fgc-family?x=1&lang=pl").get_data(as_text=True))
    assert {item["href"] for item in items if "href" in item} == {
        f"/q/fgc-family?lang={code}" for code in SHIPPED if code != "pl"}


def test_the_deployment_chooses_which_languages_are_offered(app, tmp_path, monkeypatch):
    settings = tmp_path / "council.yaml"
    settings.write_text("languages: [en, pl, ar]\n")
    monkeypatch.setenv("FEEDBACK_CONFIG", str(settings))
    with another_app(app) as council:
        client = council.test_client()
        page = client.get("/?lang=vi").get_data(as_text=True)  # shipped, but not offered here
        assert html_lang(page) == "en"
        assert [item["lang"] for item in language_list(page)] == ["en", "pl", "ar"]
        assert html_lang(client.get("/", headers={"Accept-Language": "vi, ar;q=0.5"}).get_data(as_text=True)) == "ar"


def test_english_alone_shows_no_language_list(app, tmp_path, monkeypatch):
    settings = tmp_path / "council.yaml"
    settings.write_text("languages: [en]\n")
    monkeypatch.setenv("FEEDBACK_CONFIG", str(settings))
    with another_app(app) as council:
        page = council.test_client().get("/?lang=pl").get_data(as_text=True)
        assert html_lang(page) == "en" and language_list(page) == []


@pytest.mark.parametrize(("languages", "problem"), [
    ("[en, xx]", "not shipped"), ("[pl, ar]", "must include en"), ("en", "must be a list"), ("[en, 3]", "list"),
])
def test_a_deployment_cannot_offer_what_is_not_shipped(tmp_path, languages, problem):
    settings = tmp_path / "council.yaml"
    settings.write_text(f"languages: {languages}\n")
    with pytest.raises(ConfigError, match=problem):
        load_deployment(str(settings))


def test_the_default_deployment_offers_every_shipped_language():
    assert load_deployment(None)["languages"] == SHIPPED


def test_staff_pages_stay_in_english(client):
    client.get("/?lang=ar")
    page = client.get("/staff/login?lang=ar", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert html_lang(page) == "en" and body_dir(page) is None and language_list(page) == []


def test_a_blank_page_is_cached_per_language(client):
    polish = client.get("/q/fgc-family?lang=pl").get_data(as_text=True)
    english = client.get("/q/fgc-family?lang=en").get_data(as_text=True)
    assert html_lang(polish) == "pl" and html_lang(english) == "en"


def test_a_card_keeps_the_language_it_carries(app, client):
    from feedback_app.invitations import codes

    with app.app_context():
        _, cards = codes.create_batch(questionnaires=["cp-conference-parent"], meeting_type="fgc", month="2026-10",
                                      team=None, cards_each=2, created_by="chair@council.example")
        from feedback_app.extensions import db

        db.session.commit()
    first, second = cards[0].code, cards[1].code
    response = client.get(f"/c/{first}?lang=ur")
    assert response.status_code == 302 and response.headers["Location"].endswith("/q/cp-conference-parent?lang=ur")
    assert html_lang(client.get(response.headers["Location"]).get_data(as_text=True)) == "ur"
    unknown = app.test_client().get(f"/c/{second}?lang=zz")
    assert unknown.headers["Location"].endswith("/q/cp-conference-parent")
