"""A conference: when, where, in which time zone, in which currency it reports, who runs it.

``secretariat_email`` is the ORGANIZER of every event in the conference's feeds
(libical's iTIP check refuses a published event without one); a meeting's own
organizer, when given, takes its place.

``contributions_publication`` is the organizers' publication decision for the status of
contributions on public pages: ``totals`` (the default) or ``per-party`` (who pledged,
paid and owes what), as UN secretariats publish once the conference decides to.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.content.models import ConferenceTranslation
from planner.db import Base
from planner.finance.money import ExactDecimal

DEFAULT_SECRETARIAT_EMAIL = "secretariat@planner.nwfz"
TOTALS = "totals"
PER_PARTY = "per-party"
PUBLICATIONS = (TOTALS, PER_PARTY)


class Conference(Base):
    __tablename__ = "conferences"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("budget IS NULL OR budget > 0", name="budget_positive"),
        CheckConstraint(
            f"contributions_publication IN {PUBLICATIONS}", name="contributions_publication"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300))
    timezone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    secretariat_email: Mapped[str] = mapped_column(
        String(320), default=DEFAULT_SECRETARIAT_EMAIL, server_default=DEFAULT_SECRETARIAT_EMAIL
    )
    budget: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    budget_is_sample: Mapped[bool] = mapped_column(default=False)
    decided_by: Mapped[str | None] = mapped_column(Text)
    uncertain: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    contributions_publication: Mapped[str] = mapped_column(
        String(20), default=TOTALS, server_default=TOTALS
    )
    translations: Mapped[list[ConferenceTranslation]] = relationship(
        order_by=ConferenceTranslation.language, cascade="all, delete-orphan"
    )
