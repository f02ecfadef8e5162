"""Signing in and out, the signed-in user of a request, and the role check for views.

A sign-in is a server-side session (:mod:`planner.users.sessions`): the signed,
HttpOnly, SameSite=Lax cookie carries only a random session id, and the database says
whether that session is still live. Signing out, a new password, a disabled account,
"sign out everywhere" and the idle and absolute time-outs (Settings) end the session
in the database, so a copied cookie stops working in every worker at once.
"""

import re
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.urls import iri_to_uri

from planner import visibility
from planner.audit import Context
from planner.errors import PlannerError, ValidationError
from planner.settings import Settings
from planner.users.models import ROLES, User
from planner.users.operations import (
    SignInThrottled,
    authenticate,
    change_password,
    sign_out_everywhere,
)
from planner.users.sessions import SessionLimits, end_session, open_session, session_user
from planner.web.database import commit, context, db, state
from planner.web.forms import PasswordChangeForm, SignInForm, show_error
from planner.web.localization import gettext

SESSION_KEY = "session_id"
# A target after sign-in: a path on this site, in printable ASCII without spaces or
# backslashes, not starting "//" (which browsers read as another host). Browsers drop
# tabs and newlines inside URLs and read a backslash as "/", so those are refused too.
LOCAL_PATH = re.compile(r"/(?![/\\])[!-\[\]-~]*")

blueprint = Blueprint("auth", __name__, url_prefix="/<lang>")

View = TypeVar("View", bound=Callable[..., Any])


def _session_limits() -> SessionLimits:
    settings = state().settings
    return SessionLimits(idle=settings.session_idle_timeout, absolute=settings.session_lifetime)


def _now() -> datetime:
    return state().settings.clock()


def _load_signed_in_user() -> None:
    g.user = None
    session_id = session.get(SESSION_KEY)
    if not isinstance(session_id, str):
        return
    database = db()
    user = session_user(database, session_id, _now(), _session_limits())
    if database.dirty:
        commit()  # the last-seen time moved, or a time-out ended the session
    if user is None:
        session.pop(SESSION_KEY)
        return
    g.user = user


def viewer() -> visibility.Viewer:
    """Who is looking at this request's page: the signed-in role, or the public."""
    user = g.get("user")
    return visibility.for_role(user.role if user is not None else None)


def start_session(user: User) -> None:
    """A fresh session id for this browser (never reuse one from before the sign-in; a
    session this browser still had is ended); the caller commits."""
    previous = session.get(SESSION_KEY)
    if isinstance(previous, str):
        end_session(db(), previous, _now(), "sign-out")
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = open_session(db(), user, _now())


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an absolute or scheme-relative URL (open redirect)."""
    if target and LOCAL_PATH.fullmatch(target):
        return target
    return None


def role_required(*roles: str) -> Callable[[View], View]:
    """No sign-in: redirect to the sign-in page (then back). Signed in with another role: 403.

    With no roles given, any signed-in user may enter.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            user = g.get("user")
            if user is None:
                target = request.full_path if request.method == "GET" else request.path
                target = iri_to_uri(target.rstrip("?"))  # ASCII, as safe_next wants it
                return redirect(url_for("auth.sign_in", next=target))
            if roles and user.role not in roles:
                abort(403)
            response: ResponseReturnValue = view(*args, **kwargs)
            return response

        return guarded  # type: ignore[return-value]

    return decorator


def _refusal_text(refusal: PlannerError) -> str:
    if isinstance(refusal, SignInThrottled):
        return gettext(
            "Too many failed sign-ins. Try again in %(seconds)s seconds.", seconds=refusal.seconds
        )
    if refusal.field == "username":
        return gettext("This account is disabled.")
    return gettext("Wrong username or password.")


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    form = SignInForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        username = form.username.data or ""
        sign_in_context = Context(actor=username, clock=state().settings.clock)
        try:
            password = form.password.data or ""
            user = authenticate(db(), sign_in_context, username, password, request.remote_addr)
        except PlannerError as refusal:
            commit()  # the failure count and its audit entry must survive the refusal
            status = show_error(form, refusal, _refusal_text(refusal))
            headers = _retry_after(refusal)
        else:
            start_session(user)
            commit()
            flash(gettext("Signed in as %(name)s.", name=user.display_name))
            return redirect(safe_next(request.args.get("next")) or url_for("portal.index"))
    return render_template("web/auth/sign_in.html", form=form), status, headers


def _retry_after(refusal: PlannerError) -> dict[str, str]:
    return {"Retry-After": str(refusal.seconds)} if isinstance(refusal, SignInThrottled) else {}


@blueprint.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    session_id = session.get(SESSION_KEY)
    if isinstance(session_id, str):
        end_session(db(), session_id, _now(), "sign-out")
        commit()
    session.clear()
    flash(gettext("Signed out."))
    return redirect(url_for("portal.index"))


@blueprint.post("/account/sign-out-everywhere")
@role_required()
def sign_out_all() -> ResponseReturnValue:
    """End every session of the signed-in user, this one included (a lost or shared device)."""
    ended = sign_out_everywhere(db(), context(), g.user.username)
    commit()
    session.clear()
    flash(gettext("Signed out on every device (%(count)s sessions).", count=ended))
    return redirect(url_for("portal.index"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@role_required()
def password() -> ResponseReturnValue:
    """Change one's own password: the current one is checked like a sign-in (and throttled)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        username = g.user.username
        if form.new_password.data != form.confirm_password.data:
            mismatch = ValidationError(field="confirm_password", code="password.mismatch")
            return _password_page(form, show_error(form, mismatch, gettext("Does not match.")))
        try:
            current = form.current_password.data or ""
            authenticate(db(), context(), username, current, request.remote_addr)
        except PlannerError as refusal:
            commit()  # a wrong current password counts as a failed sign-in
            text = _refusal_text(refusal) if isinstance(refusal, SignInThrottled) else None
            text = text or gettext("Wrong password.")
            status = show_error(form, refusal, text, "current_password")
            return _password_page(form, status, _retry_after(refusal))
        try:
            user = change_password(db(), context(), username, form.new_password.data or "")
        except PlannerError as refusal:
            return _password_page(form, show_error(form, refusal, field_name="new_password"))
        start_session(user)  # every session ended with the old password; this browser continues
        commit()
        flash(gettext("Password changed."))
        return redirect(url_for("auth.password"))
    return _password_page(form, 200)


def _password_page(
    form: PasswordChangeForm, status: int, headers: dict[str, str] | None = None
) -> ResponseReturnValue:
    page = render_template("web/auth/password.html", form=form)
    return page, status, headers or {}


def init_app(app: Flask, settings: Settings) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = settings.session_lifetime
    # The server ends sessions (idle and absolute limits), so the cookie need not be sent
    # again on every answer; sent again, a slow answer (the schedule form's live preview)
    # could put back the cookie from before a save and lose the save's message.
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    app.before_request(_load_signed_in_user)
    app.context_processor(lambda: {"current_user": g.get("user")})
