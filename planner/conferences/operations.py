"""Adding and reading conferences."""

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.conferences.models import DEFAULT_SECRETARIAT_EMAIL, PUBLICATIONS, Conference
from planner.directory.operations import normalized_email
from planner.errors import Conflict, NotFound, ValidationError
from planner.finance.money import currency_code, parse_amount
from planner.validation import parse_date, required_text, timezone_name

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def conference_by_slug(session: Session, slug: str, field: str = "conference") -> Conference:
    conference = session.scalar(select(Conference).where(Conference.slug == slug))
    if conference is None:
        raise NotFound(field=field, code="conference.unknown", value=slug)
    return conference


def list_conferences(session: Session) -> list[Conference]:
    return list(session.scalars(select(Conference).order_by(Conference.start_date)))


def add_conference(
    session: Session,
    context: Context,
    *,
    slug: str,
    title: str,
    start: date | str,
    end: date | str,
    timezone: str,
    venue: str,
    currency: str = "USD",
    budget: Decimal | str | None = None,
    secretariat_email: str | None = None,
) -> Conference:
    slug = (slug or "").strip()
    if not SLUG_PATTERN.match(slug):
        raise ValidationError(field="slug", code="conference.bad_slug", value=slug)
    start_date = parse_date(start, "start")
    end_date = parse_date(end, "end")
    if end_date < start_date:
        raise ValidationError(
            field="end", code="period.end_before_start", end=end_date, start=start_date
        )
    currency = currency_code(currency)
    conference = Conference(
        slug=slug,
        title=required_text(title, "title"),
        start_date=start_date,
        end_date=end_date,
        timezone=timezone_name(timezone),
        venue=required_text(venue, "venue"),
        currency=currency,
        budget=parse_amount(budget, currency, "budget") if budget not in (None, "") else None,
        secretariat_email=normalized_email(secretariat_email, "secretariat_email")
        or DEFAULT_SECRETARIAT_EMAIL,
    )
    if session.scalar(select(Conference.id).where(Conference.slug == slug)):
        raise Conflict(field="slug", code="conference.duplicate", value=slug)
    session.add(conference)
    session.flush()
    audit.record(
        session, context, "create", "conference", conference.slug, after=audit.snapshot(conference)
    )
    return conference


def publish_contributions(
    session: Session, context: Context, slug: str, publication: str
) -> Conference:
    """Decide what public pages show of the status of contributions: totals or per party.

    Audited as ``publish``; choosing what is already in force records nothing.
    """
    conference = conference_by_slug(session, slug)
    choice = (publication or "").strip().lower()
    if choice not in PUBLICATIONS:
        raise ValidationError(
            field="contributions", code="choice.unknown", value=publication, choices=PUBLICATIONS
        )
    if conference.contributions_publication == choice:
        return conference
    before = audit.snapshot(conference)
    conference.contributions_publication = choice
    session.flush()
    audit.record(
        session,
        context,
        "publish",
        "conference",
        conference.slug,
        before=before,
        after=audit.snapshot(conference),
    )
    return conference
