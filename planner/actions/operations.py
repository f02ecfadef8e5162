"""Listing and updating a conference's actions."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner import audit
from planner.actions.models import ACTION_STATUSES, Action, ActionNote, ActionStatus
from planner.audit import Context
from planner.conferences.operations import conference_by_slug
from planner.directory.operations import party_by_code
from planner.errors import NotFound, ValidationError
from planner.validation import optional_text, parse_date

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def is_late(action: Action, as_of: date) -> bool:
    """Late: the due date has passed and the action is still open or in progress."""
    return bool(action.due_date and action.due_date < as_of and action.status in OPEN_STATUSES)


def list_actions(session: Session, conference: str) -> list[Action]:
    conference_record = conference_by_slug(session, conference)
    return list(
        session.scalars(
            select(Action)
            .where(Action.conference_id == conference_record.id)
            .options(selectinload(Action.owner), selectinload(Action.notes))
            .order_by(Action.number)
        )
    )


def action_by_number(session: Session, conference: str, number: int) -> Action:
    conference_record = conference_by_slug(session, conference)
    action = session.scalar(
        select(Action).where(Action.conference_id == conference_record.id, Action.number == number)
    )
    if action is None:
        raise NotFound(
            field="number", code="action.unknown", conference=conference_record.slug, number=number
        )
    return action


def update_action(
    session: Session,
    context: Context,
    *,
    conference: str,
    number: int,
    status: str | None = None,
    owner: str | None = None,
    due: date | str | None = None,
    note: str | None = None,
) -> Action:
    """Change status, owner or due date and/or add a note dated today (by the context's clock)."""
    action = action_by_number(session, conference, number)
    if status is None and owner is None and due is None and note is None:
        raise ValidationError(field="update", code="action.nothing_to_update")
    changes: dict[str, Any] = {}
    if status is not None:
        if status not in ACTION_STATUSES:
            raise ValidationError(
                field="status", code="choice.unknown", value=status, choices=ACTION_STATUSES
            )
        changes["status"] = status
    if owner is not None:
        changes["owner_id"] = party_by_code(session, owner, "owner").id
    if due is not None:
        changes["due_date"] = parse_date(due, "due")
    note_text = optional_text(note, "note", multiline=True) if note is not None else None
    if note is not None and not note_text:
        raise ValidationError(field="note", code="text.empty")
    changed = {name: value for name, value in changes.items() if getattr(action, name) != value}
    if changed:
        before = audit.snapshot(action)
        for name, value in changed.items():
            setattr(action, name, value)
        session.flush()
        audit.record(
            session,
            context,
            "update",
            "action",
            f"{action.conference_id}/{action.number}",  # as the data set loader labels it
            before=before,
            after=audit.snapshot(action),
        )
    if note_text:
        added = ActionNote(
            action=action, noted_on=context.now().date(), author=context.actor, text=note_text
        )
        session.add(added)
        session.flush()
        audit.record(
            session, context, "create", "action_note", added.id, after=audit.snapshot(added)
        )
    return action
