"""Questionnaire documents: a draft being built, and every version published.

Staff are not anonymous: who saved and who published each version is kept (a date is
enough). A published row is never changed or deleted, so a report can always read the
answers given on it; publishing adds a new row and removes the draft.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db

DRAFT = "draft"
PUBLISHED = "published"


class QuestionnaireDocument(db.Model):
    __tablename__ = "questionnaire_documents"
    __table_args__ = (UniqueConstraint("slug", "status", "version", name="uq_questionnaire_documents_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), index=True)
    #: The version this document is (published) or will be at the earliest (draft).
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    #: The definition as JSON, in exactly the shape of a forms/definitions YAML file.
    definition: Mapped[str] = mapped_column(Text)
    #: A published version's choice codes (forms/codebook.py ``as_json``), pinned as it was published.
    codebook: Mapped[str | None] = mapped_column(Text, default=None)
    #: Why this version changed (required when it changes what earlier answers mean).
    note: Mapped[str] = mapped_column(Text, default="")
    #: The readable differences from the version before, one a line, made when published.
    changes: Mapped[str] = mapped_column(Text, default="")
    saved_by: Mapped[str] = mapped_column(String(254))
    saved_on: Mapped[date] = mapped_column(Date)
    published_by: Mapped[str | None] = mapped_column(String(254), default=None)
    published_on: Mapped[date | None] = mapped_column(Date, default=None)


class QuestionnaireTranslation(db.Model):
    """One language's translations of one questionnaire's own words, uploaded as a ``.po`` file:
    msgid to msgstr as JSON, over the shipped ``questionnaires`` catalogue. Replaced whole by
    each upload (a new row, so every worker sees the change: feedback_app/builder/store.py)."""

    __tablename__ = "questionnaire_translations"
    __table_args__ = (UniqueConstraint("slug", "language", name="uq_questionnaire_translations_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    messages: Mapped[str] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(254))
    saved_on: Mapped[date] = mapped_column(Date)
