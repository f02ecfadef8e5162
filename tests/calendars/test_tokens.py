"""Private feed tokens: entropy, hashed storage, audit without secrets, CLI issue and revoke."""

import hashlib
import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner.audit import AuditEntry
from planner.calendars.models import FeedToken
from planner.calendars.tokens import issue_feed_token, token_holder
from planner.db import unit_of_work
from planner.directory.operations import add_contact

URL = re.compile(r"^https://planner\.example\.org/calendars/private/([A-Za-z0-9_-]{43})\.ics$")


@pytest.fixture
def contact_id(engine, context, demo) -> int:
    with unit_of_work(engine) as session:
        return add_contact(session, context, name="Delegate", party="KAZ").id


def test_tokens_are_random_256_bit_and_only_their_hash_is_stored(engine, context, contact_id, dump):
    with unit_of_work(engine) as session:
        tokens = [issue_feed_token(session, context, contact_id).token for _ in range(3)]
    assert len(set(tokens)) == 3
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 32 bytes, base64url
    everything = repr(dump())
    assert not any(token in everything for token in tokens)
    with unit_of_work(engine) as session:
        stored = session.scalars(select(FeedToken).order_by(FeedToken.id)).all()
        assert [row.token_hash for row in stored] == [
            hashlib.sha256(token.encode()).hexdigest() for token in tokens
        ]
        assert [row.revoked_at is None for row in stored] == [False, False, True]
        assert token_holder(session, tokens[-1]).contact_id == contact_id
        assert token_holder(session, tokens[0]) is None
        assert token_holder(session, "") is None
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "feed_token"))
        audited = list(entries)
        assert [entry.action for entry in audited] == [
            "issue",
            "revoke",
            "issue",
            "revoke",
            "issue",
        ]
        assert all("token_hash" not in repr((e.before, e.after)) for e in audited)


def test_the_database_holds_one_live_token_per_contact_and_conference(engine, context, contact_id):
    with unit_of_work(engine) as session:
        issued = issue_feed_token(session, context, contact_id).record
        conference_id = issued.conference_id
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        session.add(
            FeedToken(
                contact_id=contact_id,
                conference_id=conference_id,
                token_hash="0" * 64,
                issued_at=context.now(),
            )
        )


def test_cli_issues_an_address_on_the_public_base_url(cli, contact_id, monkeypatch, engine):
    monkeypatch.setenv("PLANNER_PUBLIC_BASE_URL", "https://planner.example.org/")
    result = cli("contact", "feed-token", "issue", str(contact_id))
    assert result.exit_code == 0, result.output
    url, created = result.stdout.splitlines()
    token = URL.match(url).group(1)
    assert created.startswith("created feed-token ")
    with unit_of_work(engine) as session:
        holder = token_holder(session, token)
        assert holder.contact_id == contact_id
        assert holder.conference.slug == "fourth-2020"  # the conference that starts last
        assert created == f"created feed-token {holder.id}"
    as_json = cli("contact", "feed-token", "issue", str(contact_id), "--format", "json")
    assert URL.match(as_json.stdout.split('"url": "')[1].split('"')[0])
    revoked = cli("contact", "feed-token", "revoke", str(contact_id))
    assert revoked.exit_code == 0, revoked.output
    assert re.fullmatch(r"revoked feed-token \d+\n", revoked.stdout)
    with unit_of_work(engine) as session:
        assert token_holder(session, token) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("issue", "999"), "error: contact: no contact with id 999"),
        (("issue", "abc"), "error: contact: 'abc' is not a contact id"),
        (("issue", "{id}", "--conference", "nope"), "error: conference: no conference 'nope'"),
        (("revoke", "{id}"), "error: contact: contact {id} has no live feed token"),
        (("revoke", "999"), "error: contact: no contact with id 999"),
    ],
)
def test_cli_refusals_change_nothing(cli, contact_id, dump, args, message):
    before = dump()
    result = cli("contact", "feed-token", *(a.format(id=contact_id) for a in args))
    assert result.exit_code == 1
    assert result.stderr.startswith(message.format(id=contact_id))
    assert dump() == before
