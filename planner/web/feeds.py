"""Calendar feeds over HTTP, built by the one serializer, with validators that cost one query.

A calendar client polls its feeds every hour or so, mostly for nothing new. Each
request therefore first reads the data's revision (one statement, see
:mod:`planner.calendars.revision`); when this worker knows what the address answered
at that revision, that is the feed's version, else it computes it (the audience and
one aggregate query, see :func:`planner.calendars.feeds.feed_stamp`). When the
client's If-None-Match or If-Modified-Since shows it already holds that version, the
answer is 304 and the feed is never built. Otherwise the bytes come from the shared feed cache
(:mod:`planner.calendars.cache`), built there only when the data changed, gzip-encoded
(``Content-Encoding: gzip``, ETag suffixed ``-gzip``) for a client that accepts it. The
conditional logic is Werkzeug's ``is_resource_modified`` (RFC 9110: weak comparison
for If-None-Match, ``*``, lists; If-None-Match wins over If-Modified-Since).

No language prefix (a subscription address must not change with the page it was
copied from): ``?lang=fr`` asks for the feed in one of the six languages, English
when absent. The language is part of the feed's identity, so of its ETag and of
its cache entries. Any other value is a plain-text 400 naming the six: calendar
clients poll silently, and a clear refusal is easier to debug than a feed quietly
falling back to English.
"""

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from flask import Blueprint, Response, abort, request
from flask.typing import ResponseReturnValue
from werkzeug.http import is_resource_modified

from planner.calendars.cache import build_feed_incrementally
from planner.calendars.feeds import Audience, audience, feed_stamp
from planner.calendars.serializer import alarms_from_text, alarms_text
from planner.calendars.tokens import token_digest, token_holder
from planner.calendars.version import serializer_version
from planner.i18n import DEFAULT_LOCALE, LOCALES
from planner.web.database import db, state
from planner.web.localization import gettext
from planner.web.security import holds_secret

PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"

blueprint = Blueprint("feeds", __name__)


@dataclass(frozen=True)
class Feed:
    """A feed to answer with: who it is for, what names it, how caches may keep it."""

    audience: Audience
    identity: str  # distinguishes feeds whose meetings happen to be the same
    filename: str
    cache_control: str
    language: str = DEFAULT_LOCALE


def requested_language() -> str:
    """``?lang=`` of the request (English when absent); another value is answered 400."""
    lang = request.args.get("lang", "") or DEFAULT_LOCALE
    if lang not in LOCALES:
        message = gettext(
            "Unknown calendar language %(lang)s: use one of %(languages)s.",
            lang=repr(lang),
            languages=", ".join(LOCALES),
        )
        abort(Response(message + "\n", status=400, mimetype="text/plain"))
    return lang


def language_feed(
    audience: Audience, identity: str, filename: str, cache_control: str, language: str
) -> Feed:
    """The feed in ``language``: each language is a feed of its own."""
    if language != DEFAULT_LOCALE:
        identity = f"{identity}|{language}"
    return Feed(audience, identity, filename, cache_control, language)


def entity_tag(feed: Feed, version: str) -> str:
    """The strong ETag: the data's version, the feed's identity and the serializer's version."""
    key = f"{serializer_version()}|{feed.identity}|{version}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def gzip_tag(etag: str) -> str:
    """The strong ETag of the gzip-encoded representation (other bytes, so another tag)."""
    return f"{etag}-gzip"


def accepts_gzip() -> bool:
    """Whether the client takes gzip rather than the plain bytes (as calendar clients do)."""
    return request.accept_encodings.best_match(("gzip", "identity")) == "gzip"


@dataclass(frozen=True)
class Answered:
    """What a feed's address answered at a data revision: all an unchanged feed needs."""

    identity: str
    filename: str
    cache_control: str
    etag: str
    last_modified: datetime | None


def answer(address: Hashable, resolve: Callable[[], Feed]) -> Response:
    """The feed at ``address`` (what its URL names, parsed and checked), made by ``resolve``
    only when this worker does not know what the address answered at the current revision.

    An unchanged feed therefore costs one statement (the revision), from this worker's
    memory; otherwise the feed's audience and stamp are read as before, after the
    revision, so that what is remembered is never older than the revision it is
    remembered under (see :mod:`planner.calendars.revision`).
    """
    remembered = state().answered
    revision = remembered.revision()
    feed = cache(resolve)
    answered = remembered.get(address, revision)
    if answered is None:
        stamp = feed_stamp(db(), feed().audience, feed().language)
        answered = Answered(
            feed().identity,
            feed().filename,
            feed().cache_control,
            entity_tag(feed(), stamp.version),
            stamp.last_modified,
        )
        remembered.remember(address, revision, answered)
    etag, last_modified = answered.etag, answered.last_modified
    gzipped = accepts_gzip()
    # a client holding either representation holds this version of the feed: 304 for both
    # tags (a client that stored the decoded bytes may send the gzip tag without gzip)
    modified = all(
        is_resource_modified(request.environ, etag=tag, last_modified=last_modified)
        for tag in (etag, gzip_tag(etag))
    )
    if modified:
        # while another worker rebuilds a changed feed this waits for it: the previous
        # bytes may show a meeting the viewer may no longer see
        served = state().feeds.feed(
            answered.identity,
            etag,
            last_modified,
            lambda: build_feed_incrementally(db(), feed().audience, feed().language),
        )
        # the stored bytes objects themselves: no copy, no encoding per request
        response = Response(served.gzipped if gzipped else served.body, mimetype="text/calendar")
        if gzipped:
            response.content_encoding = "gzip"
        response.headers.set("Content-Disposition", "inline", filename=answered.filename)
        etag, last_modified = served.etag, served.last_modified
    else:
        response = Response(status=304)
        del response.headers["Content-Type"]
    response.set_etag(gzip_tag(etag) if gzipped else etag)
    response.vary.add("Accept-Encoding")
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = answered.cache_control
    return response


@blueprint.get("/calendars/<conference>.ics")
def public_feed(conference: str) -> ResponseReturnValue:
    language = requested_language()
    return answer(
        ("public", conference, language),
        lambda: language_feed(
            audience(db(), conference),
            f"public|{conference}",
            f"{conference}.ics",
            PUBLIC_CACHE,
            language,
        ),
    )


@blueprint.get("/calendars/<conference>/parties/<code>.ics")
def party_feed(conference: str, code: str) -> ResponseReturnValue:
    """Anyone may guess this address, so it shows public meetings only (see feeds.py)."""
    language = requested_language()
    party = code.upper()
    return answer(
        ("party", conference, code, language),
        lambda: language_feed(
            audience(db(), conference, party=code, public_only=True),
            f"party|{conference}|{party}",
            f"{conference}-{party}.ics",
            PUBLIC_CACHE,
            language,
        ),
    )


@blueprint.get("/calendars/private/<token>.ics")
def private_feed(token: str) -> ResponseReturnValue:
    """A contact's feed with its restricted meetings; an unknown or revoked token is 404."""
    holds_secret()  # the address is the token, even when it is a wrong one
    language = requested_language()
    alarms = alarms_from_text(request.args.get("alarms"))  # the subscriber's, e.g. P1D,PT15M

    def resolve() -> Feed:
        session = db()
        holder = token_holder(session, token)
        if holder is None:
            abort(404)
        slug = holder.conference.slug
        found = replace(audience(session, slug, contact=holder.contact_id), alarms=alarms)
        identity = f"contact|{slug}|{holder.contact_id}|{alarms_text(alarms)}"
        return language_feed(found, identity, f"{slug}-private.ics", PRIVATE_CACHE, language)

    # the token's digest, not the token: a worker's memory holds no secret addresses
    address = ("private", token_digest(token), alarms_text(alarms), language)
    response = answer(address, resolve)
    response.headers["X-Robots-Tag"] = "noindex"
    return response
