"""``planner party list`` and ``planner contact add|list``."""

from typing import Any

import click

from planner.cli.app import CliState, pass_state
from planner.cli.feed_tokens import feed_token_group
from planner.cli.output import emit, emit_created, format_option, to_json
from planner.directory.models import Contact, Party, PartyKind
from planner.directory.operations import (
    add_contact,
    list_contacts,
    list_parties,
    update_contact,
    zones_of,
)
from planner.i18n import DEFAULT_LOCALE, LOCALES, party_label


def party_record(party: Party, zones: list[Party]) -> dict[str, Any]:
    return {
        "id": party.id,
        "code": party.code,
        "kind": party.kind,
        "name": party.name,
        "zones": [zone.code for zone in zones],
    }


def contact_record(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "name": contact.name,
        "title": contact.title,
        "email": contact.email,
        "party": contact.party.code if contact.party else None,
        "language": contact.language,
        "mail": not contact.mail_opt_out,
    }


@click.group("party")
def party_group() -> None:
    """States, zones and organizations."""


@party_group.command("list")
@click.option("--zone", metavar="CODE", help="Only the states of this zone (e.g. TLATELOLCO).")
@format_option
@pass_state
def party_list(state: CliState, zone: str | None, fmt: str) -> None:
    """List parties (states with their zones, zones, organizations)."""
    with state.session() as session:
        parties = list_parties(session, zone)
        zones = zones_of(session, [party for party in parties if party.kind == PartyKind.STATE])
        rows = [party_record(party, zones.get(party.id, [])) for party in parties]
        if fmt == "table":  # zones by name, the code secondary (JSON and CSV keep the codes)
            for party, row in zip(parties, rows, strict=True):
                row["zones"] = ", ".join(
                    party_label(zone.code, zone.name, DEFAULT_LOCALE)
                    for zone in zones.get(party.id, [])
                )
    emit(rows, fmt)


@click.group("contact")
def contact_group() -> None:
    """Focal points and other people."""


LANGUAGE_HELP = f"The language e-mails to this contact are written in ({', '.join(LOCALES)})."


@contact_group.command("add")
@click.option("--name", required=True)
@click.option("--email")
@click.option("--title")
@click.option("--party", metavar="CODE")
@click.option("--lang", "language", metavar="LANG", help=LANGUAGE_HELP)
@format_option
@pass_state
def contact_add(state: CliState, /, fmt: str, **options: Any) -> None:
    """Add a contact."""
    with state.session() as session:
        contact = add_contact(session, state.context, **options)
        record = contact_record(contact)
    emit_created(record, fmt, "contact")


@contact_group.command("update")
@click.argument("contact_id", metavar="ID")
@click.option("--name")
@click.option("--email", help='A new address ("" removes it).')
@click.option("--title")
@click.option("--party", metavar="CODE", help='Another party ("" for none).')
@click.option("--lang", "language", metavar="LANG", help=LANGUAGE_HELP)
@click.option(
    "--mail/--no-mail",
    default=None,
    help="Send e-mail to this contact again, or never (invitations, reminders).",
)
@format_option
@pass_state
def contact_update(state: CliState, /, contact_id: str, fmt: str, **options: Any) -> None:
    """Change a contact's details, language or e-mail opt-out."""
    with state.session() as session:
        contact = update_contact(session, state.context, contact_id, **options)
        record = contact_record(contact)
    if fmt == "json":
        click.echo(to_json(record))
    else:
        click.echo(f"updated contact {record['id']}")


@contact_group.command("list")
@click.option("--party", metavar="CODE")
@format_option
@pass_state
def contact_list(state: CliState, party: str | None, fmt: str) -> None:
    """List contacts."""
    with state.session() as session:
        contacts = list_contacts(session, party)
        rows = [contact_record(contact) for contact in contacts]
        if fmt == "table":
            for contact, row in zip(contacts, rows, strict=True):
                if contact.party:
                    row["party"] = party_label(
                        contact.party.code, contact.party.name, DEFAULT_LOCALE
                    )
    emit(rows, fmt)


COMMANDS = (party_group, contact_group)
contact_group.add_command(feed_token_group)
