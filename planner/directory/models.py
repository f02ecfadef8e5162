"""Parties (states, zones, organizations), zone treaties, memberships and contacts.

States, zones and organizations share one ``parties`` table because every
feature refers to "a party" without caring which kind: a meeting invites a
zone or a state, a zone or a state endorses a chair nomination.
"""

from datetime import date
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import Base


class PartyKind(StrEnum):
    STATE = "state"  # ISO 3166-1 alpha-3 code
    ZONE = "zone"  # a treaty group (or Mongolia's single-state status)
    ORGANIZATION = "organization"


PARTY_KINDS = tuple(kind.value for kind in PartyKind)  # as the CHECK lists them
MEMBERSHIP_ROLES = ("party", "signatory")


class Party(Base):
    __tablename__ = "parties"
    __table_args__ = (CheckConstraint(f"kind IN {PARTY_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    treaty: Mapped["ZoneTreaty | None"] = relationship(back_populates="zone", uselist=False)


class ZoneTreaty(Base):
    """The treaty facts of a zone; counts carry the date they were true on."""

    __tablename__ = "zone_treaties"

    zone_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True)
    treaty: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date | None] = mapped_column(Date)
    signed_at: Mapped[str | None] = mapped_column(String(200))
    in_force_on: Mapped[date | None] = mapped_column(Date)
    depositary: Mapped[str | None] = mapped_column(String(200))
    regional_body: Mapped[str | None] = mapped_column(String(200))
    parties_count: Mapped[int] = mapped_column(Integer)
    count_as_of: Mapped[date] = mapped_column(Date)
    uncertain: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)

    zone: Mapped[Party] = relationship(back_populates="treaty")


class Membership(Base):
    """A state's standing in a zone's treaty, as of a date, with its source."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("state_id", "zone_id"),
        CheckConstraint(f"role IN {MEMBERSHIP_ROLES}", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    since: Mapped[date | None] = mapped_column(Date)
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)

    state: Mapped[Party] = relationship(foreign_keys=[state_id])
    zone: Mapped[Party] = relationship(foreign_keys=[zone_id])


class Contact(Base):
    """A person: a focal point, a delegate, a secretariat officer.

    ``language`` is the one the planner writes to them in (one of the six official
    languages; none: English); ``mail_opt_out`` stops every e-mail to them (they still
    appear as invitees and in feeds).
    """

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    language: Mapped[str | None] = mapped_column(String(5))
    mail_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    party: Mapped[Party | None] = relationship()
