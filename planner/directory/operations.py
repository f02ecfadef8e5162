"""Reading the directory and adding contacts."""

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from planner import audit
from planner.audit import Context
from planner.db import get_by_id
from planner.directory.models import Contact, Membership, Party, PartyKind
from planner.errors import NotFound, ValidationError
from planner.i18n import LOCALES
from planner.validation import optional_text, required_text


def party_by_code(session: Session, code: str, field: str = "party") -> Party:
    party = session.scalar(select(Party).where(Party.code == (code or "").strip().upper()))
    if party is None:
        raise NotFound(field=field, code="party.unknown", value=code)
    return party


def list_parties(session: Session, zone: str | None = None) -> list[Party]:
    """All parties by kind and code; with ``zone``, the states that are members of that zone."""
    if zone:
        zone_party = party_by_code(session, zone, "zone")
        if zone_party.kind != PartyKind.ZONE:
            raise ValidationError(field="zone", code="party.not_a_zone", party=zone_party.code)
        return list(
            session.scalars(
                select(Party)
                .join(Membership, Membership.state_id == Party.id)
                .where(Membership.zone_id == zone_party.id)
                .order_by(Party.code)
            )
        )
    return list(session.scalars(select(Party).order_by(Party.kind, Party.code)))


def zones_of(session: Session, states: list[Party]) -> dict[int, list[Party]]:
    """For each state id, the zones it belongs to (one query for any number of states)."""
    ids = [state.id for state in states]
    result: dict[int, list[Party]] = {state_id: [] for state_id in ids}
    rows = session.execute(
        select(Membership.state_id, Party)
        .join(Party, Party.id == Membership.zone_id)
        .where(Membership.state_id.in_(ids))
        .order_by(Party.code)
    )
    for state_id, zone in rows:
        result[state_id].append(zone)
    return result


def normalized_email(value: str | None, field: str = "email") -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValidationError(
            field=field, code="contact.bad_email", value=text, reason=str(error)
        ) from None


def language_code(value: str | None, field: str = "language") -> str | None:
    """One of the six official languages (``fr``), or None when not given."""
    text = (value or "").strip().lower()
    if not text:
        return None
    if text not in LOCALES:
        raise ValidationError(field=field, code="choice.unknown", value=value, choices=LOCALES)
    return text


def _refuse_taken_email(session: Session, contact: Contact) -> None:
    """Refuse another contact's address (before a flush would hit the UNIQUE constraint)."""
    taken = select(Contact.id).where(Contact.email == contact.email, Contact.id != contact.id)
    with session.no_autoflush:
        found = contact.email and session.scalar(taken)
    if found:
        raise ValidationError(field="email", code="contact.duplicate_email", email=contact.email)


def add_contact(
    session: Session,
    context: Context,
    *,
    name: str,
    email: str | None = None,
    title: str | None = None,
    party: str | None = None,
    language: str | None = None,
) -> Contact:
    contact = Contact(
        name=required_text(name, "name", 200),
        title=optional_text(title, "title", 200),
        email=normalized_email(email),
        party_id=party_by_code(session, party).id if party else None,
        language=language_code(language),
        mail_opt_out=False,
    )
    _refuse_taken_email(session, contact)
    session.add(contact)
    session.flush()
    audit.record(session, context, "create", "contact", contact.id, after=audit.snapshot(contact))
    return contact


def update_contact(
    session: Session,
    context: Context,
    contact_id: object,
    *,
    name: str | None = None,
    email: str | None = None,
    title: str | None = None,
    party: str | None = None,
    language: str | None = None,
    mail: bool | None = None,
) -> Contact:
    """Change what is given (None = keep; "" clears an optional value); ``mail=False``
    opts the contact out of every e-mail, ``mail=True`` back in."""
    contact = contact_by_id(session, contact_id)
    before = audit.snapshot(contact)
    if name is not None:
        contact.name = required_text(name, "name", 200)
    if title is not None:
        contact.title = optional_text(title, "title", 200)
    if email is not None:
        contact.email = normalized_email(email)
    if party is not None:
        contact.party_id = party_by_code(session, party).id if party.strip() else None
    if language is not None:
        contact.language = language_code(language)
    if mail is not None:
        contact.mail_opt_out = not mail
    _refuse_taken_email(session, contact)
    after = audit.snapshot(contact)
    if after != before:
        session.flush()
        audit.record(session, context, "update", "contact", contact.id, before=before, after=after)
    return contact


def contact_by_id(session: Session, contact_id: object, field: str = "contact") -> Contact:
    return get_by_id(
        session, Contact, contact_id, field, ("contact.malformed_id", "contact.unknown_id")
    )


def list_contacts(session: Session, party: str | None = None) -> list[Contact]:
    query = select(Contact).order_by(Contact.name, Contact.id)
    if party:
        query = query.where(Contact.party_id == party_by_code(session, party).id)
    return list(session.scalars(query))


def zone_memberships(session: Session, zone: Party) -> list[Membership]:
    """The states of a zone with their standing, as-of date and source, by state code."""
    return list(
        session.scalars(
            select(Membership)
            .join(Party, Party.id == Membership.state_id)
            .where(Membership.zone_id == zone.id)
            .options(contains_eager(Membership.state))
            .order_by(Party.code)
        )
    )
