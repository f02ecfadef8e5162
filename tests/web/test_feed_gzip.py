"""The feeds' gzip representation: what calendar clients ask for with ``Accept-Encoding``.

Exactly the plain feed once decoded (by Python's and by GNU gzip's decoder), read the same
by the independent parsers, under an ETag of its own; ``Vary: Accept-Encoding`` on every
answer; a 304 for either tag; after a change, both representations are new.
"""

import gzip
import subprocess

import pytest

from planner.calendars.addresses import party_feed_path, private_feed_path
from planner.calendars.tokens import issue_feed_token
from planner.db import unit_of_work
from planner.directory.operations import add_contact
from tests.calendars.parsers import parse_with_icaljs, parse_with_vobject

PUBLIC = "/calendars/fourth-2020.ics"
GZIP = {"Accept-Encoding": "gzip"}


def gunzip_with_gnu_gzip(data: bytes) -> bytes:
    """A decoder that is not Python's zlib binding, as a client's would be."""
    return subprocess.run(["gzip", "-dc"], input=data, capture_output=True, check=True).stdout


def varies_by_encoding(response) -> bool:
    return "accept-encoding" in {name.lower() for name in response.vary}


def private_path(engine, context) -> str:
    with unit_of_work(engine) as session:
        contact_id = add_contact(session, context, name="Delegate", party="KAZ").id
        return private_feed_path(
            issue_feed_token(session, context, contact_id, "fourth-2020").token
        )


def test_a_client_accepting_gzip_gets_the_same_feed_gzip_encoded_under_its_own_tag(client, demo):
    plain = client.get(PUBLIC)
    encoded = client.get(PUBLIC, headers=GZIP)
    assert (plain.status_code, encoded.status_code) == (200, 200)
    assert "Content-Encoding" not in plain.headers
    assert encoded.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(encoded.data) == plain.data
    assert gunzip_with_gnu_gzip(encoded.data) == plain.data
    assert len(encoded.data) < len(plain.data)
    assert int(encoded.headers["Content-Length"]) == len(encoded.data)
    for name in ("Content-Type", "Content-Disposition", "Last-Modified", "Cache-Control"):
        assert encoded.headers[name] == plain.headers[name], name
    assert varies_by_encoding(plain) and varies_by_encoding(encoded)
    plain_tag, encoded_tag = plain.headers["ETag"], encoded.headers["ETag"]
    assert encoded_tag != plain_tag
    assert encoded_tag.startswith('"') and not encoded_tag.startswith("W/")
    decoded = gzip.decompress(encoded.data)
    assert parse_with_icaljs(decoded) == parse_with_icaljs(plain.data)
    assert parse_with_vobject(decoded) == parse_with_vobject(plain.data)


@pytest.mark.parametrize(
    ("accept_encoding", "encoded"),
    [
        ("gzip", True),
        ("GZIP", True),
        ("deflate, gzip;q=0.5", True),
        ("*", True),
        ("gzip, identity", True),
        (None, False),
        ("identity", False),
        ("gzip;q=0", False),
        ("br, deflate", False),
        ("gzip;q=0.5, identity", False),  # the client prefers the plain bytes
    ],
)
def test_gzip_is_sent_only_to_a_client_that_prefers_it(client, demo, accept_encoding, encoded):
    headers = {} if accept_encoding is None else {"Accept-Encoding": accept_encoding}
    response = client.get(PUBLIC, headers=headers)
    assert response.status_code == 200
    assert (response.headers.get("Content-Encoding") == "gzip") is encoded
    assert response.headers["ETag"].endswith('-gzip"') is encoded
    body = gzip.decompress(response.data) if encoded else response.data
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")


def test_either_tag_is_not_modified_and_the_answer_names_the_requested_encoding(client, demo):
    plain_tag = client.get(PUBLIC).headers["ETag"]
    encoded_tag = client.get(PUBLIC, headers=GZIP).headers["ETag"]
    for held in (plain_tag, encoded_tag, f'"other", {encoded_tag}'):
        for headers, expected_tag in (({}, plain_tag), (GZIP, encoded_tag)):
            response = client.get(PUBLIC, headers={**headers, "If-None-Match": held})
            assert response.status_code == 304, (held, headers)
            assert response.data == b""
            assert response.headers["ETag"] == expected_tag
            assert "Content-Encoding" not in response.headers
            assert varies_by_encoding(response)
    stale = client.get(PUBLIC, headers={**GZIP, "If-None-Match": '"other-gzip"'})
    assert stale.status_code == 200 and stale.headers["ETag"] == encoded_tag


def test_head_gives_the_gzip_answers_headers(client, demo):
    get = client.get(PUBLIC, headers=GZIP)
    head = client.head(PUBLIC, headers=GZIP)
    assert head.status_code == 200 and head.data == b""
    for name in ("Content-Encoding", "Content-Length", "ETag", "Vary"):
        assert head.headers[name] == get.headers[name], name


def test_party_and_private_feeds_have_their_gzip_too(client, demo, engine, context):
    for path in (party_feed_path("fourth-2020", "MNG"), private_path(engine, context)):
        plain = client.get(path)
        encoded = client.get(path, headers=GZIP)
        assert encoded.headers["Content-Encoding"] == "gzip", path
        assert gzip.decompress(encoded.data) == plain.data, path
        assert encoded.headers["ETag"] != plain.headers["ETag"], path
        assert encoded.headers["Cache-Control"] == plain.headers["Cache-Control"], path
