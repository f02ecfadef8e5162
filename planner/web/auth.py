"""Signing in and out, the signed-in user of a request, and the role check for views.

A sign-in is a signed, HttpOnly, SameSite=Lax cookie holding the user's id and a
stamp derived from the password hash: changing the password (or disabling the
account) ends every other session without any server-side session store.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import TypeVar

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

from planner import visibility
from planner.audit import Context
from planner.errors import PlannerError, ValidationError
from planner.users.models import ROLES, User
from planner.users.operations import SignInThrottled, authenticate, change_password
from planner.web.database import commit, context, db, state
from planner.web.forms import PasswordChangeForm, SignInForm, show_error
from planner.web.localization import gettext

SESSION_LIFETIME = timedelta(hours=12)

blueprint = Blueprint("auth", __name__, url_prefix="/<lang>")

View = TypeVar("View", bound=Callable)


def credentials_stamp(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def _load_signed_in_user() -> None:
    user_id = session.get("user_id")
    g.user = None
    if user_id is None:
        return
    user = db().get(User, user_id)
    if user is None or user.disabled or session.get("stamp") != credentials_stamp(user):
        session.clear()
        return
    g.user = user


def viewer() -> visibility.Viewer:
    """Who is looking at this request's page: the signed-in role, or the public."""
    user = g.get("user")
    return visibility.for_role(user.role if user is not None else None)


def start_session(user: User) -> None:
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    session["stamp"] = credentials_stamp(user)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an absolute or scheme-relative URL (open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
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
        def guarded(*args, **kwargs):
            user = g.get("user")
            if user is None:
                target = request.full_path if request.method == "GET" else request.path
                return redirect(url_for("auth.sign_in", next=target.rstrip("?")))
            if roles and user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorator


def _refusal_text(refusal: PlannerError) -> str:
    if isinstance(refusal, SignInThrottled):
        seconds = max(1, round(refusal.wait.total_seconds()))
        return gettext(
            "Too many failed sign-ins. Try again in %(seconds)s seconds.", seconds=seconds
        )
    if refusal.field == "username":
        return gettext("This account is disabled.")
    return gettext("Wrong username or password.")


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        username = form.username.data or ""
        sign_in_context = Context(actor=username, clock=state().settings.clock)
        try:
            user = authenticate(db(), sign_in_context, username, form.password.data or "")
        except PlannerError as refusal:
            commit()  # the failure counter must survive the refusal
            status = show_error(form, refusal, _refusal_text(refusal))
        else:
            commit()
            start_session(user)
            flash(gettext("Signed in as %(name)s.", name=user.display_name))
            return redirect(safe_next(request.args.get("next")) or url_for("portal.index"))
    return render_template("web/auth/sign_in.html", form=form), status


@blueprint.post("/sign-out")
def sign_out():
    session.clear()
    flash(gettext("Signed out."))
    return redirect(url_for("portal.index"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@role_required()
def password():
    """Change one's own password: the current one is checked like a sign-in (and throttled)."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        username = g.user.username
        if form.new_password.data != form.confirm_password.data:
            mismatch = ValidationError("does not match the new password", "confirm_password")
            return _password_page(form, show_error(form, mismatch, gettext("Does not match.")))
        try:
            authenticate(db(), context(), username, form.current_password.data or "")
        except PlannerError as refusal:
            commit()  # a wrong current password counts as a failed sign-in
            text = _refusal_text(refusal) if isinstance(refusal, SignInThrottled) else None
            text = text or gettext("Wrong password.")
            return _password_page(form, show_error(form, refusal, text, "current_password"))
        try:
            user = change_password(db(), context(), username, form.new_password.data or "")
        except PlannerError as refusal:
            return _password_page(form, show_error(form, refusal, field_name="new_password"))
        commit()
        start_session(user)
        flash(gettext("Password changed."))
        return redirect(url_for("auth.password"))
    return _password_page(form, 200)


def _password_page(form: PasswordChangeForm, status: int):
    return render_template("web/auth/password.html", form=form), status


def init_app(app: Flask) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = SESSION_LIFETIME
    app.before_request(_load_signed_in_user)
    app.context_processor(lambda: {"current_user": g.get("user")})
