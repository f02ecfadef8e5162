"""Form handling shared by every page that changes data.

Forms are Flask-WTF forms: CSRF-protected (``CSRFProtect`` also refuses any other
state-changing request without a valid token, with 400, before a view runs), with
no validators of their own: the domain operations validate, exactly as for the CLI,
and :func:`show_error` puts a refusal next to the field it names.
"""

from typing import TYPE_CHECKING, Any

from wtforms import Field, Form, PasswordField, StringField

from planner.errors import PlannerError
from planner.web.errors import refusal_text
from planner.web.localization import locale

if TYPE_CHECKING:
    from markupsafe import Markup

    class FlaskForm(Form):
        """What the pages use of Flask-WTF's ``FlaskForm``: Flask-WTF ships no type hints
        (no ``py.typed``, no stub package), while the ``wtforms.Form`` it extends has them."""

        _prefix: str  # wtforms keeps the prefix given, with its separator

        def validate_on_submit(self, extra_validators: Any = None) -> bool: ...

        def hidden_tag(self, *fields: Any) -> Markup: ...
else:
    from flask_wtf import FlaskForm


def show_error(
    form: FlaskForm, error: PlannerError, message: str | None = None, field_name: str | None = None
) -> int:
    """Attach the refusal to its field (or to the form) and return the HTTP status to answer.

    The refusal is rendered in the page's language (next to its field, or after the field's
    name above the form); ``message`` replaces it (a page's own text), ``field_name`` the field
    it names when the form calls it differently.
    """
    name = field_name or error.field
    field = getattr(form, name, None) if name else None
    if isinstance(field, Field):
        field.errors = [*field.errors, message or error.text(locale())]
    else:
        form.form_errors.append(message or refusal_text(error))
    return error.http_status


class SignInForm(FlaskForm):
    username = StringField()
    password = PasswordField()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField()
    new_password = PasswordField()
    confirm_password = PasswordField()


class ContactForm(FlaskForm):
    name = StringField()
    title = StringField()
    email = StringField()
    party = StringField()
