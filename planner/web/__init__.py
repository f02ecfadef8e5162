"""The web planner: a Flask application factory taking the Settings.

The application is stateless apart from the database (sessions are signed cookies,
sign-in throttling counters live in the ``users`` table), so any number of gunicorn
workers or machines can serve it behind a load balancer.
"""

import secrets
import warnings

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from jinja2 import StrictUndefined, select_autoescape

from planner import resource_dir
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
    subscribe,
    workspace,
)

UPLOAD_LIMIT = 32 * 1024 * 1024  # bytes: a CSV import of some 100,000 rows, and its preview


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


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__, template_folder=str(resource_dir("templates")), static_folder=None)
    app.jinja_options = {
        **app.jinja_options,
        "autoescape": select_autoescape(enabled_extensions=("html",), default_for_string=False),
        "undefined": StrictUndefined,
        "extensions": ["jinja2.ext.i18n"],
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
    CSRFProtect(app)
    database.init_app(app, settings)
    localization.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    app.register_blueprint(portal.blueprint)
    portal.add_conference_panel(app, readiness.readiness_panel)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(manage.blueprint)
    app.register_blueprint(feeds.blueprint)
    app.register_blueprint(feed_tokens.blueprint)
    subscribe.init_app(app)
    for blueprint in (workspace, meetings, chair, actions, finance, imports):
        app.register_blueprint(blueprint.blueprint)
    return app
