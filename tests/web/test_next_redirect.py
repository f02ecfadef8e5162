"""``next`` after sign-in leads only to a path on this site, whatever the string.

Generated targets mix the pieces of known open-redirect tricks (schemes, ``//``,
backslashes, control characters, percent-encoded tabs and newlines, Unicode
look-alikes of ``/`` and ``.``) with arbitrary text; each is posted to the real
sign-in endpoint, as a decoded value and as a raw query string. The answer must be
a redirect whose Location a browser resolves to this host, never a 500.
"""

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.web.auth import safe_next
from tests.examples import examples_to_try
from tests.web.conftest import PASSWORD, csrf_token

BASE = "http://localhost/"
# The pieces of known tricks: a target is an optional scheme, a few of the separators a
# browser may read as "/" or drop, a host, and arbitrary text.
SCHEMES = ["https:", "http:", "HTTP:", "javascript:", "data:", "jav\tascript:", "mailto:"]
SEPARATORS = ["/", "//", "\\", "\t", "\n", "\r", "%09", "%0a", "%2f", "%5c", "\uff0f", "\u2215"]
HOSTS = ["evil.example", "@evil.example", "evil.example:80", "evil\u3002example", "/en/zones"]
NOISE = ["\x00", "\x0b", "\x1f", "\x7f", " ", "\u00a0", "\u3000", "\u200b", "\u202e", "\ufeff"]
targets = st.one_of(
    st.builds(
        lambda scheme, separators, host, tail: scheme + "".join(separators) + host + tail,
        st.just("") | st.sampled_from(SCHEMES),
        st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=4),
        st.sampled_from(HOSTS),
        st.text(max_size=6),
    ),
    st.lists(st.sampled_from(SCHEMES + SEPARATORS + HOSTS + NOISE) | st.text(max_size=4)).map(
        "".join
    ),
)
raw_targets = st.lists(
    st.sampled_from([t for t in SCHEMES + SEPARATORS + HOSTS if t.isascii() and t.isprintable()])
    | st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=4),
    max_size=8,
).map("".join)
KNOWN_TRICKS = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\uff0f\uff0fevil.example",
    "https://evil.example",
    "//evil.example",
    " //evil.example",
    "javascript:alert(1)",
]
RAW_TRICKS = ["/%09/evil.example", "/%0a/evil.example", "%2f%2fevil.example", "/%5cevil.example"]


def examples(targets: list[str]):
    """Hypothesis ``@example`` for each known trick: tried on every run, before the search."""

    def decorate(test):
        for target in reversed(targets):
            test = example(target=target)(test)
        return test

    return decorate


def browser_view(location: str) -> str:
    """What a browser makes of a Location: tabs and newlines dropped, C0 controls and
    spaces trimmed, backslashes read as slashes (WHATWG URL parsing of special schemes)."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "")
    cleaned = cleaned.strip("".join(chr(c) for c in range(0x21))).replace("\\", "/")
    return urljoin(BASE, cleaned)


def assert_local(response, target) -> None:
    assert response.status_code == 302, (target, response.status_code)
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), target
    assert all(0x21 <= ord(ch) <= 0x7E for ch in location), (target, location)
    resolved = urlsplit(browser_view(location))
    assert (resolved.scheme, resolved.netloc) == ("http", "localhost"), (target, location)


@pytest.fixture
def form(client, make_user):
    """The sign-in form, with a fresh CSRF token each time (signing in starts a new session)."""
    make_user("ana", "viewer")

    def filled() -> dict:
        token = csrf_token(client.get("/en/sign-in").get_data(as_text=True))
        return {"csrf_token": token, "username": "ana", "password": PASSWORD}

    return filled


@settings(
    max_examples=examples_to_try(200, fast=20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(target=targets)
@examples(KNOWN_TRICKS)
def test_sign_in_redirects_only_to_a_local_path(client, form, target):
    response = client.post("/en/sign-in", query_string={"next": target}, data=form())
    assert_local(response, target)


@settings(
    max_examples=examples_to_try(150, fast=15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(target=raw_targets)
@examples(RAW_TRICKS)
def test_sign_in_redirects_only_to_a_local_path_from_a_raw_query(client, form, target):
    response = client.post("/en/sign-in", query_string=f"next={target}", data=form())
    assert_local(response, target)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/zh/zones", "/zh/zones"),
        ("/en/manage/contacts?kind=state&x=%2F", "/en/manage/contacts?kind=state&x=%2F"),
        ("https://evil.example/", None),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("/\t/evil.example", None),
        ("/\n/evil.example", None),
        (" /en/", None),
        ("/\uff0fevil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(target) == expected


def test_the_sign_in_link_of_a_guarded_page_round_trips(client, form):
    """The one place the app builds a ``next`` itself: the redirect to the sign-in page."""
    guarded = client.get("/en/manage/contacts?kind=state")
    location = guarded.headers["Location"]
    assert location == "/en/sign-in?next=/en/manage/contacts?kind%3Dstate"
    response = client.post(location, data=form())
    assert response.headers["Location"] == "/en/manage/contacts?kind=state"
