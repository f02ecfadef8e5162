"""Actions (one per recommendation of the seminar) and their dated notes."""

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.conferences.models import Conference
from planner.db import Base
from planner.directory.models import Party


class ActionStatus(StrEnum):
    """The organizers' own status of a recommendation's action."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


ACTION_STATUSES = tuple(status.value for status in ActionStatus)  # as the CHECK lists them


class Action(Base):
    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("conference_id", "number"),
        CheckConstraint(f"status IN {ACTION_STATUSES}", name="status"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN.value)
    source: Mapped[str | None] = mapped_column(Text)

    conference: Mapped[Conference] = relationship()
    owner: Mapped[Party | None] = relationship()
    notes: Mapped[list["ActionNote"]] = relationship(
        back_populates="action", order_by="ActionNote.noted_on, ActionNote.id"
    )


class ActionNote(Base):
    """A dated follow-up remark; notes are only ever added, never edited."""

    __tablename__ = "action_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="notes")
