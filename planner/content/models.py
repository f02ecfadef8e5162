"""Translations of a conference's and a meeting's texts, one row per record and language.

Why per-entity tables with one column per field, rather than one generic
(entity, id, field, language, text) table: each row has a real foreign key, so a
translation cannot outlive or miss its record and loads with it in one
``selectinload``; each column has the type and length of the field it translates
(an agenda is long text, a title 300 characters), so a translation is held to the
same limits as its original. The original texts stay in ``conferences`` and
``meetings``: they are in English, the planner's source language, and every
reader without a translation falls back to them (marked as such, see
:mod:`planner.content.localized`). A conference has no agenda field, so its rows
translate the title and the venue only.
"""

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base
from planner.i18n import TRANSLATION_LANGUAGES

_LANGUAGE_CHECK = f"language IN {TRANSLATION_LANGUAGES}"


class ConferenceTranslation(Base):
    __tablename__ = "conference_translations"
    __table_args__ = (
        UniqueConstraint("conference_id", "language"),
        CheckConstraint(_LANGUAGE_CHECK, name="language"),
        CheckConstraint("title IS NOT NULL OR venue IS NOT NULL", name="translates_something"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(String(300))
    venue: Mapped[str | None] = mapped_column(String(300))


class MeetingTranslation(Base):
    __tablename__ = "meeting_translations"
    __table_args__ = (
        UniqueConstraint("meeting_id", "language"),
        CheckConstraint(_LANGUAGE_CHECK, name="language"),
        CheckConstraint(
            "title IS NOT NULL OR venue IS NOT NULL OR agenda IS NOT NULL",
            name="translates_something",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(String(300))
    venue: Mapped[str | None] = mapped_column(String(300))
    agenda: Mapped[str | None] = mapped_column(Text)
