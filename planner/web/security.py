"""Security headers on every response, and the nonce that lets the pages' own scripts run.

The Content-Security-Policy allows no inline script or style except the blocks a page
marks with this response's nonce (``csp_nonce()`` in templates): an injected
``<script>`` or ``onclick=`` never runs, and scripts may fetch from this site only.
Pages cannot be framed (clickjacking), content types are not sniffed, and a signed-in
page is never stored by a browser or a proxy
(``Cache-Control: no-store``: the next person at a shared computer cannot page back
into it). Views that show a secret (a private feed, a feed token) call
:func:`holds_secret` and get ``Referrer-Policy: no-referrer``; every other response
gets ``same-origin``. HSTS is
sent only when the public address is https, since it binds browsers to https.
"""

import secrets

from flask import Flask, Response, g

from planner.settings import Settings

HSTS = "max-age=31536000"  # one year; no includeSubDomains: other hosts of the domain are not ours
DEFAULT_REFERRER_POLICY = "same-origin"
SECRET_REFERRER_POLICY = "no-referrer"


def csp_nonce() -> str:
    """This response's nonce, made on first use (a page without inline blocks gets none)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    nonce: str = g.csp_nonce
    return nonce


def content_security_policy(nonce: str | None) -> str:
    inline = f"'nonce-{nonce}'" if nonce else "'none'"
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {inline}",
            f"style-src {inline}",
            "img-src 'self' data:",
            "connect-src 'self'",  # the pages' scripts ask this site only (the live preview)
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )


def holds_secret() -> None:
    """Called by a view whose address or page holds a secret token: its answer, an error
    page included, is sent with ``Referrer-Policy: no-referrer``."""
    g.holds_secret = True


def init_app(app: Flask, settings: Settings) -> None:
    https = settings.public_base_url.lower().startswith("https://")
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(g.get("csp_nonce"))
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"  # frame-ancestors for browsers without CSP 2
        secret = g.get("holds_secret", False)
        headers["Referrer-Policy"] = SECRET_REFERRER_POLICY if secret else DEFAULT_REFERRER_POLICY
        if https:
            headers["Strict-Transport-Security"] = HSTS
        if g.get("user") is not None:
            headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        return response
