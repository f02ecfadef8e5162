"""``planner contact feed-token issue|revoke CONTACT_ID``: private calendar addresses."""

from typing import Any

import click

from planner.calendars.addresses import absolute, private_feed_path
from planner.calendars.models import FeedToken
from planner.calendars.tokens import issue_feed_token, revoke_feed_tokens
from planner.cli.app import CliState, pass_state
from planner.cli.output import emit_created, format_option


def token_record(token: FeedToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "contact": token.contact_id,
        "conference": token.conference.slug,
        "issued_at": token.issued_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@click.group("feed-token")
def feed_token_group() -> None:
    """Private calendar addresses of contacts (restricted meetings they are invited to)."""


@feed_token_group.command("issue")
@click.argument("contact_id")
@click.option("--conference", metavar="SLUG", help="Default: the conference that starts last.")
@format_option
@pass_state
def issue(state: CliState, contact_id: str, conference: str | None, fmt: str) -> None:
    """Issue a new private calendar address (revokes the contact's previous one).

    The address is printed once: only a hash of its token is stored.
    """
    with state.session() as session:
        issued = issue_feed_token(session, state.context, contact_id, conference)
        record = token_record(issued.record)
    url = absolute(state.settings.public_base_url, private_feed_path(issued.token))
    if fmt != "json":
        click.echo(url)
    emit_created({**record, "url": url}, fmt, "feed-token")


@feed_token_group.command("revoke")
@click.argument("contact_id")
@click.option("--conference", metavar="SLUG", help="Only this conference's address.")
@pass_state
def revoke(state: CliState, contact_id: str, conference: str | None) -> None:
    """Revoke the contact's private calendar addresses: they answer 404 from now on."""
    with state.session() as session:
        revoked = [
            token.id for token in revoke_feed_tokens(session, state.context, contact_id, conference)
        ]
    for token_id in revoked:
        click.echo(f"revoked feed-token {token_id}")
