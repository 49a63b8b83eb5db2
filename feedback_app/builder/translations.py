"""Translations of what was built (issue 13, item 4): per questionnaire and language, the
words the shipped ``questionnaires`` catalogue has, with any uploaded ``.po`` over them.

A language is offered on a questionnaire's pages only when every word a reader of any of
its versions can see is translated (``complete_languages``), so a reader never gets half a
questionnaire in their language and half in English.
"""

from __future__ import annotations

import json

from flask import current_app

from feedback_app import privacy
from feedback_app.builder.models import QuestionnaireTranslation
from feedback_app.extensions import db
from forms.catalogues import missing, words_of
from forms.i18n import SOURCE_LANGUAGE, strings_in_model
from forms.model import Questionnaire


def shipped_known(language: str) -> dict[str, str]:
    """What the shipped ``questionnaires`` catalogue translates into ``language`` (non-fuzzy)."""
    catalogue = current_app.extensions["questionnaires_domain"].catalogues.get(language)
    if catalogue is None:
        return {}
    return {key: value for key, value in catalogue._catalog.items() if isinstance(key, str) and key and value}


def uploaded(slug: str, language: str) -> dict[str, str]:
    return current_app.extensions.get("questionnaire_translations", {}).get((slug, language), {})


def known(slug: str, language: str) -> dict[str, str]:
    return {**shipped_known(language), **uploaded(slug, language)}


def complete_languages(questionnaire: Questionnaire) -> list[str]:
    """The deployment's languages this questionnaire can be read in whole (English always)."""
    cache: dict[tuple[str, int], list[str]] = current_app.extensions.setdefault("complete_languages", {})
    key = (questionnaire.slug, questionnaire.version)
    if key not in cache:
        words = sorted(strings_in_model(questionnaire))
        cache[key] = [code for code in current_app.config["DEPLOYMENT"]["languages"]
                      if code == SOURCE_LANGUAGE or not missing(words, known(questionnaire.slug, code))]
    return cache[key]


def progress(questionnaires: list[Questionnaire], language: str) -> tuple[int, int]:
    """(words translated, words in all) of these versions in ``language``."""
    words = words_of(questionnaires)
    return len(words) - len(missing(words, known(questionnaires[0].slug, language))), len(words)


def save(slug: str, language: str, messages: dict[str, str], who: str) -> None:
    """Replace the uploaded translations of ``slug`` in ``language`` (the caller commits)."""
    db.session.query(QuestionnaireTranslation).filter_by(slug=slug, language=language).delete()
    db.session.flush()  # the new row takes a higher id: every worker sees the change (store._generation)
    db.session.add(QuestionnaireTranslation(slug=slug, language=language, messages=json.dumps(messages,
                                                                                            ensure_ascii=False),
                                            saved_by=who, saved_on=privacy.today()))
