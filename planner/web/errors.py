"""Refusals and HTTP errors as pages in the request's language, with the signed-in header.

A :class:`PlannerError` escaping a view becomes its 4xx status with the message (and
the request's session is rolled back when the request ends, so nothing is saved).
A view with a form catches the refusal itself to show it next to the field. An
unexpected exception is logged with its traceback and answered with a plain 500 page
that shows none of it.
"""

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from planner.errors import PlannerError
from planner.finance.importing import MAX_BYTES, MAX_ROWS
from planner.refusals import FIELD_NAMES
from planner.web.localization import gettext, locale, localized_number


def _page(
    status: int, title: str, message: str, headers: list[tuple[str, str]] | None = None
) -> ResponseReturnValue:
    body = render_template("web/error.html", status=status, title=title, message=message)
    return body, status, headers or []


def refusal_text(error: PlannerError) -> str:
    """The refusal in the page's language, after the name of the field it concerns."""
    reason = error.text(locale())
    if not error.field:
        return reason
    field = gettext(FIELD_NAMES[error.field]) if error.field in FIELD_NAMES else error.field
    return gettext("%(field)s: %(reason)s", field=field, reason=reason)


def too_large_text() -> str:
    return gettext(
        "The upload is larger than this site accepts. An import file may have at most "
        "%(megabytes)s MB and %(rows)s rows; split a larger file and import the parts.",
        megabytes=localized_number(MAX_BYTES // 2**20),
        rows=localized_number(MAX_ROWS),
    )


def _texts(code: int) -> tuple[str, str] | None:
    """The translated title and message of an HTTP error page."""
    if code == 400:
        return gettext("Bad request"), gettext("The request could not be understood.")
    if code == 403:
        return gettext("Not allowed"), gettext("Your role does not give access to this page.")
    if code == 404:
        return gettext("Not found"), gettext("There is no page at this address.")
    if code == 405:
        return gettext("Method not allowed"), gettext("This address does not take that request.")
    if code == 413:
        return gettext("Too large"), too_large_text()
    if code == 429:
        return gettext("Too many requests"), gettext("Wait a moment before trying again.")
    if code == 500:
        return _server_error_texts()
    return None


def _server_error_texts() -> tuple[str, str]:
    return gettext("Something went wrong"), gettext(
        "The planner hit an unexpected error and saved nothing of this request. "
        "The error was logged; try again, or tell the site's administrator."
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(PlannerError)
    def refused(error: PlannerError) -> ResponseReturnValue:
        return _page(error.http_status, gettext("Refused"), refusal_text(error))

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError) -> ResponseReturnValue:
        message = gettext(
            "The form was stale or did not come from this site (%(reason)s). "
            "Nothing was saved; reload the page and try again.",
            reason=error.description,
        )
        return _page(400, gettext("Form refused"), message)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError) -> ResponseReturnValue:
        """Flask has logged the original exception (with traceback) before calling this;
        the request's database session is rolled back when the request ends."""
        return _page(500, *_server_error_texts())

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if error.code and error.code < 400:
            return error
        code = error.code or 500
        title, message = _texts(code) or (error.name, error.description or "")
        if code == 400 and error.description and error.description != type(error).description:
            message = error.description  # a view's own reason (e.g. a tampered upload)
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return _page(code, title, message, headers)  # keeps Allow (405), Retry-After (429)
