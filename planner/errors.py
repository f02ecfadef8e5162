"""Errors that refuse an operation.

Every refusal names the field at fault and the reason, so that the CLI can print
one ``error: ...`` line (exit 1) and the web can show the message next to the
field (HTTP 4xx). Anything else escaping an operation is a bug.
"""


class PlannerError(Exception):
    """An operation was refused; the database must be left as it was."""

    http_status = 400

    def __init__(self, message: str, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code  # lets a face add its own hint (a CLI flag) without the domain naming it

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


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
