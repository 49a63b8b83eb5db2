"""Reading and writing questionnaire documents, and keeping every worker's questionnaires current.

``app.extensions["questionnaires"]`` is the one dict every part of the app reads. It is
made by ``forms.documents.questionnaires_from`` from the shipped files and the newest
published document of each slug. Each worker remembers the *generation* it was made
from (the newest published row's id and how many there are) and checks it before a request
at most once every ``QUESTIONNAIRE_CHECK_SECONDS`` (one indexed query): a publish in any
worker is seen by the others within that interval, by the publishing worker at once
(docs/decisions/0025).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app, request
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from feedback_app import privacy
from feedback_app.builder.models import DRAFT, PUBLISHED, QuestionnaireDocument, QuestionnaireTranslation
from feedback_app.extensions import db
from feedback_app.models import Response
from feedback_app.public.forms import check_web_forms
from forms.codebook import Codebook, pinned_codebook
from forms.documents import parse_document, questionnaires_from, shipped_documents
from forms.model import Questionnaire
from forms.registry import load_about_you
from forms.schema import DefinitionError
from forms.versions import Change, differences, publish_problems

log = logging.getLogger(__name__)
#: Caches made from the questionnaires, emptied when they change.
_DERIVED = ("form_classes", "blank_pages", "translated_questionnaires", "complete_languages")


class PublishRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- reading -----------------------------------------------------------------------------------

def _generation() -> tuple[int, ...]:
    """What the questionnaires were made from: published documents and uploaded translations
    (each change adds a row with a higher id, or removes one)."""
    published = QuestionnaireDocument.status == PUBLISHED
    row = db.session.execute(select(
        select(func.max(QuestionnaireDocument.id)).where(published).scalar_subquery(),
        select(func.count()).select_from(QuestionnaireDocument).where(published).scalar_subquery(),
        select(func.max(QuestionnaireTranslation.id)).scalar_subquery(),
        select(func.count()).select_from(QuestionnaireTranslation).scalar_subquery())).one()
    return tuple(int(value or 0) for value in row)


def published_rows() -> list[QuestionnaireDocument]:
    return list(db.session.scalars(select(QuestionnaireDocument).where(QuestionnaireDocument.status == PUBLISHED)
                                   .order_by(QuestionnaireDocument.slug, QuestionnaireDocument.version)))


def newest_published(rows: list[QuestionnaireDocument]) -> dict[str, dict]:
    newest: dict[str, QuestionnaireDocument] = {}
    for row in rows:
        if row.slug not in newest or row.version > newest[row.slug].version:
            newest[row.slug] = row
    return {slug: json.loads(row.definition) for slug, row in newest.items()}


def draft_row(slug: str) -> QuestionnaireDocument | None:
    return db.session.scalar(select(QuestionnaireDocument).where(QuestionnaireDocument.slug == slug,
                                                                 QuestionnaireDocument.status == DRAFT))


def draft_revision(slug: str, lock: bool = False) -> str:
    """What the draft of ``slug`` is now, as a short fingerprint of its words (empty: no draft).
    An edit page carries it, so a save made on an older draft is refused (two editors at once);
    a fingerprint, not a counter, needs no new column, and a draft changed and changed back is
    rightly the same draft. ``lock``: hold the draft's row until the transaction ends (PostgreSQL),
    so a second save checked at the same instant waits and then sees this one's change."""
    if lock:
        row = db.session.scalar(select(QuestionnaireDocument).where(
            QuestionnaireDocument.slug == slug, QuestionnaireDocument.status == DRAFT)
            .with_for_update().execution_options(populate_existing=True))
    else:
        row = draft_row(slug)
    return hashlib.sha256(row.definition.encode()).hexdigest()[:16] if row else ""


def history(slug: str) -> list[QuestionnaireDocument]:
    """Every published version of ``slug``, newest first."""
    return list(db.session.scalars(select(QuestionnaireDocument).where(
        QuestionnaireDocument.slug == slug, QuestionnaireDocument.status == PUBLISHED)
        .order_by(QuestionnaireDocument.version.desc())))


def drafts() -> dict[str, QuestionnaireDocument]:
    return {row.slug: row for row in db.session.scalars(
        select(QuestionnaireDocument).where(QuestionnaireDocument.status == DRAFT))}


def live_document(slug: str) -> dict | None:
    """The definition people answer now: the newest published document, else the shipped file."""
    row = db.session.scalar(select(QuestionnaireDocument).where(
        QuestionnaireDocument.slug == slug, QuestionnaireDocument.status == PUBLISHED)
        .order_by(QuestionnaireDocument.version.desc()).limit(1))
    if row is not None:
        return json.loads(row.definition)
    return shipped_documents().get(slug)


def draft_document(slug: str) -> dict | None:
    row = draft_row(slug)
    return json.loads(row.definition) if row else None


# --- keeping the questionnaires current --------------------------------------------------------

def refresh(app: Flask, force: bool = False) -> bool:
    """Rebuild the app's questionnaires if a publish happened since (in any worker). True if rebuilt.
    A stored document that no longer parses keeps the previous questionnaires and is logged."""
    generation = _generation()
    if not force and app.extensions.get("questionnaires_generation") == generation:
        return False
    rows = published_rows()
    questionnaires = questionnaires_from(newest_published(rows))
    check_web_forms(questionnaires)
    codebooks = {(row.slug, row.version): Codebook.from_json(json.loads(row.codebook)) for row in rows if row.codebook}
    app.extensions["document_codebooks"] = codebooks
    translations = db.session.scalars(select(QuestionnaireTranslation))
    app.extensions["questionnaire_translations"] = {(row.slug, row.language): json.loads(row.messages)
                                                    for row in translations}
    app.extensions["questionnaires"] = questionnaires
    for name in _DERIVED:
        app.extensions.pop(name, None)
    app.extensions["questionnaires_generation"] = generation
    return True


def _refresh_before_request() -> None:
    if request.endpoint == "static":
        return
    app = current_app._get_current_object()
    now = time.monotonic()
    if now - app.extensions.get("questionnaires_checked_at", -math.inf) < app.config["QUESTIONNAIRE_CHECK_SECONDS"]:
        return
    app.extensions["questionnaires_checked_at"] = now
    try:
        refresh(current_app._get_current_object())
    except (DefinitionError, ValueError) as error:  # kept working on what it had; someone must look
        log.error("questionnaire documents could not be loaded: %s", error)
    except SQLAlchemyError as error:  # the database is down or not migrated: its own pages will say so
        db.session.rollback()
        log.warning("questionnaire documents could not be read: %s", type(error).__name__)


def init_app(app: Flask) -> None:
    """Load published documents at start-up when the table exists (not yet, before ``db upgrade``),
    and check for a newer publish before every request."""
    app.config.setdefault("QUESTIONNAIRE_CHECK_SECONDS", 1.0)
    app.extensions["document_codebooks"] = {}
    app.extensions["questionnaire_translations"] = {}
    with app.app_context():
        try:
            refresh(app, force=True)
        except SQLAlchemyError:
            db.session.rollback()
            log.info("no questionnaire documents table yet: the shipped questionnaires only")
        finally:
            db.session.remove()
            # Close the start-up connection rather than leave it in the pool: a process that forks
            # after create_app must not share it, and an app made and dropped (tools, tests) leaves
            # no connection open behind it.
            db.engine.dispose()
    app.before_request(_refresh_before_request)


def codebook_for(slug: str, version: int) -> Codebook:
    """The codebook responses on ``version`` were coded with: a published document's own, else codebooks.json."""
    codebook = current_app.extensions.get("document_codebooks", {}).get((slug, version))
    return codebook if codebook is not None else pinned_codebook(slug, version)


# --- checking and saving -----------------------------------------------------------------------

def check(data: dict) -> Questionnaire:
    """A document as a questionnaire, or ``DefinitionError`` with every problem (forms.schema's words)."""
    from feedback_app.invitations.codes import MEETING_TYPES

    questionnaire = parse_document(data, load_about_you())
    unknown = [meeting for meeting in questionnaire.meeting_types if meeting not in MEETING_TYPES]
    if unknown:
        raise DefinitionError(questionnaire.source_file, [f"meeting type '{unknown[0]}' is not one of "
                                                          f"{', '.join(MEETING_TYPES)}"])
    try:
        check_web_forms({questionnaire.slug: questionnaire})
    except ValueError as error:
        raise DefinitionError(questionnaire.source_file, [str(error).split(": ", 1)[-1]]) from error
    return questionnaire


def save_draft(data: dict, who: str) -> Questionnaire:
    """Check ``data`` and make it the draft of its slug (replacing any): all or nothing."""
    questionnaire = check(data)
    row = draft_row(questionnaire.slug)
    if row is None:
        row = QuestionnaireDocument(slug=questionnaire.slug, status=DRAFT, version=questionnaire.version)
        db.session.add(row)
    row.definition = json.dumps(data, ensure_ascii=False)
    row.version = questionnaire.version
    row.saved_by = who
    row.saved_on = privacy.today()
    return questionnaire


def discard_draft(slug: str) -> None:
    row = draft_row(slug)
    if row is not None:
        db.session.delete(row)


def next_version(slug: str) -> int:
    """One more than any version this slug has had: published, shipped, pinned or answered."""
    published = db.session.scalar(select(func.max(QuestionnaireDocument.version)).where(
        QuestionnaireDocument.slug == slug, QuestionnaireDocument.status == PUBLISHED)) or 0
    answered = db.session.scalar(select(func.max(Response.definition_version))
                                 .where(Response.questionnaire == slug)) or 0
    shipped = (shipped_documents().get(slug) or {}).get("version") or 0
    try:
        pinned = max(int(v) for v in json.loads(_pinned_text()).get(slug, {}) or [0])
    except ValueError:
        pinned = 0
    return max(published, answered, int(shipped), pinned) + 1


def _pinned_text() -> str:
    from forms.codebook import LOCK_FILE

    return LOCK_FILE.read_text(encoding="utf-8") if LOCK_FILE.exists() else "{}"


def versions_people_may_have_answered(slug: str) -> list[Questionnaire]:
    """Every version of ``slug`` that was ever live: each published one and the shipped one.

    Whether a version really has answers is not looked up: a refusal that depended on it would
    tell an editor, by trying to publish, that someone has now answered (decision 0011, R18)."""
    about_you = load_about_you()
    rows = db.session.scalars(select(QuestionnaireDocument).where(
        QuestionnaireDocument.slug == slug, QuestionnaireDocument.status == PUBLISHED))
    found = {row.version: parse_document(json.loads(row.definition), about_you) for row in rows}
    shipped = shipped_documents().get(slug)
    if shipped is not None and shipped.get("version") not in found:
        found[shipped["version"]] = parse_document(shipped, about_you)
    return [found[version] for version in sorted(found)]


@dataclass(frozen=True)
class Published:
    version: int
    changes: list[Change]


def changes_from_live(slug: str) -> tuple[Questionnaire, list[Change]]:
    """The draft as a questionnaire and how it differs from the live version."""
    data = draft_document(slug)
    if data is None:
        raise PublishRefused([f"There is no draft of {slug} to publish"])
    draft = check(data)
    live = live_document(slug)
    return draft, differences(parse_document(live, load_about_you()) if live else None, draft)


def publish(slug: str, note: str, who: str) -> Published:
    """Make the draft of ``slug`` its new live version (the caller commits). Raises ``PublishRefused``."""
    data = draft_document(slug)
    if data is None:
        raise PublishRefused([f"There is no draft of {slug} to publish"])
    version = next_version(slug)
    data = {**data, "version": version}
    try:
        new = check(data)
    except DefinitionError as error:
        raise PublishRefused(error.problems) from error
    live_data = live_document(slug)
    live = parse_document(live_data, load_about_you()) if live_data else None
    problems = publish_problems(new, live, versions_people_may_have_answered(slug), note)
    if problems:
        raise PublishRefused(problems)
    changes = differences(live, new)
    today = privacy.today()
    discard_draft(slug)
    db.session.flush()  # the draft's row goes before the new one takes the highest id
    db.session.add(QuestionnaireDocument(
        slug=slug, version=version, status=PUBLISHED, definition=json.dumps(data, ensure_ascii=False),
        codebook=json.dumps(Codebook.for_questionnaire(new).as_json()), note=note.strip(),
        changes="\n".join(change.description for change in changes), saved_by=who, saved_on=today,
        published_by=who, published_on=today))
    return Published(version, changes)


# --- what the builder needs to know ----------------------------------------------------------

def every_document(slug: str) -> list[dict]:
    """Every definition ``slug`` has had that is known: shipped, published, the draft."""
    documents = [json.loads(row.definition) for row in history(slug)]
    shipped = shipped_documents().get(slug)
    draft = draft_document(slug)
    return documents + [document for document in (shipped, draft) if document]


def ids_ever_used(slug: str) -> tuple[set[str], dict[str, set[str]]]:
    """Every question id and, per question, every option value ``slug`` has used (never to be reused)."""
    question_ids: set[str] = set()
    values: dict[str, set[str]] = {}
    for document in every_document(slug):
        for question in document.get("questions") or []:
            question_ids.add(question["id"])
            values.setdefault(question["id"], set()).update(o["value"] for o in question.get("options") or [])
    return question_ids, values


def slugs_taken() -> set[str]:
    rows = db.session.scalars(select(QuestionnaireDocument.slug).distinct()).all()
    return set(rows) | set(current_app.extensions["questionnaires"]) | set(shipped_documents())
