"""Errors that refuse an operation.

Every refusal names the field at fault and the reason, so that the CLI can print
one ``error: ...`` line (exit 1) and the web can show the message next to the
field (HTTP 4xx). Anything else escaping an operation is a bug.

A refusal is data, not a sentence: a ``code`` (a key of :data:`planner.refusals.REFUSALS`),
the ``field`` and the parameters of the message. Each face renders it in its reader's
language with :meth:`PlannerError.text`; ``str(error)`` is the English form, for logs.
The domain never names a command-line flag: the CLI adds its own hint for the code or
field (``planner.cli.hints``). ``PlannerError("text", field, code=...)`` still works for a
message written in place, but a code that is not in the registry fails
``tests/test_refusals.py``, so every refusal ends up translatable.
"""

from datetime import date, datetime
from decimal import Decimal

from babel.lists import format_list
from babel.numbers import format_decimal

from planner.i18n import date_text, datetime_text, translations
from planner.refusals import REFUSALS

# Parameters that identify a record: shown as they are, not as a number with grouping.
_IDENTIFIER_PARAMETERS = frozenset({"id", "number", "nomination", "pledge", "meeting"})


class PlannerError(Exception):
    """An operation was refused; the database must be left as it was."""

    http_status = 400

    def __init__(
        self,
        message: str | None = None,
        field: str | None = None,
        code: str | None = None,
        **params: object,
    ):
        self.field = field
        self.code = code  # which message (and which CLI hint) this refusal is
        self.params = params
        self.message = message if message is not None else self.text()
        super().__init__(self.message)

    def text(self, locale: str | None = None) -> str:
        """The reason in ``locale`` (its catalog, its numbers, dates and lists); without a
        locale, the plain English form that logs and the English CLI show (ISO dates)."""
        template = REFUSALS.get(self.code or "")
        if template is None:
            return self.message  # a message written in place (caught by the registry test)
        catalog = translations(locale or "en")
        if isinstance(template, tuple):
            count = self.params.get("count")
            translated = catalog.ngettext(*template, count if isinstance(count, int) else 2)
        else:
            translated = catalog.gettext(template)
        values = {name: _parameter(name, value, locale) for name, value in self.params.items()}
        return translated % values

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _parameter(name: str, value: object, locale: str | None) -> object:
    """A message parameter as the reader's language writes it."""
    language = locale or "en"
    if isinstance(value, list | tuple):
        return format_list([str(item) for item in value], style="or", locale=language)
    if name in _IDENTIFIER_PARAMETERS or isinstance(value, str | bool):
        return value
    if isinstance(value, int):
        return format_decimal(value, locale=language)
    if locale is None:
        return value  # dates in ISO form and amounts as given, as the CLI takes them
    if isinstance(value, datetime):
        return datetime_text(value, language, "medium")
    if isinstance(value, date):
        return date_text(value, language, "medium")
    if isinstance(value, Decimal):
        return format_decimal(value, locale=language)
    return value


class ValidationError(PlannerError):
    """The input itself is wrong (format, range, unknown value)."""

    http_status = 422


class NotFound(PlannerError):
    """A referenced record does not exist."""

    http_status = 404


class Conflict(PlannerError):
    """The input is well-formed but clashes with what is stored (duplicate, wrong state)."""

    http_status = 409


class TooLarge(PlannerError):
    """The input is beyond a documented size limit (an import's bytes or rows)."""

    http_status = 413
