"""One questionnaire's words as a gettext catalogue (``.po``), for a translator, and back.

The shipped questionnaires are translated in the ``questionnaires`` domain's catalogues
(decision 0013). A questionnaire built on the staff pages has words those catalogues may
not hold, so the builder offers, per language, a ``.po`` of exactly its words, each with
the translation already known, and reads one back. A word changed at publishing is a new
msgid, so it comes out untranslated: that is how a translator sees what changed. No Flask.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from forms.i18n import strings_in_model
from forms.model import Questionnaire


class CatalogueError(ValueError):
    """An uploaded file that is not a usable catalogue, in words for the person who uploaded it."""


def words_of(questionnaires: Iterable[Questionnaire]) -> list[str]:
    """Every string a reader of any of these questionnaires (a live version, a draft) can see."""
    found: set[str] = set()
    for questionnaire in questionnaires:
        found |= strings_in_model(questionnaire)
    return sorted(found)


def missing(words: Iterable[str], known: Mapping[str, str]) -> list[str]:
    return [word for word in words if not (known.get(word) or "").strip()]


def catalogue_po(slug: str, language: str, words: Iterable[str], known: Mapping[str, str]) -> bytes:
    """A ``.po`` of ``words`` with each translation ``known`` (empty where there is none yet)."""
    catalogue = Catalog(locale=language, domain="questionnaires", project=slug, fuzzy=False)
    for word in words:
        catalogue.add(word, known.get(word) or "")
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0, omit_header=False)
    return buffer.getvalue()


def read_catalogue(data: bytes, language: str, words: Iterable[str]) -> dict[str, str]:
    """The translations of ``words`` in an uploaded ``.po`` (fuzzy and empty entries left out)."""
    try:
        catalogue = read_po(io.BytesIO(data), domain="questionnaires")  # its Language header, if any
    except Exception as error:  # babel raises several kinds for a file that is not a catalogue
        raise CatalogueError("The file is not a .po catalogue: download one here, translate it, upload it") \
            from error
    header = str(catalogue.locale) if catalogue.locale else None
    if header and header.split("_")[0] != language.split("_")[0]:
        raise CatalogueError(f"The file is a catalogue for '{header}', not '{language}'")
    wanted = set(words)
    found = {}
    for message in catalogue:
        if not message.id or message.fuzzy or message.id not in wanted or not isinstance(message.string, str):
            continue
        if message.string.strip():
            found[message.id] = message.string
    if not found:
        raise CatalogueError("The file has no translations of this questionnaire's words")
    return found
