"""The public pages in the reader's language (issue 11, decision 0013).

Two gettext domains, as a translator sees them:

- ``messages``: the words of the public pages (templates, error pages, validation
  messages), catalogues in ``feedback_app/translations/<lang>/LC_MESSAGES/``;
- ``questionnaires``: the questionnaires' own text, from ``forms/definitions``,
  catalogues in ``forms/translations/<lang>/LC_MESSAGES/``.

The ``.po`` files are compiled in memory when the app starts (no ``.mo`` files in
git, no build step): a clean clone works with ``./run.sh`` alone, and what runs is
always what the ``.po`` says. Fuzzy entries are left out, as ``msgfmt`` does.

The language is chosen per request: ``?lang=CODE`` (kept in the session for the
journey), then the browser's Accept-Language (never stored), then English. Staff
pages are always English (decision 0013).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import Babel, Domain, get_locale

from forms.i18n import SOURCE_LANGUAGE, TRANSLATIONS_DIR, name_in_itself, translate_questionnaire, translation_records
from forms.model import Questionnaire

ROOT = Path(__file__).resolve().parent.parent
MESSAGES_DIR = ROOT / "feedback_app" / "translations"
QUESTIONNAIRES_DIR = TRANSLATIONS_DIR
#: The query parameter a link, card or QR code uses to choose a language.
QUERY_KEY = "lang"
SESSION_KEY = "lang"
#: Paths whose pages are for staff, always in English.
STAFF_PREFIX = "/staff"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Marks a message for extraction (``babel.cfg``) where it is defined; it is translated where it is shown."""
    return message


def shipped_languages() -> dict[str, dict[str, Any]]:
    """Every language the service ships a translation for, with how it was made (languages.yaml), English first."""
    return {SOURCE_LANGUAGE: {"made_by": "Source text", "checked_by": None, "checked_on": None},
            **translation_records()}


#: The language named in itself ("polski" as "Polski"), from Babel's CLDR data.
language_name = name_in_itself


def is_right_to_left(code: str) -> bool:
    return Locale.parse(code).character_order == "right-to-left"


def compile_catalogue(po_path: Path, code: str, domain: str) -> Translations:
    """A ``.po`` file compiled in memory, untranslated and fuzzy entries falling back to English.

    Compiled once per version of the file in a process: reading 24 catalogues took most of the
    app's start-up, which the tests (and gunicorn's workers after a reload) pay for every app."""
    stat = po_path.stat()
    return _compiled(po_path, stat.st_mtime_ns, stat.st_size, code, domain)


@functools.lru_cache(maxsize=128)
def _compiled(po_path: Path, _mtime_ns: int, _size: int, code: str, domain: str) -> Translations:
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, locale=code, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=domain)


class CompiledDomain(Domain):
    """A Flask-Babel domain whose catalogues were compiled from ``.po`` at start-up."""

    def __init__(self, directory: Path, domain: str, languages: list[str]):
        super().__init__(translation_directories=[str(directory)], domain=domain)
        self.catalogues: dict[str, Translations] = {}
        for code in languages:
            po_path = directory / code / "LC_MESSAGES" / f"{domain}.po"
            if code != SOURCE_LANGUAGE and po_path.is_file():
                self.catalogues[code] = compile_catalogue(po_path, code, domain)

    def get_translations(self):
        locale = get_locale()
        return self.catalogues.get(str(locale), NullTranslations()) if locale else NullTranslations()


def setting_text(text: str) -> str:
    """A council's own words (a setting) in the reader's language when the catalogue has them,
    as they are otherwise. Not Jinja's ``_``, which would treat a ``%`` in a setting as a placeholder."""
    return current_app.extensions["babel"].instance.domain_instance.get_translations().ugettext(text)


def offered_languages() -> list[str]:
    """The deployment's languages; on a questionnaire's pages, only those it is wholly translated
    into (a questionnaire built on the staff pages may not be yet: feedback_app/builder/translations.py)."""
    languages = current_app.config["DEPLOYMENT"]["languages"]
    slug = (request.view_args or {}).get("slug") if has_request_context() and not _is_staff_page() else None
    questionnaire = current_app.extensions["questionnaires"].get(slug) if isinstance(slug, str) else None
    if questionnaire is None:
        return languages
    from feedback_app.builder.translations import complete_languages  # it reads this module's catalogues

    return complete_languages(questionnaire)


def _is_staff_page() -> bool:
    return request.path == STAFF_PREFIX or request.path.startswith(STAFF_PREFIX + "/")


def remember_chosen_language() -> None:
    """``?lang=CODE`` on a public page: kept in the session for the journey. An unknown
    or unoffered code is ignored, as if it were not there (no error, nothing stored)."""
    chosen = request.args.get(QUERY_KEY)
    if chosen and not _is_staff_page() and chosen in offered_languages() and session.get(SESSION_KEY) != chosen:
        session[SESSION_KEY] = chosen


def select_locale() -> str:
    if _is_staff_page():
        return SOURCE_LANGUAGE
    offered = offered_languages()
    chosen = request.args.get(QUERY_KEY)
    if chosen in offered:
        return chosen
    remembered = session.get(SESSION_KEY)
    if remembered in offered:
        return remembered
    # The browser's preference, used for this page only, never stored.
    return request.accept_languages.best_match(offered) or SOURCE_LANGUAGE


def current_language() -> str:
    locale = get_locale()
    return str(locale) if locale else SOURCE_LANGUAGE


def questionnaire_gettext() -> Callable[[str], str]:
    return current_app.extensions["questionnaires_domain"].gettext


def translated(questionnaire: Questionnaire) -> Questionnaire:
    """The questionnaire in the reader's language, translated once per (slug, language)."""
    language = current_language()
    if language == SOURCE_LANGUAGE:
        return questionnaire
    cache: dict[tuple[str, str], Questionnaire] = current_app.extensions.setdefault("translated_questionnaires", {})
    key = (questionnaire.slug, language)
    if key not in cache:
        shipped = questionnaire_gettext()
        # Translations uploaded on the staff pages for this questionnaire come first (decision 0025).
        uploaded = current_app.extensions.get("questionnaire_translations", {}).get(key, {})
        cache[key] = translate_questionnaire(questionnaire, lambda text: uploaded.get(text) or shipped(text))
    return cache[key]


def language_links() -> list[dict[str, Any]]:
    """The GOV.UK-style language list: each language named in itself, the current one marked.
    Each link is this page with ``?lang=`` alone: no public page takes other query arguments, and
    a blank page is cached per (path, language), so its links must not depend on anything else."""
    current = current_language()
    return [{"code": code, "name": language_name(code), "current": code == current,
             "dir": "rtl" if is_right_to_left(code) else "ltr",
             "href": f"{request.path}?{urlencode({QUERY_KEY: code})}"}
            for code in offered_languages()]


def check_languages(languages: Any, source: str) -> list[str]:
    """The deployment's ``languages:``: shipped codes only, English among them (the fallback text)."""
    shipped = shipped_languages()
    if not isinstance(languages, list) or not all(isinstance(code, str) for code in languages):
        raise ValueError(f"{source}: languages must be a list of language codes, like [en, pl]")
    unknown = [code for code in languages if code not in shipped]
    if unknown:
        raise ValueError(f"{source}: languages {', '.join(unknown)} are not shipped; "
                         f"shipped: {', '.join(shipped)}")
    if SOURCE_LANGUAGE not in languages:
        raise ValueError(f"{source}: languages must include en, the text every translation falls back to")
    return list(dict.fromkeys(languages))


def init_app(app: Flask) -> None:
    languages = list(shipped_languages())
    babel = Babel(app, locale_selector=select_locale, default_translation_directories=str(MESSAGES_DIR))
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # as babel.cfg's trimmed = true: msgids without layout
    babel.domain_instance = CompiledDomain(MESSAGES_DIR, "messages", languages)
    app.extensions["questionnaires_domain"] = CompiledDomain(QUESTIONNAIRES_DIR, "questionnaires", languages)
    app.before_request(remember_chosen_language)
    app.jinja_env.globals["setting_text"] = setting_text

    @app.after_request
    def vary_on_language(response):
        if not _is_staff_page():
            response.vary.add("Accept-Language")  # the page's language may come from it
        return response

    @app.context_processor
    def language_context():
        if not has_request_context() or _is_staff_page():
            return {"page_language": SOURCE_LANGUAGE, "page_direction": "ltr", "language_links": []}
        language = current_language()
        return {"page_language": language, "page_direction": "rtl" if is_right_to_left(language) else "ltr",
                "language_links": language_links}


def catalogue_progress(code: str, domain: str) -> dict[str, int]:
    """How far a language's catalogue is: messages of the template translated (not fuzzy), fuzzy, in all."""
    directory, template = ((MESSAGES_DIR, MESSAGES_DIR / "messages.pot") if domain == "messages"
                           else (QUESTIONNAIRES_DIR, QUESTIONNAIRES_DIR / "questionnaires.pot"))
    with template.open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    progress = {"translated": 0, "fuzzy": 0, "total": len(wanted)}
    po_path = directory / code / "LC_MESSAGES" / f"{domain}.po"
    if code == SOURCE_LANGUAGE:
        return {**progress, "translated": len(wanted)}
    if not po_path.is_file():
        return progress
    with po_path.open("rb") as handle:
        for message in read_po(handle, locale=code):
            if message.id not in wanted:
                continue
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            if message.fuzzy:
                progress["fuzzy"] += 1
            elif all(string and string.strip() for string in strings):
                progress["translated"] += 1
    return progress


def language_status() -> list[dict[str, Any]]:
    """Every shipped language for the staff page: names, direction, whether offered, how its
    translation was made and checked (languages.yaml), and how complete its catalogues are."""
    offered = set(offered_languages())
    rows = []
    for code, about in shipped_languages().items():
        locale = Locale.parse(code)
        rows.append({
            "code": code, "english_name": locale.get_display_name("en"), "own_name": language_name(code),
            "direction": "Right to left" if is_right_to_left(code) else "Left to right",
            "offered": code in offered, "made_by": about.get("made_by") or "Not recorded",
            "checked_by": about.get("checked_by"), "checked_on": about.get("checked_on"),
            "messages": catalogue_progress(code, "messages"),
            "questionnaires": catalogue_progress(code, "questionnaires"),
        })
    return rows
