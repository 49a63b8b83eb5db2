"""Every questionnaire and version renders, validates and submits in another language (issue 11).

Two kinds of catalogue:

- a test catalogue, made here from the two templates (.pot) with every message written as
  ``⟦English⟧``, installed for Polish: it shows that every word on the page and every
  validation message comes from a catalogue, and that what is stored is the option values;
- the real catalogues of every shipped language (languages.yaml): each page is in that
  language and each submission stored. These fail for a language whose catalogues are not
  translated yet, like tests/test_translations.py.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from feedback_app.i18n import MESSAGES_DIR, QUESTIONNAIRES_DIR, SOURCE_LANGUAGE, shipped_languages
from forms.builder import NOT_AN_OPTION, ONLY_ONE, TOO_LONG
from forms.model import TEXT_MAX_LENGTH
from forms.registry import load_questionnaires
from tests.helpers import CSRF, example_answers, stored

LTR_NUMBER = re.compile(r'<span dir="ltr">([^<]*)</span>')

QUESTIONNAIRES = load_questionnaires()
PUBLIC = [(q.slug, name) for q in QUESTIONNAIRES.values() if not q.staff_only for name in q.variants]
TEST_LANGUAGE = "pl"
CACHES = ("translated_questionnaires", "form_classes", "blank_pages")
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def marked(text: str) -> str:
    return f"⟦{text}⟧"


def _marked_catalogue(template, domain: str) -> Translations:
    with open(template, "rb") as handle:
        catalogue = read_po(handle, locale=TEST_LANGUAGE)
    for message in catalogue:
        if message.id:
            if isinstance(message.id, tuple):
                message.string = tuple(marked(message.id[-1]) for _ in range(catalogue.num_plurals))
            else:
                message.string = marked(message.id)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


def _clear_caches(app) -> None:
    for name in CACHES:
        app.extensions.pop(name, None)


@pytest.fixture
def test_catalogue(app):
    """Polish replaced by the test catalogue for one test; whatever was there comes back after."""
    domains = (app.extensions["babel"].instance.domain_instance, app.extensions["questionnaires_domain"])
    saved = [domain.catalogues.get(TEST_LANGUAGE) for domain in domains]
    domains[0].catalogues[TEST_LANGUAGE] = _marked_catalogue(MESSAGES_DIR / "messages.pot", "messages")
    domains[1].catalogues[TEST_LANGUAGE] = _marked_catalogue(QUESTIONNAIRES_DIR / "questionnaires.pot",
                                                             "questionnaires")
    _clear_caches(app)
    yield
    for domain, catalogue in zip(domains, saved, strict=True):
        if catalogue is None:
            domain.catalogues.pop(TEST_LANGUAGE, None)
        else:
            domain.catalogues[TEST_LANGUAGE] = catalogue
    _clear_caches(app)


def _url(slug: str, name: str) -> str:
    return f"/q/{slug}" if name == QUESTIONNAIRES[slug].default_variant else f"/q/{slug}/{name}"


def _post(client, url: str, answers: dict):
    token = CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    return client.post(url, data={"csrf_token": token, **answers})


@pytest.mark.parametrize(("slug", "name"), PUBLIC, ids=[f"{s}/{n}" for s, n in PUBLIC])
def test_every_version_renders_and_submits_in_the_test_language(app, test_catalogue, slug, name):
    client = app.test_client()
    client.get(f"/?lang={TEST_LANGUAGE}")
    variant = QUESTIONNAIRES[slug].variants[name]
    page = html.unescape(client.get(_url(slug, name)).get_data(as_text=True))
    page = LTR_NUMBER.sub(r"\1", page)  # the introduction's numbers are wrapped for right-to-left pages
    assert marked(variant.title) in page and marked(variant.intro) in page
    assert marked("Send my answers") in page
    for question in variant.questions:
        assert marked(question.text) in page, question.id
        for option in question.options:
            assert marked(option.label) in page, (question.id, option.value)
    answers = example_answers(variant)
    response = _post(client, _url(slug, name), answers)
    assert response.status_code == 303
    [row] = stored(app)
    expected = {qid: value if isinstance(value, list) else [value] for qid, value in answers.items()
                if not any(q.id == qid and q.personal for q in variant.questions)}
    assert {qid: values for qid, values in row["answers"].items()} == expected  # values, never the words shown
    assert row["language"] == TEST_LANGUAGE  # the language it was answered in is kept with it
    if variant.thank_you:
        thanks = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
        assert marked(variant.thank_you) in thanks and marked("Your answers have been sent") in thanks


def test_validation_messages_are_in_the_readers_language(app, test_catalogue):
    client = app.test_client()
    client.get(f"/?lang={TEST_LANGUAGE}")
    variant = QUESTIONNAIRES["have-your-say"].variant(None)
    single = next(q for q in variant.questions if q.type == "single")
    text = next(q for q in variant.questions if q.type == "text")
    page = html.unescape(_post(client, "/q/have-your-say", {single.id: "sideways"}).get_data(as_text=True))
    assert marked("There is a problem") in page and marked(NOT_AN_OPTION) in page
    page = html.unescape(_post(client, "/q/have-your-say", {single.id: [single.options[0].value,
                                                                         single.options[1].value]}).get_data(as_text=True))
    assert marked(ONLY_ONE) in page
    page = html.unescape(_post(client, "/q/have-your-say",
                               {text.id: "x" * (TEXT_MAX_LENGTH + 1)}).get_data(as_text=True))
    limit = format_decimal(TEXT_MAX_LENGTH, locale=TEST_LANGUAGE)
    assert marked(TOO_LONG) % {"limit": limit} in page
    required = next((q for q in variant.questions if q.required), None)
    if required is not None:
        assert marked(required.required_message) in page
    assert stored(app) == []


def test_the_one_question_pages_are_in_the_readers_language(app, test_catalogue):
    client = app.test_client()
    client.get(f"/?lang={TEST_LANGUAGE}")
    variant = QUESTIONNAIRES["fgc-family"].variant(None)
    page = html.unescape(client.get("/q/fgc-family/paged").get_data(as_text=True))
    assert marked("Question %(number)s of %(count)s") % {"number": 1, "count": len(variant.questions)} in page
    assert marked("Continue") in page and marked(variant.questions[0].text) in page


def test_an_error_page_is_in_the_readers_language(app, test_catalogue):
    client = app.test_client()
    page = client.get(f"/no-such-page?lang={TEST_LANGUAGE}")
    assert page.status_code == 404 and marked("Page not found") in page.get_data(as_text=True)


def test_english_is_untouched_by_another_languages_catalogue(app, test_catalogue):
    page = app.test_client().get("/q/fgc-family").get_data(as_text=True)
    assert "⟦" not in page


# --- the real catalogues -----------------------------------------------------------------------

SHIPPED = [code for code in shipped_languages() if code != SOURCE_LANGUAGE]


def _real_translation(code: str, text: str) -> str:
    with (QUESTIONNAIRES_DIR / code / "LC_MESSAGES" / "questionnaires.po").open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    message = catalogue.get(text)
    return message.string if message is not None and message.string and not message.fuzzy else ""


@pytest.mark.parametrize("code", SHIPPED)
def test_every_version_renders_and_submits_in_each_shipped_language(app, code):
    client = app.test_client()
    client.get(f"/?lang={code}")
    for slug, name in PUBLIC:
        variant = QUESTIONNAIRES[slug].variants[name]
        page = client.get(_url(slug, name)).get_data(as_text=True)
        assert f'lang="{code}"' in page.split(">", 2)[1]
        title = html.unescape(H1.search(page).group(1)).strip()
        translated = _real_translation(code, variant.title)
        assert translated and translated != variant.title, f"{code}: no translation of {variant.title!r}"
        assert title == translated
        assert _post(client, _url(slug, name), example_answers(variant)).status_code == 303, (slug, name)
    assert len(stored(app)) == len(PUBLIC)
    assert {row["language"] for row in stored(app)} == {code}
