"""The web planner: a Flask application factory taking the Settings.

The application is stateless apart from the database (sign-in sessions and the
sign-in throttle live in tables, the cookie only names the session), so any number of
gunicorn workers or machines can serve it behind a load balancer.
"""

import secrets
import warnings

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from jinja2 import BytecodeCache, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from werkzeug.middleware.proxy_fix import ProxyFix

from planner import resource_dir
from planner.finance import importing
from planner.settings import Settings
from planner.web import (
    actions,
    auth,
    chair,
    database,
    errors,
    feed_tokens,
    feeds,
    finance,
    imports,
    localization,
    manage,
    meetings,
    portal,
    readiness,
    security,
    subscribe,
    translations,
    workspace,
)

# A request's body: the largest import file, and its confirm step, which carries the file
# base64-encoded twice (about 1.8 times its size); anything larger is answered 413.
UPLOAD_LIMIT = 2 * importing.MAX_BYTES


class DevelopmentSecretKeyWarning(UserWarning):
    """No ``PLANNER_SECRET_KEY``: sessions end when the process does, and workers disagree."""


def secret_key(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    warnings.warn(
        "PLANNER_SECRET_KEY is not set; using a random key for this process only "
        "(sign-ins end when it stops; set the variable for any shared or production use)",
        DevelopmentSecretKeyWarning,
        stacklevel=2,
    )
    return secrets.token_hex(32)


class ProcessBytecodeCache(BytecodeCache):
    """Compiled templates kept for the life of the process, shared by every app in it.

    Compiling the templates is most of the cost of a new app's first pages (about a
    second); the test suite makes an app per test, and a process serving several
    conferences' apps would pay it per app. Jinja checks each entry against the
    template's source checksum, so an edited template is compiled afresh, never served
    stale.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = ProcessBytecodeCache()


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__, template_folder=str(resource_dir("templates")), static_folder=None)
    app.jinja_options = {
        **app.jinja_options,
        "autoescape": select_autoescape(enabled_extensions=("html",), default_for_string=False),
        "undefined": StrictUndefined,
        "extensions": ["jinja2.ext.i18n"],
        "bytecode_cache": COMPILED_TEMPLATES,
    }
    https = settings.public_base_url.lower().startswith("https://")
    app.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        PREFERRED_URL_SCHEME="https" if https else "http",
        WTF_CSRF_SSL_STRICT=https,
        MAX_CONTENT_LENGTH=UPLOAD_LIMIT,
        MAX_FORM_MEMORY_SIZE=UPLOAD_LIMIT,  # the import preview carries the file to confirm
    )
    database.init_app(app, settings)
    localization.init_app(app)
    auth.init_app(app, settings)  # before the CSRF check, so its error pages know the user
    CSRFProtect(app)
    errors.init_app(app)
    security.init_app(app, settings)
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)  # type: ignore[method-assign]
    app.register_blueprint(portal.blueprint)
    portal.add_conference_panel(app, readiness.readiness_panel)
    app.register_blueprint(readiness.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(manage.blueprint)
    app.register_blueprint(feeds.blueprint)
    app.register_blueprint(feed_tokens.blueprint)
    subscribe.init_app(app)
    for blueprint in (workspace, meetings, translations, chair, actions, finance, imports):
        app.register_blueprint(blueprint.blueprint)
    return app
