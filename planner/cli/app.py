"""The click application: global options, error handling and the unit of work.

Commands parse their options, open one session, call operations, commit once and
print. A refused operation prints ``error: ...`` on stderr and exits 1.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import click
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.audit import Context
from planner.db import ensure_migrated, make_engine, unit_of_work
from planner.errors import PlannerError
from planner.settings import Settings
from planner.visibility import ORGANIZER

# Whoever runs the CLI holds the database itself, so by default it reads as an organizer
# (everything); ``planner summary --viewer public`` writes the circulable version.
CLI_VIEWER = ORGANIZER


@dataclass
class CliState:
    settings: Settings

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @property
    def context(self) -> Context:
        return Context(actor=self.settings.actor, clock=self.settings.clock)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A migrated database's session, committed once when the command succeeds."""
        ensure_migrated(self.engine)
        with unit_of_work(self.engine) as session:
            yield session


pass_state = click.make_pass_decorator(CliState)


class PlannerGroup(click.Group):
    """Turns refusals into one ``error:`` line and exit status 1, anywhere below."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)
        except IntegrityError as error:
            # Checks run before writing, so this is a concurrent change that won the race;
            # the transaction was rolled back and nothing was saved.
            reason = str(error.orig).strip().splitlines()[0]
            click.echo(f"error: database: refused by a constraint ({reason})", err=True)
            ctx.exit(1)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)
