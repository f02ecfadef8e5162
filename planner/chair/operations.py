"""Nominating, endorsing, withdrawing and designating a conference's chair.

Every check runs before anything is written, so a refusal leaves the session untouched;
every change is audited. Dates default to the context's clock (today), never to a global now.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner import audit
from planner.audit import Context
from planner.chair.models import ChairDesignation, ChairEndorsement, ChairNomination, ChairProcess
from planner.conferences.models import Conference
from planner.conferences.operations import conference_by_slug
from planner.db import get_by_id
from planner.directory.models import Party, PartyKind
from planner.directory.operations import party_by_code
from planner.errors import Conflict, ValidationError
from planner.validation import optional_text, parse_date

ENDORSING_KINDS = (PartyKind.STATE, PartyKind.ZONE)


def _date_or_today(context: Context, value: date | str | None, field: str = "date") -> date:
    return context.now().date() if value in (None, "") else parse_date(value, field)


def _state_or_zone(session: Session, code: str, field: str) -> Party:
    party = party_by_code(session, code, field)
    if party.kind not in ENDORSING_KINDS:
        raise ValidationError(field=field, code="party.not_state_or_zone", party=party.code)
    return party


def nomination_by_id(
    session: Session, nomination_id: object, field: str = "nomination"
) -> ChairNomination:
    return get_by_id(
        session,
        ChairNomination,
        nomination_id,
        field,
        ("nomination.malformed_id", "nomination.unknown_id"),
    )


def designation_chain(session: Session, conference: Conference) -> list[ChairDesignation]:
    """The conference's designations from the first to the current one (each replaces the last)."""
    designations = session.scalars(
        select(ChairDesignation).where(ChairDesignation.conference_id == conference.id)
    ).all()
    by_predecessor = {designation.replaces_id: designation for designation in designations}
    chain: list[ChairDesignation] = []
    following = by_predecessor.get(None)
    while following is not None:
        chain.append(following)
        following = by_predecessor.get(following.id)
    return chain


def current_designation(session: Session, conference: Conference) -> ChairDesignation | None:
    chain = designation_chain(session, conference)
    return chain[-1] if chain else None


def set_target(
    session: Session, context: Context, *, conference: str, target: date | str
) -> ChairProcess:
    """Set (or move) the date by which the conference's chair should be designated."""
    conference_record = conference_by_slug(session, conference)
    target_date = parse_date(target, "date")
    process = session.get(ChairProcess, conference_record.id)
    if process is None:
        process = ChairProcess(conference_id=conference_record.id)
        session.add(process)
        before = None
    else:
        before = audit.snapshot(process)
    process.target_date = target_date
    process.target_is_sample = False
    session.flush()
    audit.record(
        session,
        context,
        "create" if before is None else "update",
        "chair_process",
        conference_record.id,
        before=before,
        after=audit.snapshot(process),
    )
    return process


def nominate(
    session: Session,
    context: Context,
    *,
    conference: str,
    party: str,
    person: str | None = None,
    title: str | None = None,
    by: str | None = None,
    on: date | str | None = None,
) -> ChairNomination:
    conference_record = conference_by_slug(session, conference)
    state = party_by_code(session, party, "party")
    if state.kind != PartyKind.STATE:
        raise ValidationError(field="party", code="chair.nominee_not_state", party=state.code)
    nominated_by = _state_or_zone(session, by, "by") if by else None
    nominated_on = _date_or_today(context, on)
    active = session.scalar(
        select(ChairNomination.id).where(
            ChairNomination.conference_id == conference_record.id,
            ChairNomination.state_id == state.id,
            ChairNomination.withdrawn_on.is_(None),
        )
    )
    if active is not None:
        raise Conflict(
            field="party", code="chair.already_nominated", party=state.code, nomination=active
        )
    nomination = ChairNomination(
        conference_id=conference_record.id,
        state_id=state.id,
        person=optional_text(person, "person", 200),
        title=optional_text(title, "title", 200),
        nominated_by_id=nominated_by.id if nominated_by else None,
        nominated_on=nominated_on,
    )
    session.add(nomination)
    session.flush()
    audit.record(
        session,
        context,
        "create",
        "chair_nomination",
        nomination.id,
        after=audit.snapshot(nomination),
    )
    return nomination


def endorse(
    session: Session,
    context: Context,
    *,
    nomination_id: int,
    party: str,
    on: date | str | None = None,
) -> ChairEndorsement:
    nomination = nomination_by_id(session, nomination_id)
    endorser = _state_or_zone(session, party, "party")
    endorsed_on = _date_or_today(context, on)
    if endorsed_on < nomination.nominated_on:
        raise ValidationError(
            field="date",
            code="chair.before_nomination",
            day=endorsed_on,
            nominated_on=nomination.nominated_on,
        )
    if nomination.withdrawn_on is not None and endorsed_on >= nomination.withdrawn_on:
        raise _withdrawn(nomination)
    existing = session.scalar(
        select(ChairEndorsement).where(
            ChairEndorsement.nomination_id == nomination.id,
            ChairEndorsement.party_id == endorser.id,
        )
    )
    if existing is not None:
        raise Conflict(
            field="party",
            code="chair.already_endorsed",
            party=endorser.code,
            nomination=nomination.id,
            endorsed_on=existing.endorsed_on,
        )
    endorsement = ChairEndorsement(
        nomination_id=nomination.id, party_id=endorser.id, endorsed_on=endorsed_on
    )
    session.add(endorsement)
    session.flush()
    audit.record(
        session,
        context,
        "create",
        "chair_endorsement",
        endorsement.id,
        after=audit.snapshot(endorsement),
    )
    return endorsement


def withdraw(
    session: Session, context: Context, *, nomination_id: int, on: date | str | None = None
) -> ChairNomination:
    nomination = nomination_by_id(session, nomination_id)
    withdrawn_on = _date_or_today(context, on)
    if nomination.withdrawn_on is not None:
        raise Conflict(
            field="nomination",
            code="chair.nomination_already_withdrawn",
            nomination=nomination.id,
            withdrawn_on=nomination.withdrawn_on,
        )
    if withdrawn_on < nomination.nominated_on:
        raise ValidationError(
            field="date",
            code="chair.before_nomination",
            day=withdrawn_on,
            nominated_on=nomination.nominated_on,
        )
    current = current_designation(session, nomination.conference)
    if current is not None and current.nomination_id == nomination.id:
        raise Conflict(
            field="nomination", code="chair.designated_not_withdrawn", nomination=nomination.id
        )
    before = audit.snapshot(nomination)
    nomination.withdrawn_on = withdrawn_on
    session.flush()
    audit.record(
        session,
        context,
        "withdraw",
        "chair_nomination",
        nomination.id,
        before=before,
        after=audit.snapshot(nomination),
    )
    return nomination


def designate(
    session: Session,
    context: Context,
    *,
    conference: str,
    nomination_id: int,
    on: date | str | None = None,
    at: str | None = None,
    replace: bool = False,
    reason: str | None = None,
) -> ChairDesignation:
    """Designate a nomination as chair; replacing a designated one needs a reason."""
    conference_record = conference_by_slug(session, conference)
    nomination = nomination_by_id(session, nomination_id)
    designated_on = _date_or_today(context, on)
    meeting_ref = optional_text(at, "at", 300)
    reason_text = optional_text(reason, "reason", multiline=True)
    if nomination.conference_id != conference_record.id:
        raise ValidationError(
            field="nomination",
            code="chair.other_conference",
            nomination=nomination.id,
            other=nomination.conference.slug,
            conference=conference_record.slug,
        )
    if nomination.withdrawn_on is not None:
        raise _withdrawn(nomination)
    if designated_on < nomination.nominated_on:
        raise ValidationError(
            field="date",
            code="chair.before_nomination",
            day=designated_on,
            nominated_on=nomination.nominated_on,
        )
    if reason_text and not replace:
        raise ValidationError(field="reason", code="chair.reason_without_replace")
    current = current_designation(session, conference_record)
    if current is None and replace:
        raise Conflict(
            field="replace", code="chair.nothing_to_replace", conference=conference_record.slug
        )
    if current is not None:
        _check_replacement(current, nomination, designated_on, replace, reason_text)
    designation = ChairDesignation(
        conference_id=conference_record.id,
        nomination_id=nomination.id,
        designated_on=designated_on,
        meeting_ref=meeting_ref,
        replaces_id=current.id if current is not None else None,
        reason=reason_text if current is not None else None,
    )
    session.add(designation)
    session.flush()
    audit.record(
        session,
        context,
        "replace" if current is not None else "designate",
        "chair_designation",
        designation.id,
        before=audit.snapshot(current) if current is not None else None,
        after=audit.snapshot(designation),
    )
    return designation


def _check_replacement(
    current: ChairDesignation,
    nomination: ChairNomination,
    designated_on: date,
    replace: bool,
    reason: str | None,
) -> None:
    if not replace:
        raise Conflict(
            field="replace",
            code="chair.already_designated",
            nomination=current.nomination_id,
            designated_on=current.designated_on,
        )
    if not reason:
        raise ValidationError(field="reason", code="chair.replace_needs_reason")
    if current.nomination_id == nomination.id:
        raise Conflict(field="nomination", code="chair.already_chair", nomination=nomination.id)
    if designated_on < current.designated_on:
        raise ValidationError(
            field="date",
            code="chair.before_designation",
            day=designated_on,
            designated_on=current.designated_on,
        )


def _withdrawn(nomination: ChairNomination) -> Conflict:
    return Conflict(
        field="nomination",
        code="chair.nomination_withdrawn",
        nomination=nomination.id,
        withdrawn_on=nomination.withdrawn_on,
    )
