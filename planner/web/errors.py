"""Refusals and HTTP errors as pages in the request's language.

A :class:`PlannerError` escaping a view becomes its 4xx status with the message (and
the request's session is rolled back when the request ends, so nothing is saved).
A view with a form catches the refusal itself to show it next to the field.
"""

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from planner.errors import PlannerError
from planner.web.localization import gettext


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("web/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(PlannerError)
    def refused(error: PlannerError) -> ResponseReturnValue:
        return _page(error.http_status, gettext("Refused"), str(error))

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError) -> ResponseReturnValue:
        message = gettext(
            "The form was stale or did not come from this site (%(reason)s). "
            "Nothing was saved; reload the page and try again.",
            reason=error.description,
        )
        return _page(400, gettext("Form refused"), message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        if error.code and error.code < 400:
            return error
        titles = {
            403: gettext("Not allowed"),
            404: gettext("Not found"),
        }
        messages = {
            403: gettext("Your role does not give access to this page."),
            404: gettext("There is no page at this address."),
        }
        code = error.code or 500
        body, status = _page(
            code, titles.get(code, error.name), messages.get(code, error.description or "")
        )
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return body, status, headers  # e.g. Allow on 405
