"""A user of the web planner.

The failed sign-in counter and the time of the last failure live in the database,
not in a worker's memory, so that throttling holds across every gunicorn worker
and every machine behind a load balancer.
"""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import Base, UTCDateTime

ROLES = ("organizer", "finance", "viewer")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint("failed_signins >= 0", name="failed_signins_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_signin_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
