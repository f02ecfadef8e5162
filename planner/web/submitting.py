"""The one way a page applies a form's change: refused -> rolled back and shown, else committed.

Every POST view that changes data hands its operation to :func:`submit`, so that no view
can forget the rollback before re-rendering a refused form (the page then reads the
database as it was) or commit twice; :func:`saved` is the usual answer to a success:
flash what was done, then redirect (so that reloading the page does not post again).
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from flask import flash, redirect
from flask.typing import ResponseReturnValue

from planner.errors import PlannerError
from planner.web.database import commit, db
from planner.web.workspace import warn

Result = TypeVar("Result")


def submit(
    change: Callable[[], Result],
    refused: Callable[[PlannerError], ResponseReturnValue],
    done: Callable[[Result], ResponseReturnValue],
) -> ResponseReturnValue:
    """Run ``change``: refused -> roll back, ``refused(refusal)``; else commit, ``done(result)``."""
    try:
        result = change()
    except PlannerError as refusal:
        db().rollback()
        return refused(refusal)
    commit()
    return done(result)


def saved(message: str, location: str, warnings: Iterable[str] = ()) -> ResponseReturnValue:
    """Tell what was saved (and what to look at: clashes), then go to ``location``."""
    flash(message)
    warn(list(warnings))
    return redirect(location)
