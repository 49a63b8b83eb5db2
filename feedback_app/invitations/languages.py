"""Which languages the printed forms and cards come in, and their words in each.

The questionnaires' words come from ``forms/translations/<code>/LC_MESSAGES/
questionnaires.po`` (decision 0013); the forms' and cards' own words ("Turn
over", the instructions) from the app's ``messages`` catalogue where it has one
(``feedback_app/translations``), else in English. An untranslated string stays in
English, as gettext does, so a half-finished catalogue still prints a whole form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from babel import Locale

from feedback_app.i18n import compile_catalogue
from forms.i18n import SOURCE_LANGUAGE, TRANSLATIONS_DIR, shipped_languages, translate_questionnaire
from forms.model import Questionnaire

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE_CATALOGUES = TRANSLATIONS_DIR
MESSAGE_CATALOGUES = ROOT / "feedback_app" / "translations"
SOURCE = SOURCE_LANGUAGE

Gettext = Callable[[str], str]


def _identity(text: str) -> str:
    return text


def language_choices() -> list[tuple[str, str]]:
    """(code, name) for each shipped language: the name in the language itself, and in English."""
    choices = []
    for code in shipped_languages():
        locale = Locale.parse(code)
        own, english = locale.get_display_name(locale), locale.get_display_name("en")
        choices.append((code, english if own == english else f"{own} ({english})"))
    return choices


def catalogue_gettext(path: Path, language: str, domain: str) -> Gettext:
    """A gettext for one ``.po`` file: its translated, non-fuzzy messages; others unchanged.
    The same compiled catalogue the pages use (compiled once per version of the file)."""
    if not path.is_file():
        return _identity
    return compile_catalogue(path, language, domain).gettext


@lru_cache
def gettexts(language: str) -> tuple[Gettext, Gettext]:
    """(questionnaire words, the PDFs' own words) in ``language``, a code from ``shipped_languages``."""
    if language == SOURCE:
        return _identity, _identity
    return (catalogue_gettext(QUESTIONNAIRE_CATALOGUES / language / "LC_MESSAGES" / "questionnaires.po", language,
                              "questionnaires"),
            catalogue_gettext(MESSAGE_CATALOGUES / language / "LC_MESSAGES" / "messages.po", language, "messages"))


def in_language(questionnaire: Questionnaire, language: str,
                uploaded: Mapping[str, str] | None = None) -> tuple[Questionnaire, Gettext]:
    """``questionnaire`` translated into ``language``, and a gettext for the PDFs' own words.
    ``uploaded``: translations of this questionnaire uploaded on the builder's pages, first."""
    words, messages = gettexts(language)
    if uploaded:
        shipped = words
        words = lambda text: uploaded.get(text) or shipped(text)  # noqa: E731
    return translate_questionnaire(questionnaire, words), messages
