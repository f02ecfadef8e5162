"""Chair designation: one process per conference, its nominations, endorsements and designations.

Designations are never edited or deleted: a replacement is a new row that points back to
the one it replaces, with the reason, so the history of who chaired since when stays intact.
The database holds the invariants it can: one first designation per conference, each
designation replaced at most once, a reason exactly when replacing, and a designation's
nomination belonging to the same conference (composite foreign key).
"""

from datetime import date

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.conferences.models import Conference
from planner.db import Base
from planner.directory.models import Party


class ChairProcess(Base):
    """The designation target date of a conference (kept apart so ``conferences`` stays as is)."""

    __tablename__ = "chair_processes"

    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), primary_key=True)
    target_date: Mapped[date | None] = mapped_column(Date)
    target_is_sample: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str | None] = mapped_column(Text)

    conference: Mapped[Conference] = relationship()


class ChairNomination(Base):
    __tablename__ = "chair_nominations"
    __table_args__ = (
        UniqueConstraint("id", "conference_id"),
        CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= nominated_on", name="withdrawn_after_nominated"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    person: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    nominated_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    is_sample: Mapped[bool] = mapped_column(default=False)

    conference: Mapped[Conference] = relationship()
    state: Mapped[Party] = relationship(foreign_keys=[state_id])
    nominated_by: Mapped[Party | None] = relationship(foreign_keys=[nominated_by_id])
    endorsements: Mapped[list["ChairEndorsement"]] = relationship(
        back_populates="nomination", order_by="ChairEndorsement.endorsed_on, ChairEndorsement.id"
    )


class ChairEndorsement(Base):
    __tablename__ = "chair_endorsements"
    __table_args__ = (UniqueConstraint("nomination_id", "party_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("chair_nominations.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    endorsed_on: Mapped[date] = mapped_column(Date)
    is_sample: Mapped[bool] = mapped_column(default=False)

    nomination: Mapped[ChairNomination] = relationship(back_populates="endorsements")
    party: Mapped[Party] = relationship()


class ChairDesignation(Base):
    __tablename__ = "chair_designations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["nomination_id", "conference_id"],
            ["chair_nominations.id", "chair_nominations.conference_id"],
            name="fk_chair_designations_nomination_of_conference",
        ),
        UniqueConstraint("replaces_id"),
        CheckConstraint(
            "(replaces_id IS NULL AND reason IS NULL)"
            " OR (replaces_id IS NOT NULL AND reason IS NOT NULL)",
            name="reason_exactly_when_replacing",
        ),
        Index(
            "uq_chair_designations_first_per_conference",
            "conference_id",
            unique=True,
            sqlite_where=text("replaces_id IS NULL"),
            postgresql_where=text("replaces_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(Integer, index=True)
    designated_on: Mapped[date] = mapped_column(Date)
    meeting_ref: Mapped[str | None] = mapped_column(String(300))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("chair_designations.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    is_sample: Mapped[bool] = mapped_column(default=False)

    nomination: Mapped[ChairNomination] = relationship()
