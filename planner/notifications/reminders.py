"""Reminders of overdue contributions: one letter per party with an overdue amount, to each
of its contacts (with an address, not opted out) in their language, in the style of a note
verbale from a UN secretariat.

What is overdue is the status of contributions' answer (:mod:`planner.finance.status`),
never computed here. Each reminder is recorded (:class:`PaymentReminder`); a party is not
reminded again within ``interval`` of the last reminder, nor more than ``max_count`` times.
The letters are written when queued (they state the figures as of that day).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.directory.models import Contact, Party
from planner.finance.status import OverduePledge, StatusRow, status_of_contributions
from planner.i18n import DEFAULT_LOCALE
from planner.notifications.compose import render
from planner.notifications.models import (
    MessageKind,
    MessageStatus,
    OutboxMessage,
    PaymentReminder,
)
from planner.notifications.outbox import new_message_id
from planner.summaries.formatting import Formatter

QUEUED = "queued"
TOO_SOON = "reminded recently"
ENOUGH = "reminded the maximum number of times"
NOBODY = "no contact with an e-mail address"


@dataclass
class ReminderPlan:
    """What ``finance reminders`` does (or would do) for one party."""

    party: str
    overdue: Decimal
    currency: str
    outcome: str
    recipients: list[str] = field(default_factory=list)
    previous: int = 0


@dataclass(frozen=True)
class LetterView:
    """What the reminder templates show (they decide only the layout)."""

    name: str
    party: str
    conference: str
    as_of: str
    pledged: str
    paid: str
    outstanding: str
    overdue: str
    pledges: list[tuple[str, str, str]]  # (reference, overdue amount, due since)
    secretariat: str


def _letter_view(
    fmt: Formatter,
    person: Contact,
    row: StatusRow,
    pledges: list[OverduePledge],
    conference: Conference,
    as_of: date,
    currency: str,
) -> LetterView:
    figures = row.figures
    return LetterView(
        name=person.name,
        party=fmt.party(row.party, row.name),
        conference=fmt.text(conference.title),
        as_of=fmt.date(as_of),
        pledged=fmt.money(figures.pledged, currency),
        paid=fmt.money(figures.paid, currency),
        outstanding=fmt.money(figures.outstanding, currency),
        overdue=fmt.money(figures.overdue, currency),
        pledges=[
            (p.reference or f"#{p.pledge_id}", fmt.money(p.overdue, p.currency), fmt.date(p.since))
            for p in pledges
        ],
        secretariat=conference.secretariat_email,
    )


def _letter(
    view: LetterView, lang: str, sender: str, person: Contact, message_id: str, now: datetime
) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = formataddr((person.name, person.email or ""))
    mail["Subject"] = " ".join(render("reminder_subject.txt", lang, v=view).split())
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = message_id
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(render("reminder.txt", lang, v=view))
    mail.add_alternative(render("reminder.html", lang, v=view), subtype="html")
    mail["Content-Language"] = lang
    return mail.as_bytes()


def queue_reminders(
    session: Session,
    context: Context,
    conference: str,
    as_of: date,
    *,
    interval: timedelta,
    max_count: int,
    sender: str,
    dry_run: bool = False,
) -> list[ReminderPlan]:
    """Queue (unless ``dry_run``) one letter per overdue party and contact; the plan for each
    party with an overdue amount, by party code."""
    record = conference_by_slug(session, conference)
    report = status_of_contributions(session, record, as_of)
    now = context.now()
    by_party: dict[str, list[OverduePledge]] = {}
    for pledge in report.overdue_pledges:
        by_party.setdefault(pledge.party, []).append(pledge)
    plans = []
    for row in report.rows:
        if row.figures.overdue <= 0:
            continue
        party = session.scalars(select(Party).where(Party.code == row.party)).one()
        count, last = session.execute(
            select(func.count(PaymentReminder.id), func.max(PaymentReminder.queued_at)).where(
                PaymentReminder.conference_id == record.id, PaymentReminder.party_id == party.id
            )
        ).one()
        plan = ReminderPlan(row.party, row.figures.overdue, report.currency, QUEUED, previous=count)
        people = list(
            session.scalars(
                select(Contact)
                .where(
                    Contact.party_id == party.id,
                    Contact.email.is_not(None),
                    Contact.mail_opt_out.is_(False),
                )
                .order_by(Contact.id)
            )
        )
        plan.recipients = [person.email for person in people if person.email]
        if count >= max_count:
            plan.outcome = ENOUGH
        elif last is not None and last > now - interval:
            plan.outcome = TOO_SOON
        elif not people:
            plan.outcome = NOBODY
        plans.append(plan)
        if plan.outcome != QUEUED or dry_run:
            continue
        reminder = PaymentReminder(
            conference_id=record.id,
            party_id=party.id,
            as_of=as_of,
            queued_at=now,
            overdue=row.figures.overdue,
            currency=report.currency,
        )
        session.add(reminder)
        session.flush()
        host = record.secretariat_email.rpartition("@")[2]
        for person in people:
            lang = person.language or DEFAULT_LOCALE
            view = _letter_view(
                Formatter(lang), person, row, by_party.get(row.party, []), record, as_of,
                report.currency,
            )  # fmt: skip
            message_id = new_message_id(host)
            session.add(
                OutboxMessage(
                    message_id=message_id,
                    kind=MessageKind.REMINDER.value,
                    reminder_id=reminder.id,
                    contact_id=person.id,
                    recipient=person.email,
                    recipient_name=person.name,
                    language=lang,
                    body=_letter(view, lang, sender, person, message_id, now),
                    status=MessageStatus.QUEUED.value,
                    queued_at=now,
                    not_before=now,
                    next_attempt_at=now,
                    attempts=0,
                )
            )
    session.flush()
    return plans
