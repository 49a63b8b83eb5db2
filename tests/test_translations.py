"""The gettext catalogues (issue 11, decision 0013): the page-text template is what the templates and
code contain, and every shipped language's two catalogues translate every message, none fuzzy, with
the placeholders kept and every plural form the language needs.

The completeness tests fail until the translators' catalogues are merged: that is the point, a
language with a missing or half-done catalogue is not shippable."""

from __future__ import annotations

import re
from configparser import RawConfigParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from feedback_app.i18n import MESSAGES_DIR, QUESTIONNAIRES_DIR, SOURCE_LANGUAGE, shipped_languages

ROOT = Path(__file__).resolve().parent.parent
MESSAGES_TEMPLATE = MESSAGES_DIR / "messages.pot"
QUESTIONNAIRES_TEMPLATE = QUESTIONNAIRES_DIR / "questionnaires.pot"
TRANSLATED = [code for code in shipped_languages() if code != SOURCE_LANGUAGE]
CATALOGUES = [(code, domain) for code in TRANSLATED for domain in ("messages", "questionnaires")]
#: Python-format placeholders (%(name)s), and GOV.UK Frontend's %{count} kept inside them.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%\{(\w+)\}")
HTML_TAG = re.compile(r"</?[a-z]+[^>]*>")


def _babel_cfg() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """babel.cfg read the way pybabel reads it: (pattern, method) and each pattern's options."""
    parser = RawConfigParser()
    parser.read(ROOT / "babel.cfg", encoding="utf-8")
    method_map, options_map = [], {}
    for section in parser.sections():
        method, pattern = (part.strip() for part in section.split(":", 1))
        method_map.append((pattern, method))
        options_map[pattern] = dict(parser.items(section))
    return method_map, options_map


def _extracted_messages() -> set[tuple[str, ...]]:
    method_map, options_map = _babel_cfg()
    found = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords,
                                                comment_tags=("Translators:",), strip_comment_tags=True):
        found.add(message if isinstance(message, tuple) else (message,))
    return found


def _template_messages(path: Path) -> set[tuple[str, ...]]:
    with path.open("rb") as handle:
        return {message.id if isinstance(message.id, tuple) else (message.id,)
                for message in read_po(handle) if message.id}


def _catalogue_path(code: str, domain: str) -> Path:
    directory = MESSAGES_DIR if domain == "messages" else QUESTIONNAIRES_DIR
    return directory / code / "LC_MESSAGES" / f"{domain}.po"


def _template(domain: str) -> Path:
    return MESSAGES_TEMPLATE if domain == "messages" else QUESTIONNAIRES_TEMPLATE


def _placeholders(text: str) -> list[str]:
    return sorted(name or brace for name, brace in PLACEHOLDER.findall(text))


def test_the_page_text_template_is_what_the_templates_and_code_contain():
    assert _template_messages(MESSAGES_TEMPLATE) == _extracted_messages(), \
        "run scripts/update-translations after changing the public pages' words"


def test_the_page_text_template_has_the_public_pages_words():
    """Not an empty extraction that equals an empty template: words from each kind of place."""
    messages = {message[0] for message in _template_messages(MESSAGES_TEMPLATE)}
    for expected in ("Send my answers", "Check your answers before sending them", "Question %(number)s of %(count)s",
                     "Read this to me", "Page not found", "Too many answers from one place",
                     "Select one of the answers shown", "Your answer must be %(limit)s characters or fewer",
                     "Type the code from your card", "Accessibility statement", "How we use your answers",
                     "Skip to main content", "Choose a language"):
        assert expected in messages, expected


def test_the_progress_caption_has_plural_forms():
    assert ("Question %(number)s of %(count)s", "Question %(number)s of %(count)s") in \
        _template_messages(MESSAGES_TEMPLATE)


@pytest.mark.parametrize(("code", "domain"), CATALOGUES, ids=[f"{c}-{d}" for c, d in CATALOGUES])
def test_every_message_is_translated(code, domain):
    path = _catalogue_path(code, domain)
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    with _template(domain).open("rb") as handle:
        template = read_po(handle)
    wanted = {message.id for message in template if message.id}
    have = {message.id: message for message in catalogue if message.id}
    missing = [message_id for message_id in wanted if message_id not in have]
    assert not missing, f"{code} {domain}: {len(missing)} messages missing, e.g. {missing[:3]}"
    forms_needed = catalogue.num_plurals  # gettext's count for the language (Polish 3), from Babel
    problems = []
    for message_id in wanted:
        message = have[message_id]
        if message.fuzzy:
            problems.append(f"fuzzy: {message_id!r}")
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if isinstance(message_id, tuple) and len(strings) < forms_needed:
            problems.append(f"{len(strings)} plural forms of {forms_needed}: {message_id!r}")
        source = message_id[-1] if isinstance(message_id, tuple) else message_id
        for string in strings:
            if not string or not string.strip():
                problems.append(f"untranslated: {message_id!r}")
            elif _placeholders(string) != _placeholders(source) and not (
                    isinstance(message_id, tuple) and set(_placeholders(string)) <= set(_placeholders(source))):
                problems.append(f"placeholders {_placeholders(string)} for {_placeholders(source)}: {message_id!r}")
            elif set(HTML_TAG.findall(string)) != set(HTML_TAG.findall(source)):
                problems.append(f"HTML tags changed: {message_id!r}")
    assert not problems, f"{code} {domain}: {len(problems)} problems:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize(("code", "domain"), CATALOGUES, ids=[f"{c}-{d}" for c, d in CATALOGUES])
def test_no_catalogue_is_stale(code, domain):
    """Nothing translated that the template no longer has (run scripts/update-translations)."""
    path = _catalogue_path(code, domain)
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=code)
    with _template(domain).open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    extra = [message.id for message in catalogue if message.id and message.id not in wanted]
    assert not extra, f"{code} {domain}: {len(extra)} messages the template no longer has, e.g. {extra[:3]}"
    assert not catalogue.obsolete, f"{code} {domain}: obsolete (#~) entries left"
    assert str(catalogue.locale) == code


def test_the_placeholder_check_can_fail():
    assert _placeholders("Run by %(council)s.") != _placeholders("Prowadzi %(rada)s.")
    assert _placeholders("You have %{count} left") == ["count"]
