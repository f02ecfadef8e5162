"""Where each feed lives: the paths the web serves and the absolute addresses people copy.

The CLI prints private feed addresses without a web application at hand, so the
paths are written here once; the web's routes are tested to agree with them.
"""

from urllib.parse import quote


def public_feed_path(conference: str) -> str:
    return f"/calendars/{quote(conference, safe='')}.ics"


def party_feed_path(conference: str, party_code: str) -> str:
    return f"/calendars/{quote(conference, safe='')}/parties/{quote(party_code, safe='')}.ics"


def private_feed_path(token: str) -> str:
    return f"/calendars/private/{quote(token, safe='')}.ics"


def absolute(base_url: str, path: str) -> str:
    """``path`` on the site's public base URL (``Settings.public_base_url``)."""
    return base_url.rstrip("/") + path


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) address: calendar apps open it as a subscription."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        raise ValueError(f"not an http(s) address: {url!r}")
    return f"webcal://{rest}"
