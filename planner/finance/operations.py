"""Recording pledges and payments, cancelling pledges and voiding entries.

Nothing here edits or deletes a financial row: a cancellation or a void is a new
row. Each change takes the party's lock first (``lock_party``) so that
concurrent writers for the same party queue up instead of racing on the checks.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.db import get_by_id
from planner.directory.models import Membership, Party, PartyKind
from planner.directory.operations import party_by_code
from planner.errors import Conflict, ValidationError
from planner.finance.models import Instalment, Payment, Pledge, PledgeCancellation, Void
from planner.finance.money import currency_code, parse_amount
from planner.finance.rates import choose_rate
from planner.validation import optional_text, parse_date, required_text


def contributing_party(session: Session, code: str, field: str = "party") -> Party:
    """A state on the conference's party list: a member of a nuclear-weapon-free zone."""
    party = party_by_code(session, code, field)
    if party.kind != PartyKind.STATE:
        raise ValidationError(field=field, code="finance.not_a_state", party=party.code)
    if (
        session.scalar(select(Membership.id).where(Membership.state_id == party.id).limit(1))
        is None
    ):
        raise ValidationError(field=field, code="finance.not_on_party_list", party=party.code)
    return party


def lock_party(session: Session, party: Party) -> None:
    """Serialise ledger writes per party (a row lock on PostgreSQL; SQLite locks the file)."""
    session.execute(select(Party.id).where(Party.id == party.id).with_for_update())


def parse_instalment(
    text: str, currency: str, field: str = "instalment", locale: str | None = None
) -> tuple[date, Decimal]:
    """``DATE=AMOUNT``: one instalment as typed (in ``locale``'s way of writing, if given)."""
    due, separator, amount = (text or "").partition("=")
    if not separator:
        raise ValidationError(field=field, code="instalment.malformed", value=text)
    return parse_date(due, field, locale), parse_amount(amount, currency, field, locale)


def payment_schedule(
    amount: Decimal,
    currency: str,
    pledged_on: date,
    due: date | str | None,
    instalments: Sequence[str | tuple[date, Decimal]],
    instalment_field: str = "instalment",
    locale: str | None = None,
) -> list[tuple[date, Decimal]]:
    """The pledge's one due date or its instalments: the one rule for the CLI, web and CSV.

    Instalments fall on distinct dates and add up to the pledge; nothing falls due
    before the pledge was made (a due date in the past of the pledge is a typing slip).
    """
    if due not in (None, "") and instalments:
        raise ValidationError(field="due", code="pledge.due_and_instalments")
    if due not in (None, ""):
        schedule, field = [(parse_date(due, "due", locale), amount)], "due"
    elif not instalments:
        raise ValidationError(field="due", code="pledge.no_schedule")
    else:
        field = instalment_field
        schedule = sorted(
            item if isinstance(item, tuple) else parse_instalment(item, currency, field, locale)
            for item in instalments
        )
        dates = [due_on for due_on, _amount in schedule]
        if len(set(dates)) != len(dates):
            raise ValidationError(field=field, code="instalment.same_date")
        total = sum((part for _due, part in schedule), Decimal(0))
        if total != amount:
            raise ValidationError(
                field=field,
                code="instalment.wrong_total",
                total=total,
                amount=amount,
                currency=currency,
            )
    first_due = schedule[0][0]
    if first_due < pledged_on:
        raise ValidationError(
            field=field, code="instalment.before_pledge", due=first_due, pledged_on=pledged_on
        )
    return schedule


def _reference(
    session: Session,
    model: type[Pledge] | type[Payment],
    conference: Conference,
    party: Party,
    text: str | None,
) -> str | None:
    reference = optional_text(text, "reference", 100)
    if reference and session.scalar(
        select(model.id).where(
            model.conference_id == conference.id,
            model.party_id == party.id,
            model.reference == reference,
        )
    ):
        code = (
            "finance.duplicate_pledge_reference"
            if model is Pledge
            else "finance.duplicate_payment_reference"
        )
        raise Conflict(field="reference", code=code, party=party.code, reference=reference)
    return reference


def _flush_unique(session: Session) -> None:
    """A concurrent writer may have taken the reference between our check and our insert."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(field="reference", code="finance.reference_just_recorded") from None


def add_pledge(
    session: Session,
    context: Context,
    conference: str,
    *,
    party: str,
    amount: object,
    currency: str,
    due: date | str | None = None,
    instalments: Sequence[str | tuple[date, Decimal]] = (),
    rate: object | None = None,
    pledged_on: date | str | None = None,
    reference: str | None = None,
    note: str | None = None,
    is_sample: bool = False,
) -> Pledge:
    conference_row = conference_by_slug(session, conference)
    party_row = contributing_party(session, party)
    currency = currency_code(currency)
    value = parse_amount(amount, currency)
    pledge_date = parse_date(pledged_on, "date") if pledged_on else context.now().date()
    chosen = choose_rate(session, currency, conference_row.currency, rate, pledge_date)
    schedule = payment_schedule(value, currency, pledge_date, due, list(instalments))
    lock_party(session, party_row)
    pledge = Pledge(
        conference_id=conference_row.id,
        party_id=party_row.id,
        amount=value,
        currency=currency,
        rate=chosen.rate,
        exchange_rate=chosen.table_rate,
        pledged_on=pledge_date,
        due_on=schedule[0][0] if len(schedule) == 1 and due else None,
        reference=_reference(session, Pledge, conference_row, party_row, reference),
        note=optional_text(note, "note", multiline=True),
        is_sample=is_sample,
        recorded_at=context.now(),
    )
    session.add(pledge)
    if pledge.due_on is None:
        pledge.instalments = [Instalment(due_on=day, amount=part) for day, part in schedule]
    _flush_unique(session)
    after = audit.snapshot(pledge)
    after["instalments"] = [{"due_on": day, "amount": part} for day, part in schedule]
    audit.record(session, context, "create", "pledge", pledge.id, after=after)
    return pledge


def pledge_by_id(session: Session, pledge_id: object, field: str = "pledge") -> Pledge:
    return get_by_id(
        session, Pledge, pledge_id, field, ("pledge.malformed_id", "pledge.unknown_id")
    )


def payment_by_id(session: Session, payment_id: object, field: str = "payment") -> Payment:
    return get_by_id(
        session, Payment, payment_id, field, ("payment.malformed_id", "payment.unknown_id")
    )


StandingQuery = TypeVar("StandingQuery", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class PledgeStanding:
    cancellation: PledgeCancellation | None
    void: Void | None


def with_standing(query: StandingQuery) -> StandingQuery:
    """Joins each pledge's cancellation and void (the database allows one of each): the one
    query for whether pledges still stand, for one pledge or a whole file's worth."""
    return query.outerjoin(PledgeCancellation, PledgeCancellation.pledge_id == Pledge.id).outerjoin(
        Void, Void.pledge_id == Pledge.id
    )


def closed_refusal(
    pledge: object, cancelled_on: date | None, voided_on: date | None
) -> Conflict | None:
    """Why a pledge takes no more payments (``pledge`` names it), or None while it stands."""
    if cancelled_on is not None:
        return Conflict(field="pledge", code="pledge.cancelled", pledge=pledge, on=cancelled_on)
    if voided_on is not None:
        return Conflict(field="pledge", code="pledge.voided", pledge=pledge, on=voided_on)
    return None


def pledge_standing(session: Session, pledge: Pledge) -> PledgeStanding:
    query = with_standing(select(PledgeCancellation, Void).select_from(Pledge))
    cancellation, void = session.execute(query.where(Pledge.id == pledge.id)).one()
    return PledgeStanding(cancellation, void)


def _open_target(
    session: Session, pledge_id: object, conference: Conference, party: Party
) -> Pledge:
    """The pledge a payment is aimed at: same conference and party, not cancelled or voided."""
    pledge = pledge_by_id(session, pledge_id)
    if pledge.conference_id != conference.id:
        raise ValidationError(field="pledge", code="pledge.other_conference", pledge=pledge.id)
    if pledge.party_id != party.id:
        raise ValidationError(
            field="pledge",
            code="pledge.other_party",
            pledge=pledge.id,
            owner=pledge.party.code,
            party=party.code,
        )
    standing = pledge_standing(session, pledge)
    refusal = closed_refusal(
        pledge.id,
        standing.cancellation.cancelled_on if standing.cancellation else None,
        standing.void.voided_on if standing.void else None,
    )
    if refusal:
        raise refusal
    return pledge


def add_payment(
    session: Session,
    context: Context,
    conference: str,
    *,
    party: str,
    amount: object,
    currency: str,
    received: date | str,
    rate: object | None = None,
    pledge: object | None = None,
    reference: str | None = None,
    note: str | None = None,
    is_sample: bool = False,
) -> Payment:
    conference_row = conference_by_slug(session, conference)
    party_row = contributing_party(session, party)
    currency = currency_code(currency)
    value = parse_amount(amount, currency)
    received_on = parse_date(received, "received")
    chosen = choose_rate(session, currency, conference_row.currency, rate, received_on)
    lock_party(session, party_row)
    target = (
        _open_target(session, pledge, conference_row, party_row)
        if pledge not in (None, "")
        else None
    )
    payment = Payment(
        conference_id=conference_row.id,
        party_id=party_row.id,
        pledge_id=target.id if target else None,
        amount=value,
        currency=currency,
        rate=chosen.rate,
        exchange_rate=chosen.table_rate,
        received_on=received_on,
        reference=_reference(session, Payment, conference_row, party_row, reference),
        note=optional_text(note, "note", multiline=True),
        is_sample=is_sample,
        recorded_at=context.now(),
    )
    session.add(payment)
    _flush_unique(session)
    audit.record(session, context, "create", "payment", payment.id, after=audit.snapshot(payment))
    return payment


def _effective_date(
    context: Context, value: date | str | None, not_before: date, code: str
) -> date:
    """The day a cancellation or void takes effect; ``code`` refuses one before ``not_before``."""
    day = parse_date(value, "date") if value not in (None, "") else context.now().date()
    if day < not_before:
        raise ValidationError(field="date", code=code, day=day, not_before=not_before)
    return day


def cancel_pledge(
    session: Session,
    context: Context,
    pledge_id: object,
    *,
    reason: str,
    on: date | str | None = None,
) -> PledgeCancellation:
    """Release what is not yet paid; the pledge and its amount stay as recorded."""
    pledge = pledge_by_id(session, pledge_id)
    reason = required_text(reason, "reason", 2000, multiline=True)
    lock_party(session, pledge.party)
    standing = pledge_standing(session, pledge)
    if standing.cancellation is not None:
        raise Conflict(
            field="pledge",
            code="pledge.already_cancelled",
            pledge=pledge.id,
            on=standing.cancellation.cancelled_on,
        )
    if standing.void is not None:
        raise Conflict(
            field="pledge", code="pledge.voided", pledge=pledge.id, on=standing.void.voided_on
        )
    cancellation = PledgeCancellation(
        pledge_id=pledge.id,
        cancelled_on=_effective_date(context, on, pledge.pledged_on, "finance.before_pledge"),
        reason=reason,
        recorded_at=context.now(),
    )
    session.add(cancellation)
    session.flush()
    audit.record(
        session, context, "cancel", "pledge", pledge.id, after=audit.snapshot(cancellation)
    )
    return cancellation


def _void(
    session: Session,
    context: Context,
    entity: str,
    record: Pledge | Payment,
    reason: str,
    on: date | str | None,
    not_before: tuple[date, str],
) -> Void:
    key = {"pledge_id": record.id} if entity == "pledge" else {"payment_id": record.id}
    existing = session.scalar(select(Void).filter_by(**key))
    if existing is not None:
        raise Conflict(
            field=entity,
            code="pledge.already_voided" if entity == "pledge" else "payment.already_voided",
            id=record.id,
            voided_on=existing.voided_on,
            reason=existing.reason,
        )
    day = _effective_date(context, on, *not_before)
    void = Void(**key, voided_on=day, reason=reason, recorded_at=context.now())
    session.add(void)
    session.flush()
    audit.record(
        session,
        context,
        "void",
        entity,
        record.id,
        before=audit.snapshot(record),
        after=audit.snapshot(void),
    )
    return void


def void_payment(
    session: Session,
    context: Context,
    payment_id: object,
    *,
    reason: str,
    on: date | str | None = None,
) -> Void:
    """Reverse a payment recorded by mistake; from ``on`` it settles nothing."""
    payment = payment_by_id(session, payment_id)
    reason = required_text(reason, "reason", 2000, multiline=True)
    lock_party(session, payment.party)
    return _void(
        session,
        context,
        "payment",
        payment,
        reason,
        on,
        (payment.received_on, "finance.before_payment"),
    )


def void_pledge(
    session: Session,
    context: Context,
    pledge_id: object,
    *,
    reason: str,
    on: date | str | None = None,
) -> Void:
    """Reverse a pledge recorded by mistake (unlike a cancellation, it never counted)."""
    pledge = pledge_by_id(session, pledge_id)
    reason = required_text(reason, "reason", 2000, multiline=True)
    lock_party(session, pledge.party)
    return _void(
        session, context, "pledge", pledge, reason, on, (pledge.pledged_on, "finance.before_pledge")
    )
